"""The servers the benchmark compares, started the same way: the bare Django project, the site
as served (production settings) and the site cold (bench.cold_settings).

Every one runs under gunicorn with the same flags (GUNICORN_FLAGS) and `-c` pointing at an
empty config file: without `-c`, gunicorn reads ./gunicorn.conf.py from its working
directory, which would give one side the site's threads and worker recycling. Only one of
them runs at a time, on the benchmark port.
"""

import ast
import os
from pathlib import Path

from bench.common import HOST, ROOT, Server

EMPTY_CONFIG = ROOT / "bench" / "gunicorn-empty.conf.py"
GUNICORN_FLAGS = ["-w", "2", "-k", "sync", "--threads", "1", "--no-control-socket", "--log-level", "warning"]

# name: (WSGI application, DJANGO_SETTINGS_MODULE, the path that says it is ready)
TARGETS = {
    "bare": ("bench.bare.wsgi:application", "bench.bare.settings", "/"),
    "site": ("newsroom.wsgi:application", "newsroom.settings", "/healthz"),
    "cold": ("newsroom.wsgi:application", "bench.cold_settings", "/healthz"),
}


class NotEmptyConfig(RuntimeError):
    pass


def check_empty_config(path=EMPTY_CONFIG):
    """`path` if it sets nothing (comments only); raises NotEmptyConfig otherwise."""
    text = Path(path).read_text()
    if ast.parse(text).body:
        raise NotEmptyConfig(f"{path} must stay empty: every gunicorn setting goes on the command line")
    return Path(path)


def gunicorn_args(app, port, config=EMPTY_CONFIG):
    """The command line after the gunicorn binary: the same for every target but the application."""
    return ["-c", str(check_empty_config(config)), *GUNICORN_FLAGS, "-b", f"{HOST}:{port}", app]


def server(target, env, *, port, log_dir):
    """A Server (bench.common) for one of TARGETS under `env` (the harness' production environment)."""
    app, settings_module, ready_path = TARGETS[target]
    env = dict(env, DJANGO_SETTINGS_MODULE=settings_module)
    env.pop("GUNICORN_CMD_ARGS", None)  # gunicorn would add these to one side's flags
    return Server(
        env,
        port=port,
        log_path=Path(log_dir) / f"gunicorn-{target}.log",
        ready_path=ready_path,
        args=gunicorn_args(app, port),
    )


# --- CPU time of the server's processes ----------------------------------------------------


def cpu_seconds_from_stat(text, ticks_per_second):
    """User + system CPU seconds from the text of /proc/<pid>/stat."""
    # The command name (field 2) may hold spaces and parentheses: count fields after its ')'.
    fields = text[text.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / ticks_per_second


def cpu_seconds(pids):
    """CPU seconds used so far by these processes (those that exited in between count nothing)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            total += cpu_seconds_from_stat(Path(f"/proc/{pid}/stat").read_text(), ticks)
        except (OSError, ValueError):
            continue
    return total


def server_pids(running):
    """The gunicorn master and its workers."""
    return [running.process.pid, *running.workers()]
