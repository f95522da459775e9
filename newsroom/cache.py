"""A Redis cache that degrades to "no cache" instead of failing the request.

Django's RedisCache raises when Redis is down or slow, which turns a cache outage
into a site outage: every page that reads the cache answers 500. Here every
operation catches redis' connection and timeout errors and behaves like a miss
(reads) or a no-op (writes). Pages then render from the database, uncached.

Two things keep an outage cheap and quiet:

- a short circuit breaker: after a failure, this process skips Redis for
  ``RETRY_AFTER`` seconds (default 5) instead of paying the socket timeout on every
  cache call of every request;
- a rate-limited warning: one log line per ``WARN_INTERVAL`` seconds (default 60)
  per process, with the number of failures since the last line.

Options (in CACHES["default"]["OPTIONS"], next to redis-py's own):
``RETRY_AFTER`` and ``WARN_INTERVAL``, in seconds. Keep redis-py's
``socket_connect_timeout`` and ``socket_timeout`` short (settings.py uses 0.25 s):
a slow Redis costs each request at most that long before the breaker opens.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError, ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("newsroom.cache")

# Errors that mean "Redis is unreachable or too slow", as opposed to a programming error
# (a bad key, an unpicklable value), which should still surface.
# A replica promoted away (READONLY) or a full server (OOM) cannot take writes either.
UNAVAILABLE_ERRORS = (RedisConnectionError, RedisTimeoutError, ReadOnlyError, OutOfMemoryError, OSError)


class _Outage:
    """Per-process state of one Redis location, shared by the per-thread cache objects."""

    def __init__(self):
        self.lock = threading.Lock()
        self.skip_until = 0.0
        self.insist_failed_until = 0.0
        self.last_warning = float("-inf")
        self.failures_since_warning = 0


_outages = {}
_outages_lock = threading.Lock()


def _outage_for(location):
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one redis.Redis per connection pool.

    Django builds a new redis.Redis object on every cache call, and building one
    (its table of response callbacks) costs more than the round trip to Redis. A
    redis.Redis over a pool is safe to share between threads, so one per pool is kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache whose failures are cache misses, never exceptions."""

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        self.warn_interval = float(options.pop("WARN_INTERVAL", 60))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._outage = _outage_for(str(server))

    # --- availability ------------------------------------------------------------------

    @property
    def available(self):
        """False while the breaker is open (a recent failure); True otherwise."""
        return time.monotonic() >= self._outage.skip_until

    def reset_outage(self):
        """Forget past failures (tests, or an operator who knows Redis is back)."""
        with self._outage.lock:
            self._outage.skip_until = 0.0
            self._outage.insist_failed_until = 0.0
            self._outage.last_warning = float("-inf")
            self._outage.failures_since_warning = 0

    def _failed(self, operation, error):
        outage = self._outage
        now = time.monotonic()
        with outage.lock:
            outage.skip_until = now + self.retry_after
            outage.failures_since_warning += 1
            if now - outage.last_warning < self.warn_interval:
                return
            failures, outage.failures_since_warning = outage.failures_since_warning, 0
            outage.last_warning = now
        logger.warning(
            "Redis cache unavailable (%s during %s); serving without cache for %.0fs. "
            "%d failure(s) since the last warning.",
            type(error).__name__,
            operation,
            self.retry_after,
            failures,
        )

    def _call(self, operation, fallback, method, *args, **kwargs):
        if not self.available:
            return fallback
        try:
            return method(*args, **kwargs)
        except UNAVAILABLE_ERRORS as error:
            self._failed(operation, error)
            return fallback

    # --- the cache API -------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        sentinel = object()
        result = self._call("incr", sentinel, super().incr, key, delta, version)
        if result is sentinel:
            # What a miss means for incr(): the key is not there.
            raise ValueError(f"Key '{key}' not found (Redis unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The API returns the keys that could not be stored: all of them, on failure.
        return self._call("set_many", list(data), super().set_many, data, timeout, version)

    def set_many_insisting(self, data, timeout=DEFAULT_TIMEOUT, *, pauses=(0.2, 0.5, 1.0)):
        """set_many() that ignores the circuit breaker and tries again after each pause; True if stored.

        For writes that must not be lost quietly (a takedown's invalidation): a Redis
        that is slow for a moment gets a few more chances; one that is down still fails.
        After a failed insistence, the next ones within RETRY_AFTER try once without
        pausing, so a bulk takedown during an outage cannot outlast the worker's timeout.
        """
        if time.monotonic() < self._outage.insist_failed_until:
            pauses = ()
        for pause in (*pauses, None):
            try:
                super().set_many(data, timeout)
            except UNAVAILABLE_ERRORS as error:
                self._failed("set_many", error)
                if pause is None:
                    self._outage.insist_failed_until = time.monotonic() + self.retry_after
                    return False
                time.sleep(pause)
            else:
                self.reset_outage()
                return True
        return False

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", False, super().clear)
