"""Production settings: refusing to start without a secret, a clean deploy check, .env, request ids, replica routing."""

import json
import logging
import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path
from django.utils import timezone

from articles import changes
from newsroom import env as newsroom_env
from newsroom.db_router import PrimaryReplicaRouter, replica_reads
from newsroom.middleware import SIGNED_IN_COOKIE, signed_in_marker

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def run_in_production_mode(code, **env):
    """Run `code` in a new Python process with production settings and `env` on top."""
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"NEWSROOM_LOCAL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY", "SECRET_KEY", "SECURE_HSTS_PRELOAD"}
        and not key.startswith(("SECURE_", "BEHIND_PROXY", "SERVE_MEDIA"))
    }
    base.update(DJANGO_SETTINGS_MODULE="newsroom.settings", DJANGO_ALLOWED_HOSTS="example.org", **env)
    return subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, *code], cwd=BASE_DIR, env=base, capture_output=True, text=True, timeout=120
    )


SETUP = ["-c", "import django; django.setup()"]
# What gunicorn (and runserver) import: the web process.
SERVE = ["-c", "import newsroom.wsgi"]


@pytest.mark.slow
def test_refuses_to_start_without_a_secret_key():
    done = run_in_production_mode(SERVE)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "DJANGO_SECRET_KEY must be set" in done.stderr


@pytest.mark.slow
def test_the_asgi_entry_point_refuses_too():
    done = run_in_production_mode(["-c", "import newsroom.asgi"])
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in done.stderr


@pytest.mark.slow
def test_management_commands_that_sign_nothing_run_without_a_key():
    """A fresh checkout can check its migrations without inventing a secret."""
    done = run_in_production_mode(["manage.py", "makemigrations", "--check", "--dry-run"])
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "weak_key", ["short", "django-insecure-" + "x" * 40, "change-me-" + "y" * 40, "secret" + "z" * 40]
)
def test_refuses_to_start_with_a_short_or_placeholder_key(weak_key):
    done = run_in_production_mode(SERVE, DJANGO_SECRET_KEY=weak_key)
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in done.stderr


