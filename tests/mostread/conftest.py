"""Views reach the shared cache at once in these tests, and no worker memory is left between them."""

import os
import uuid

import pytest
from django.core.cache import caches

from mostread import counting

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture(autouse=True)
def _views_flushed_at_once(settings):
    settings.MOST_READ_FLUSH_SECONDS = 0
    counting.pending.counts.clear()
    yield
    counting.pending.counts.clear()


@pytest.fixture
def reader(client):
    """A reader's browser: the test client with a browser's User-Agent."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


@pytest.fixture
def real_redis_cache(settings):
    """The default cache on a real Redis (db 15, a key prefix of its own); skips without one, fails in CI."""
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    cache = caches["default"]
    cache.reset_outage()
    if cache.get_or_set("probe", "yes") != "yes":
        if os.environ.get("NEWSROOM_REQUIRE_REDIS"):
            pytest.fail("Redis is not reachable on 127.0.0.1:6379, and NEWSROOM_REQUIRE_REDIS is set (CI)")
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    yield cache
    cache.clear()
