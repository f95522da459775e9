"""The Redis cache degrades to "no cache": a Redis that is down or slow never costs a page."""

import logging
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

from newsroom.cache import ResilientRedisCache
from tests.support.factories import make_article

CLOSED_PORT = 1
REDIS_URL = "redis://127.0.0.1:6379/15"  # db 15: never the one a local site uses


def resilient(location, **options):
    options = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2, "WARN_INTERVAL": 60, **options}
    cache = ResilientRedisCache(location, {"OPTIONS": options, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    cache.reset_outage()
    return cache


@pytest.fixture
def blackhole():
    """A TCP port that accepts connections and never answers: a Redis that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()


@pytest.fixture
def real_redis():
    cache = resilient(REDIS_URL)
    probe = cache.get_or_set("probe", "yes")
    if probe != "yes":
        if os.environ.get("NEWSROOM_REQUIRE_REDIS"):
            pytest.fail("Redis is not reachable on 127.0.0.1:6379, and NEWSROOM_REQUIRE_REDIS is set (CI)")
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    yield cache
    cache.delete("probe")


def test_a_down_redis_reads_as_a_miss_and_writes_as_a_no_op():
    cache = resilient(f"redis://127.0.0.1:{CLOSED_PORT}/0")
    assert cache.get("page", "missing") == "missing"
    assert cache.set("page", "html") is None
    assert cache.add("page", "html") is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("page") is False
    assert cache.has_key("page") is False
    with pytest.raises(ValueError):
        cache.incr("counter")


def test_a_hanging_redis_costs_one_timeout_then_is_skipped(blackhole):
    cache = resilient(blackhole, RETRY_AFTER=30)

    started = time.monotonic()
    assert cache.get("page") is None
    first = time.monotonic() - started

    started = time.monotonic()
    for _ in range(20):
        assert cache.get("page") is None
    skipped = time.monotonic() - started

    assert first >= 0.15  # it did wait for the socket timeout once...
    assert skipped < 0.1  # ...and then not again while the breaker is open
    assert cache.available is False


def test_an_outage_is_logged_once_not_once_per_call(caplog):
    cache = resilient(f"redis://127.0.0.1:{CLOSED_PORT}/0", RETRY_AFTER=0)
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        for _ in range(5):
            cache.get("page")
    warnings = [record for record in caplog.records if record.name == "newsroom.cache"]
    assert len(warnings) == 1
    assert "Redis cache unavailable" in warnings[0].getMessage()


def test_a_working_redis_behaves_like_djangos(real_redis):
    real_redis.set("page", {"html": "<p>hi</p>"}, 30)
    assert real_redis.get("page") == {"html": "<p>hi</p>"}
    assert real_redis.incr(real_redis.get_or_set("n", 1) and "n") == 2
    real_redis.delete_many(["page", "n"])
    assert real_redis.get("page") is None


@pytest.mark.django_db
def test_the_site_keeps_serving_when_redis_is_down(client):
    story = make_article("Salt and the heart")
    down = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=down):
        caches["default"].reset_outage()
        home = client.get("/")
        article = client.get(story.get_absolute_url())
        again = client.get("/")
    assert home.status_code == article.status_code == again.status_code == 200
    assert "Salt and the heart" in home.content.decode()
    assert "X-Page-Cache" not in again  # rendered, not cached
    assert again["Cache-Control"].startswith("public")


@pytest.mark.django_db
def test_pages_are_cached_and_invalidated_through_a_real_redis(client, real_redis):
    shared = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": real_redis.key_prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    story = make_article("Salt and the heart")
    with override_settings(CACHES=shared):
        client.get("/")
        assert client.get("/")["X-Page-Cache"] == "hit"
        story.title = "Salt, revisited"
        story.save()
        assert "Salt, revisited" in client.get("/").content.decode()
        caches["default"].clear()


CACHED_PAGES_WITHOUT_A_DATABASE = """
import django, os, sys
django.setup()
from django.core.management import call_command
from django.db import connection
from django.test import Client
from tests.support.factories import make_article
from articles import changes
from newsroom import pagecache

call_command("migrate", verbosity=0)
make_article("Salt and the heart")
client = Client()
client.get("/")
assert client.get("/")["X-Page-Cache"] == "hit"

connection.close()
os.remove(sys.argv[1])  # the database is gone: every query now fails
pagecache.page_cache().delete(changes.NEXT_PUBLICATION_KEY)  # even this lookup must not fail
response = client.get("/")
print(response.status_code, response.get("X-Page-Cache"), b"Salt and the heart" in response.content)
"""


@pytest.mark.slow
def test_cached_pages_are_still_served_when_the_database_is_gone(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings_test", "DATABASE_URL": f"sqlite:///{database}"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", CACHED_PAGES_WITHOUT_A_DATABASE, str(database)],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "200 hit True"


def test_one_redis_client_is_built_per_connection_pool_not_per_call():
    cache = resilient("redis://127.0.0.1:1/0")
    assert cache._cache.get_client() is cache._cache.get_client()
    assert cache._cache.get_client(write=True) is cache._cache.get_client()
