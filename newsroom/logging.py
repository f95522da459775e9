"""Structured logs: one JSON line per event, each tagged with its request's id.

RequestLogMiddleware (first in MIDDLEWARE) gives every request an id — the proxy's
X-Request-ID when it looks like one, else a new one — echoes it in the response's
X-Request-ID header and writes one line per request to the "newsroom.request" logger.
Every other log line written while the request runs carries the same id
(RequestIdFilter), so a warning can be traced to the request that caused it.

Query strings and referrers are never logged: on a medical site they can carry search
terms and reading history, which are health information. Tokens in paths are secrets: a
share-preview token (/preview/shared/<token>/, articles.preview) opens an unpublished story,
a newsletter token (/newsletter/confirm/<id>/<token>/, /newsletter/unsubscribe/<id>/<token>/,
newsletter.tokens) confirms or erases a subscription. They are masked in every line:
`redact()` is the one rule, applied to the request line here, to every record by
RedactSecretsFilter (LOGGING and deploy/gunicorn-logging.json), to gunicorn's access log
(newsroom.gunicorn_logging) and, with the same pattern, by nginx's log format.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.utils.functional import empty

REQUEST_ID_HEADER = "X-Request-ID"
# Read straight from META: request.headers would build a mapping of every header on each request.
REQUEST_ID_META = "HTTP_" + REQUEST_ID_HEADER.upper().replace("-", "_")
# What we accept from a proxy: short, printable, no spaces or quotes (no log injection).
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{8,128}$")

# The paths that carry a secret token; nginx's $newsroom_log_uri map masks the same ones.
SECRET_PATH_PREFIXES = ("/preview/shared/", "/newsletter/confirm/", "/newsletter/unsubscribe/")
_SECRET_PATH = re.compile("|".join(map(re.escape, SECRET_PATH_PREFIXES)))
# The token: the segment after /preview/shared/, or after the subscriber's id in a newsletter
# link, up to the next slash, space or quote.
SECRET_TOKEN = re.compile(r"(/preview/shared/|/newsletter/(?:confirm|unsubscribe)/[^/\s\"'?#]*/)[^/\s\"'?#]+")
REDACTED = r"\1[redacted]"

_request_id = contextvars.ContextVar("request_id", default="-")
request_logger = logging.getLogger("newsroom.request")

# Built once: json.dumps with options builds a new encoder for every line.
_json = json.JSONEncoder(default=str, ensure_ascii=False)
# LogRecord attributes that are not "extra" fields.
_STANDARD_ATTRS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


def carries_secret(text):
    return _SECRET_PATH.search(text) is not None


def redact(text):
    """`text` with every secret token in a path (share preview, newsletter link) replaced by "[redacted]"."""
    return SECRET_TOKEN.sub(REDACTED, text) if carries_secret(text) else text


class RedactSecretsFilter(logging.Filter):
    """Masks secret tokens in a record's message, its string extra fields and its traceback."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call: leave it for the handler to report
            return True
        if carries_secret(message):
            record.msg, record.args = redact(message), ()
        for name, value in list(record.__dict__.items()):
            if name not in _STANDARD_ATTRS and isinstance(value, str) and carries_secret(value):
                setattr(record, name, redact(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (the current request's, or "-")."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


class JSONFormatter(logging.Formatter):
    """{"ts", "level", "logger", "msg", "request_id", extra fields..., "exc"} on one line."""

    def format(self, record):
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", _request_id.get()),
        }
        for name, value in record.__dict__.items():
            if name not in _STANDARD_ATTRS and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            # A filter may have stored the traceback's text already (RedactSecretsFilter does).
            entry["exc"] = record.exc_text or self.formatException(record.exc_info)
        return _json.encode(entry)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supplied = request.META.get(REQUEST_ID_META, "")
        request_id = supplied if SANE_REQUEST_ID.match(supplied) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response.headers[REQUEST_ID_HEADER] = request_id
            self.log(request, response, started)
            return response
        finally:
            _request_id.reset(token)

    @staticmethod
    def log(request, response, started):
        status = response.status_code
        level = logging.ERROR if status >= 500 else logging.INFO
        if not request_logger.isEnabledFor(level):
            return
        # An unevaluated lazy user means nobody asked: not signed in as far as the page knew.
        user = getattr(request, "user", None)
        user = getattr(user, "_wrapped", user)
        request_logger.log(
            level,
            "%s %s %s",
            request.method,
            redact(request.path),
            status,
            extra={
                "method": request.method,
                "path": redact(request.path),
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "bytes": None if response.streaming else len(response.content),
                "cache": response.get("X-Page-Cache", "-"),
                # Only whether someone was signed in, never who: reading the session for
                # anonymous readers would cost a query for nothing.
                "signed_in": bool(user is not None and user is not empty and user.is_authenticated),
                "remote": request.META.get("REMOTE_ADDR", ""),
            },
        )
