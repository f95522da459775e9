"""Gunicorn settings for Newsroom, every value overridable from the environment.

Used by `make serve` (`gunicorn -c gunicorn.conf.py newsroom.wsgi:application`) and
meant to be the same file in production; see .env.example for the variables.
"""

import os

from newsroom.env import load_env_file

# .env first, as for the app itself (the environment wins): HOST, PORT and GUNICORN_* may live there.
load_env_file()


def _env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def _cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _bind():
    if os.environ.get("GUNICORN_BIND"):
        return [item.strip() for item in os.environ["GUNICORN_BIND"].split(",") if item.strip()]
    host = os.environ.get("HOST", "") or "127.0.0.1"
    port = os.environ.get("PORT", "") or "8000"
    if ":" in host and not host.startswith("["):  # a bare IPv6 address
        host = f"[{host}]"
    return [f"{host}:{port}"]


bind = _bind()

# (2 x CPUs) + 1, capped: each worker holds its own DB connections and memory.
workers = _env_int("WEB_CONCURRENCY", min(2 * _cpu_count() + 1, 8))

# gthread with 4 threads per worker, chosen by measurement: wrk -t2 -c16 -d10s on loopback,
# 5 workers, PostgreSQL + Redis, 3,000 articles, 2 CPUs shared with other jobs (load 15-17,
# so the figures are noisy; two runs each, req/s):
#                                    gthread x4       sync
#   home, page-cache hit             681, 930         149, 445
#   article, page-cache hit          477, 456         230, 555
#   home, rendered (cache skipped)   8.3, 8.7         6.8, 4.0
#   article, rendered                13.0, 20.3       11.6, 13.0
# Rendered pages, where capacity matters, were faster with threads in every run: a render
# waits on PostgreSQL and a hit on Redis, and threads overlap those waits where a sync
# worker idles. gthread also keeps nginx's upstream connections alive; sync cannot.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
# Gunicorn silently turns `sync` into `gthread` when threads > 1, so keep sync single-threaded.
threads = _env_int("GUNICORN_THREADS", 4) if worker_class != "sync" else 1

timeout = 30
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200

# Logs go to stdout/stderr for the process manager to collect. The application already
# writes one JSON line per request with its request id (newsroom/logging.py), so gunicorn's
# own access log is off unless GUNICORN_ACCESS_LOG names a file or "-" (stdout); its lines
# carry the same request_id when on.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# logfmt-style. The query string and the referrer are left out on purpose: on a medical
# site they can carry search terms and reading history that are health information.
access_log_format = (
    'remote=%(h)s method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s duration_ms=%(M)s '
    'request_id=%({x-request-id}o)s ua="%(a)s"'
)
# Share-preview tokens in paths are masked in every gunicorn log line (newsroom.logging.redact).
logger_class = "newsroom.gunicorn_logging.RedactingLogger"

# `kill -HUP <master pid>` (systemctl reload newsroom) starts new workers with fresh code and
# settings, then stops the old ones gracefully: no dropped requests. Hence no preload_app.

# Which proxies may set X-Forwarded-* (comma-separated IPs or CIDRs; "*" trusts anyone).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Gunicorn >= 25 opens a runtime control socket at one path per user by default, which two
# instances on one machine (say `make serve` and a benchmark) would fight over. Off unless
# a path is given.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
