"""/healthz and /readyz, with the database or the cache really unreachable (nothing mocked)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
CLOSED_PORT = 1  # nothing listens on port 1 here: connections are refused at once

READYZ_IN_A_FRESH_PROCESS = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/readyz")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def readyz_with_database(database_url):
    """Ask /readyz in a new process whose settings point at `database_url`."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings_test", "DATABASE_URL": database_url}
    env.pop("DATABASE_REPLICA_URL", None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", READYZ_IN_A_FRESH_PROCESS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ready_with_a_migrated_database_and_a_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["database"]["ok"] is True
    assert body["cache"]["ok"] is True


@pytest.mark.slow
def test_readyz_is_unavailable_when_postgresql_is_unreachable():
    result = readyz_with_database(f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/nr_production")
    assert result["status"] == 503
    assert result["body"]["status"] == "unavailable"
    assert result["body"]["database"]["ok"] is False
    assert result["body"]["database"]["error"] == "OperationalError"


@pytest.mark.slow
def test_readyz_is_unavailable_when_the_sqlite_file_cannot_be_opened(tmp_path):
    result = readyz_with_database(f"sqlite:///{tmp_path}/no-such-directory/db.sqlite3")
    assert result["status"] == 503
    assert result["body"]["database"]["ok"] is False


@pytest.mark.slow
def test_readyz_is_unavailable_until_migrations_are_applied(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    result = readyz_with_database(f"sqlite:///{empty}")
    assert result["status"] == 503
    assert result["body"]["database"]["error"] == "unapplied migrations"
    assert result["body"]["database"]["pending_migrations"] > 0


@pytest.mark.parametrize(
    "backend", ["django.core.cache.backends.redis.RedisCache", "newsroom.cache.ResilientRedisCache"]
)
def test_readyz_reports_an_unreachable_cache_but_stays_ready(client, backend):
    unreachable = {
        "default": {
            "BACKEND": backend,
            "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["cache"]["ok"] is False
    assert body["cache"]["error"]
