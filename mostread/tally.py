"""Views handed over by the workers, kept in the shared cache until the next fold.

With Redis (production) they go into one hash, field "<hour>:<slug>", added to in one
pipelined call per flush; a fold renames the hash away first, so views that arrive meanwhile
go to a new one and none is counted twice. Any other cache backend (a single machine's file
cache, the tests' memory cache) keeps a dict under one key, read and written again under
this process' lock. A cache that is down or missing loses the views: never an error.
"""

import logging
import threading
import uuid

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ResponseError

logger = logging.getLogger("mostread")

PENDING_KEY = "mostread:pending"
# Views not folded within this long are dropped with their key: counting is best effort.
PENDING_SECONDS = 7 * 24 * 3600
_lock = threading.Lock()


def _redis(cache):
    """(the Redis client, the full key) when the cache is Redis and not known to be down, else None."""
    if not isinstance(cache, RedisCache) or not getattr(cache, "available", True):
        return None
    return cache._cache.get_client(write=True), cache.make_and_validate_key(PENDING_KEY)


def _field(hour, slug):
    return f"{hour}:{slug}"


def _parse(fields):
    counts = {}
    for field, views in fields.items():
        field = field.decode() if isinstance(field, bytes) else field
        hour, _, slug = field.partition(":")
        counts[(int(hour), slug)] = counts.get((int(hour), slug), 0) + int(views)
    return counts


def add(counts):
    """Add {(hour, slug): views} to the views waiting to be folded."""
    cache = caches["default"]
    try:
        redis = _redis(cache)
        if redis is not None:
            client, key = redis
            pipe = client.pipeline(transaction=False)
            for (hour, slug), views in counts.items():
                pipe.hincrby(key, _field(hour, slug), views)
            pipe.expire(key, PENDING_SECONDS)
            pipe.execute()
            return
        with _lock:
            waiting = cache.get(PENDING_KEY) or {}
            for item, views in counts.items():
                waiting[item] = waiting.get(item, 0) + views
            cache.set(PENDING_KEY, waiting, PENDING_SECONDS)
    except Exception:  # noqa: BLE001 - counting is best effort: a view is never worth an error page
        logger.warning("most read: views could not be handed to the cache", exc_info=True)


def take():
    """The views waiting to be folded, {(hour, slug): views}, and no longer waiting."""
    cache = caches["default"]
    try:
        redis = _redis(cache)
        if redis is not None:
            client, key = redis
            folding = f"{key}:folding:{uuid.uuid4().hex}"
            try:
                client.rename(key, folding)
            except ResponseError:  # no such key: nothing waiting
                return {}
            pipe = client.pipeline(transaction=False)
            pipe.hgetall(folding)
            pipe.delete(folding)
            fields, _ = pipe.execute()
            return _parse(fields)
        with _lock:
            waiting = cache.get(PENDING_KEY) or {}
            cache.delete(PENDING_KEY)
            return waiting
    except Exception:  # noqa: BLE001 - as above: an unreachable cache folds nothing
        logger.warning("most read: waiting views could not be read from the cache", exc_info=True)
        return {}
