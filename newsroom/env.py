"""Reading settings from the environment, and the `.env` file beneath it.

Each entry point (manage.py, newsroom/wsgi.py and asgi.py, gunicorn.conf.py) calls
`load_env_file()` before anything reads a setting, so `.env` applies the same way to all
of them. A variable already set in the environment wins over the file.
"""

import os
from pathlib import Path

from dotenv import load_dotenv

DEFAULT_ENV_FILE = Path(__file__).resolve().parent.parent / ".env"
# Names the file to read instead; set but empty, none is read. The test settings empty it,
# so that a developer's .env changes nothing in the processes the suite starts.
ENV_FILE_VARIABLE = "NEWSROOM_ENV_FILE"


def load_env_file():
    """Add the .env file's variables to os.environ, below those already there; no file, nothing."""
    path = os.environ.get(ENV_FILE_VARIABLE, str(DEFAULT_ENV_FILE))
    if path:
        load_dotenv(path, override=False)


def env_bool(name, default=False):
    """On for 1/true/yes/on (any case), off for anything else; unset or empty gives the default."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """A comma-separated list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    """Unset or empty gives the default."""
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_float(name, default):
    """Unset or empty gives the default."""
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else default
