"""Reading settings from the environment: an unset or empty variable gives the default."""

import os


def env_bool(name, default=False):
    """On for 1/true/yes/on (any case), off for anything else."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """A comma-separated list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default
