"""Tokens never reach a log: the request log, every handler of LOGGING and of gunicorn, its access log.

Share-preview tokens and the newsletter's confirm and unsubscribe tokens alike; the nginx access log masks them
too (tests/deploy/test_nginx.py).
"""

import io
import json
import logging
import logging.config
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from gunicorn.config import Config

from articles import preview
from newsletter import tokens
from newsletter.models import Subscriber
from newsroom.gunicorn_logging import RedactingLogger
from newsroom.logging import JSONFormatter, RedactSecretsFilter, redact
from tests.support.factories import ready_article

ROOT = Path(__file__).resolve().parents[2]
MASKED = "/preview/shared/[redacted]/"


@pytest.fixture
def token(db):
    return preview.make_share_token(ready_article("Embargoed trial results"))


def shared_path(token):
    return reverse("articles:preview_shared", kwargs={"token": token})


def test_redact_masks_the_token_and_nothing_else():
    assert redact("GET /preview/shared/eyJsaW5rIjoxfQ:1vR:abc-_/ 200") == f"GET {MASKED} 200"
    assert redact('"GET /preview/shared/abc:def HTTP/1.1"') == '"GET /preview/shared/[redacted] HTTP/1.1"'
    assert redact("/preview/12/ and /section/heart/") == "/preview/12/ and /section/heart/"


def test_redact_masks_newsletter_tokens_and_keeps_the_subscriber_id():
    assert redact("GET /newsletter/confirm/12/eyJmIjoid2Vla2x5In0:1vR:abc-_/ 200") == (
        "GET /newsletter/confirm/12/[redacted]/ 200"
    )
    assert redact('"GET /newsletter/unsubscribe/7/MTI:1vR:sig HTTP/1.1"') == (
        '"GET /newsletter/unsubscribe/7/[redacted] HTTP/1.1"'
    )
    assert redact("/newsletter/ and /newsletter/welcome/") == "/newsletter/ and /newsletter/welcome/"


@pytest.mark.django_db
def test_the_request_log_line_holds_no_newsletter_token(client, caplog):
    subscriber = Subscriber.objects.create(email="reader@example.org", frequency="weekly")
    links = [tokens.confirm_path(subscriber, frequency="weekly", section_ids=[]), tokens.unsubscribe_path(subscriber)]
    caplog.set_level(logging.INFO, logger="newsroom.request")
    for link in links:
        client.get(link)
    records = [r for r in caplog.records if r.name == "newsroom.request"]
    assert [r.path for r in records] == [
        f"/newsletter/confirm/{subscriber.pk}/[redacted]/",
        f"/newsletter/unsubscribe/{subscriber.pk}/[redacted]/",
    ]
    for record, link in zip(records, links, strict=True):
        secret = link.rstrip("/").rsplit("/", 1)[1]
        assert secret not in JSONFormatter().format(record)


@pytest.mark.django_db
@pytest.mark.parametrize("mangle", [lambda t: t, lambda t: t[:-2] + "xx"], ids=["open", "refused"])
def test_the_request_log_line_holds_no_token(client, caplog, token, mangle):
    caplog.set_level(logging.INFO, logger="newsroom.request")
    client.get(shared_path(mangle(token)))
    (record,) = [r for r in caplog.records if r.name == "newsroom.request"]
    assert record.path == MASKED
    assert record.getMessage().startswith(f"GET {MASKED} ")
    line = JSONFormatter().format(record)
    assert token not in line and MASKED in line


def handler_from(config, name, stream):
    """The handler `name` of a dictConfig as configured, writing to `stream`, without reconfiguring logging."""
    spec = config["handlers"][name]
    configurator = logging.config.DictConfigurator(config)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    for filter_name in spec.get("filters", []):
        handler.addFilter(configurator.configure_filter(dict(config["filters"][filter_name])))
    return handler


def log_through(handler, logger_name, token):
    logger = logging.getLogger(f"{logger_name}.redaction-test")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.error("Internal Server Error: %s", shared_path(token), extra={"path": shared_path(token)})
        try:
            raise ValueError(f"broken at {shared_path(token)}")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)


@pytest.mark.django_db
def test_every_handler_of_the_django_logging_config_masks_tokens(token):
    for name, spec in settings.LOGGING["handlers"].items():
        assert "redact" in spec.get("filters", []), name
        stream = io.StringIO()
        log_through(handler_from(settings.LOGGING, name, stream), "django.request", token)
        output = stream.getvalue()
        assert token not in output and "[redacted]" in output
        assert len([json.loads(line) for line in output.splitlines()]) == 2


@pytest.mark.django_db
def test_gunicorn_json_logging_config_masks_tokens(token):
    config = json.loads((ROOT / "deploy/gunicorn-logging.json").read_text())
    assert config["filters"]["redact"]["()"] == "newsroom.logging.RedactSecretsFilter"
    for name in config["handlers"]:
        stream = io.StringIO()
        log_through(handler_from(config, name, stream), "gunicorn.error", token)
        assert token not in stream.getvalue() and "[redacted]" in stream.getvalue()


@pytest.fixture
def shipped_gunicorn_config(monkeypatch):
    monkeypatch.setenv("NEWSROOM_ENV_FILE", "")
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


@pytest.mark.django_db
def test_gunicorns_access_log_masks_tokens(shipped_gunicorn_config, tmp_path, token):
    assert shipped_gunicorn_config["logger_class"] == "newsroom.gunicorn_logging.RedactingLogger"
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("access_log_format", shipped_gunicorn_config["access_log_format"])
    # Everything a format may name: the path, the request line, the raw URI, a header.
    cfg.set("access_log_format", cfg.access_log_format + ' r="%(r)s" raw="%({raw_uri}e)s" xo="%({x-orig}i)s"')
    logger = RedactingLogger(cfg)
    path = shared_path(token)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path, "SERVER_PROTOCOL": "HTTP/1.1",
               "REMOTE_ADDR": "203.0.113.9", "QUERY_STRING": ""}  # fmt: skip
    response = SimpleNamespace(status="200 OK", sent=12, headers=[("X-Request-ID", "abc")])
    request = SimpleNamespace(headers=[("X-ORIG", path)])
    logger.access(response, request, environ, timedelta(milliseconds=5))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = (tmp_path / "access.log").read_text()
    assert token not in line
    assert f'path="{MASKED}"' in line and f'raw="{MASKED}"' in line


def test_gunicorns_own_handlers_get_the_filter(tmp_path):
    cfg = Config()
    cfg.set("errorlog", str(tmp_path / "error.log"))
    logger = RedactingLogger(cfg)
    logger.error("Error handling request %s", "/preview/shared/secret-token/")
    for handler in logger.error_log.handlers:
        assert any(isinstance(f, RedactSecretsFilter) for f in handler.filters)
        handler.flush()
    text = (tmp_path / "error.log").read_text()
    assert "secret-token" not in text and MASKED in text