@pytest.mark.slow
def test_starts_with_a_long_random_key():
    done = run_in_production_mode(SERVE, DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_local_mode_starts_without_a_key_and_keeps_debug_off():
    code = ["-c", "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"]
    done = run_in_production_mode(code, NEWSROOM_LOCAL="1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.slow
def test_deploy_check_is_clean_with_production_values():
    done = run_in_production_mode(
        ["manage.py", "check", "--deploy"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/nr_production",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout + done.stderr
    assert "WARNINGS" not in done.stdout + done.stderr


@pytest.mark.slow
def test_production_settings_use_the_resilient_redis_cache_and_persistent_connections():
    code = [
        "-c",
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], s.DATABASES['default']['ENGINE'], "
        "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
        "s.DATABASES['replica']['HOST'], s.DATABASE_ROUTERS]))",
    ]
    done = run_in_production_mode(
        code,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/nr_production",
        DATABASE_REPLICA_URL="postgres://postgres@10.0.0.2:5432/nr_production",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert done.returncode == 0, done.stderr
    backend, engine, max_age, health_checks, replica_host, routers = json.loads(done.stdout.strip().splitlines()[-1])
    assert backend == "newsroom.cache.ResilientRedisCache"
    assert engine == "django.db.backends.postgresql"
    assert max_age == 60
    assert health_checks is True
    assert replica_host == "10.0.0.2"
    assert routers == ["newsroom.db_router.PrimaryReplicaRouter"]


# --- .env ------------------------------------------------------------------------------------

SHOW_SETTINGS = [
    "manage.py",
    "shell",
    "--no-imports",
    "-c",
    "from django.conf import settings as s; print(s.SITE_NAME, s.SITE_URL, s.PAGE_CACHE_SECONDS, sep='|')",
]


def shown_settings(done):
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1].split("|")


@pytest.fixture
def env_file(tmp_path):
    path = tmp_path / ".env"
    path.write_text("SITE_NAME=FromDotenv\nexport PAGE_CACHE_SECONDS=42\nSITE_URL='https://dotenv.example/'\n")
    return path


@pytest.mark.slow
def test_manage_py_uses_values_from_the_env_file(env_file):
    done = run_in_production_mode(SHOW_SETTINGS, NEWSROOM_ENV_FILE=str(env_file), NEWSROOM_LOCAL="1")
    assert shown_settings(done) == ["FromDotenv", "https://dotenv.example", "42"]


@pytest.mark.slow
def test_the_environment_wins_over_the_env_file(env_file):
    done = run_in_production_mode(
        SHOW_SETTINGS, NEWSROOM_ENV_FILE=str(env_file), NEWSROOM_LOCAL="1", SITE_NAME="FromShell", PAGE_CACHE_SECONDS=""
    )
    # Set, even empty, is set: the file does not fill it in.
    assert shown_settings(done) == ["FromShell", "https://dotenv.example", "300"]


@pytest.mark.slow
def test_a_missing_env_file_is_fine(tmp_path):
    done = run_in_production_mode(
        SHOW_SETTINGS, NEWSROOM_ENV_FILE=str(tmp_path / "none"), NEWSROOM_LOCAL="1", HOST="", PORT=""
    )
    assert shown_settings(done) == ["Newsroom Health", "http://127.0.0.1:8000", "300"]


@pytest.mark.slow
def test_the_web_process_reads_its_secret_from_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}\n")
    assert run_in_production_mode(SERVE, NEWSROOM_ENV_FILE=str(tmp_path / "none")).returncode != 0
    done = run_in_production_mode(SERVE, NEWSROOM_ENV_FILE=str(env_file))
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_gunicorn_reads_the_env_file_for_its_own_settings(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=8765\nWEB_CONCURRENCY=3\n")
    code = ["-c", "import runpy; ns = runpy.run_path('gunicorn.conf.py'); print(ns['bind'], ns['workers'])"]
    done = run_in_production_mode(code, NEWSROOM_ENV_FILE=str(env_file), HOST="", GUNICORN_BIND="")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "['127.0.0.1:8765'] 3"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("host", "expected"),
    [("", "http://127.0.0.1:9000"), ("::1", "http://[::1]:9000"), ("192.0.2.10", "http://192.0.2.10:9000")],
)
def test_local_mode_links_to_the_address_it_serves(tmp_path, host, expected):
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=9000\n")
    done = run_in_production_mode(SHOW_SETTINGS, NEWSROOM_ENV_FILE=str(env_file), NEWSROOM_LOCAL="1", HOST=host)
    assert shown_settings(done)[1] == expected


def test_the_test_settings_read_no_env_file_and_neither_do_the_processes_they_start():
    assert os.environ[newsroom_env.ENV_FILE_VARIABLE] == ""


def test_env_file_lines_load_below_the_environment(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("NEWSROOM_TEST_FROM_FILE=file\nNEWSROOM_TEST_SET=file\n")
    monkeypatch.setenv("NEWSROOM_TEST_FROM_FILE", "")
    monkeypatch.delenv("NEWSROOM_TEST_FROM_FILE")  # restored (removed) after the test
    monkeypatch.setenv("NEWSROOM_TEST_SET", "shell")
    monkeypatch.setattr(newsroom_env, "DEFAULT_ENV_FILE", env_file)

    newsroom_env.load_env_file()  # NEWSROOM_ENV_FILE is empty here: nothing is read
    assert "NEWSROOM_TEST_FROM_FILE" not in os.environ

    monkeypatch.delenv(newsroom_env.ENV_FILE_VARIABLE)  # unset: the default file is read
    newsroom_env.load_env_file()
    assert os.environ["NEWSROOM_TEST_FROM_FILE"] == "file"
    assert os.environ["NEWSROOM_TEST_SET"] == "shell"


# --- Read replica routing ---------------------------------------------------------------


REPLICA_DATABASES = {"default": {}, "replica": {}}


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_reads_go_to_the_primary_unless_a_reader_request_allows_the_replica():
    router = PrimaryReplicaRouter()
    with override_settings(DATABASES=REPLICA_DATABASES):
        assert router.db_for_read(None) == "default"
        with replica_reads():
            assert router.db_for_read(None) == "replica"
            assert router.db_for_write(None) == "default"
        assert router.db_for_read(None) == "default"


def test_without_a_replica_everything_uses_the_primary():
    router = PrimaryReplicaRouter()
    with replica_reads():
        assert router.db_for_read(None) == "default"


def replica_flag(request):
    """Says whether this request's reads may go to the replica."""
    from newsroom import db_router

    return HttpResponse(str(db_router._replica_allowed.get()))


urlpatterns = [path("flag/", replica_flag)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_readers_use_the_replica_except_right_after_a_change(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    # Generations made just now count as a change: nobody knows what the replica has yet.
    assert client.get("/flag/?page=1").content == b"False"

    time_machine.shift(timedelta(seconds=11))
    assert client.get("/flag/?page=2").content == b"True"

    changes.site_changed()
    assert client.get("/flag/?page=3").content == b"False"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_signed_in_users_and_writes_always_use_the_primary(client, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client.get("/flag/?page=1")
    time_machine.shift(timedelta(seconds=11))
    assert client.post("/flag/").content == b"False"
    # A session with the marker made for it at sign-in (a made-up session cookie alone is a stranger's).
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-signed-in-editor"
    client.cookies[SIGNED_IN_COOKIE] = signed_in_marker("a-signed-in-editor")
    assert client.get("/flag/").content == b"False"


def test_only_the_primary_is_migrated():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


# --- Request ids and structured logs ------------------------------------------------------


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


@pytest.mark.django_db
def test_a_proxys_request_id_is_passed_through(client, caplog):
    with caplog.at_level(logging.INFO, logger="newsroom.request"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="nginx-4f2a9c1e77")
    assert response["X-Request-ID"] == "nginx-4f2a9c1e77"
    (line,) = [record for record in caplog.records if record.name == "newsroom.request"]
    assert line.request_id == "nginx-4f2a9c1e77"
    assert line.status == 200
    assert line.path == "/healthz"


@pytest.mark.django_db
def test_an_insane_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID='bad id"\ninjected=1')
    assert response["X-Request-ID"] != 'bad id"\ninjected=1'
    assert len(response["X-Request-ID"]) == 32


def test_log_lines_are_one_json_object_each():
    from newsroom.logging import JSONFormatter

    record = logging.makeLogRecord(
        {"name": "newsroom.request", "levelname": "INFO", "msg": "GET %s", "args": ("/",), "request_id": "abc12345"}
    )
    record.status = 200
    line = JSONFormatter().format(record)
    assert "\n" not in line
    assert json.loads(line) | {"ts": None} == {
        "ts": None,
        "level": "INFO",
        "logger": "newsroom.request",
        "msg": "GET /",
        "request_id": "abc12345",
        "status": 200,
    }


def test_sqlite_keeps_its_connection_between_requests_and_waits_for_the_write_lock():
    """A worker's SQLite connection outlives a request as PostgreSQL's does: opening one costs a cold page
    milliseconds (the file, the WAL setting, the schema read again)."""
    from newsroom.settings import data

    database = data._primary_database("sqlite:////tmp/newsroom-settings-test.sqlite3")

    assert database["CONN_MAX_AGE"] == data._DB_CONN_MAX_AGE > 0
    assert database["OPTIONS"]["init_command"] == "PRAGMA journal_mode=WAL;"
    assert (database["OPTIONS"]["transaction_mode"], database["OPTIONS"]["timeout"]) == ("IMMEDIATE", 20)
