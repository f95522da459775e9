"""Start gunicorn with the production config for the benchmark and the drills, and wait until it answers."""

import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_gunicorn(*, python, env, log, ready, timeout=60):
    """Popen of `gunicorn -c gunicorn.conf.py` in its own session; returns once `ready()` is true.

    `ready` is a callable probing the server (an OSError counts as "not yet"); the process
    exiting early or `timeout` seconds passing raises RuntimeError naming the log.
    """
    gunicorn = Path(python).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
        [str(gunicorn), "-c", "gunicorn.conf.py", "newsroom.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log.name}")
        try:
            if ready():
                return process
        except OSError:
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"gunicorn did not answer in {timeout} s; see {log.name}")
