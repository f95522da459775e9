"""What the benchmark and the drills share: processes, a production-like environment, the
gunicorn server, a description of the machine and the results files.

Everything here runs on loopback against throwaway databases and cache databases that the
caller names; nothing touches the developer's own database or cache.
"""

import json
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# Variables of a developer's shell that would turn production settings into something else.
LOCAL_ONLY = {"NEWSROOM_LOCAL", "DJANGO_DEBUG", "BEHIND_PROXY", "SERVE_MEDIA", "CACHE_URL", "REDIS_URL"}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def python():
    """The interpreter for Django processes: the one running this module unless BENCH_PYTHON says otherwise."""
    return os.environ.get("BENCH_PYTHON") or sys.executable


def run(args, *, env, capture=False, timeout=None):
    """Run one of our own commands (never a shell) in the project folder; raise with its stderr on failure."""
    result = subprocess.run(  # noqa: S603
        args, cwd=ROOT, env=env, text=True, capture_output=capture, timeout=timeout, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or "")[-3000:] if capture else ""
        raise RuntimeError(f"{' '.join(map(str, args))} failed with exit {result.returncode}\n{detail}")
    return result.stdout if capture else None


def manage(env, *args, capture=False):
    return run([python(), "manage.py", *args], env=env, capture=capture)


def module_json(env, module, *args):
    """`python -m <module> [args]` under `env`: the JSON document it prints last."""
    out = run([python(), "-m", module, *map(str, args)], env=env, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def inproc(env, mode, *args):
    """`python -m bench.inproc <mode> [args]` under `env`: the JSON document it prints last."""
    return module_json(env, "bench.inproc", mode, *args)


def git(*args):
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603,S607
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def load_average():
    """Other jobs share the machine: the load average says how much CPU a run really had."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


# --- Environment and databases -------------------------------------------------------------


def django_env(*, db_url, redis_url, work, key_prefix, extra=None):
    """Production settings on loopback: DEBUG off, a fresh random key, the real cache, no TLS redirect.

    Static files, media and (without Redis) the file cache live under `work`.
    """
    env = {key: value for key, value in os.environ.items() if key not in LOCAL_ONLY}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost,testserver",
        SECURE_SSL_REDIRECT="0",  # plain http on loopback; everything else as deployed
        DATABASE_URL=db_url,
        CACHE_KEY_PREFIX=key_prefix,
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        LOG_LEVEL="WARNING",
        GUNICORN_LOG_LEVEL="warning",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env["CACHE_DIR"] = str(work / "cache")
    env.update(extra or {})
    return env


def recreate_postgres(url):
    """Drop and create the PostgreSQL database named by `url` (a benchmark or drill database only)."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise RuntimeError(f"Unexpected throwaway database name {name!r}")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return url


# --- The server -----------------------------------------------------------------------------


class Server:
    """gunicorn on HOST:port, in its own process group: by default the production config
    (gunicorn.conf.py) serving the site; `args` replaces everything after the gunicorn
    binary (the benchmark passes its own flags, bench.servers).

    start() returns once `ready_path` answers 200; stop() ends the whole group. Also a
    context manager.
    """

    def __init__(self, env, *, port, log_path, ready_path="/healthz", workers=None, timeout=60, args=None):
        self.env = dict(env, GUNICORN_BIND=f"{HOST}:{port}")
        if workers:
            self.env["WEB_CONCURRENCY"] = str(workers)
        self.args = args or ["-c", "gunicorn.conf.py", "newsroom.wsgi:application"]
        self.port = port
        self.log_path = Path(log_path)
        self.ready_path = ready_path
        self.timeout = timeout
        self.process = None
        self.log_file = None

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    def ready(self):
        connection = HTTPConnection(HOST, self.port, timeout=2)
        try:
            connection.request("GET", self.ready_path)
            return connection.getresponse().status == 200
        finally:
            connection.close()

    def start(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_file = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        gunicorn = Path(python()).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
            [str(gunicorn), *self.args],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log_path}")
            try:
                if self.ready():
                    log(f"gunicorn up on {HOST}:{self.port} (master pid {self.process.pid})")
                    return self
            except OSError:
                pass  # not listening yet
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer in {self.timeout} s; see {self.log_path}")

    def workers(self):
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout  # noqa: S603,S607
        return [int(pid) for pid in out.split()]

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.log_file:
            self.log_file.close()
            self.log_file = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --- Machine and results ----------------------------------------------------------------------


def _versions():
    versions = {}
    for name in ("django", "gunicorn"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        versions[name] = getattr(module, "__version__", "")
    try:
        out = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S603,S607
        versions["wrk"] = (out.stdout or out.stderr).splitlines()[0].strip()
    except (OSError, IndexError):
        pass
    return versions


def machine():
    """CPU, cores, memory, OS and the versions that shape the figures."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram_gb = round(kb / 1024 / 1024, 1)
    except (OSError, AttributeError):
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    return {
        "cpu": cpu,
        "cores": cores,
        "ram_gb": ram_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        **_versions(),
    }


def save_results(directory, stem, data, text=None):
    """<directory>/<stem>.json (and .txt when there is a text report); returns the JSON path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{stem}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    if text is not None:
        path.with_suffix(".txt").write_text(text)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    log(f"results: {shown}" + (" and .txt" if text is not None else ""))
    return path
