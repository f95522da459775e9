"""Generation tokens and whole-page storage in the shared cache: keys, tokens, storage.

Pages are never deleted from the cache one by one: their keys carry *generation*
tokens of named scopes, kept in the shared cache (Redis in production), and a change
replaces the tokens of the scopes it affects. The next request computes a key nobody
has stored yet, renders and stores; the old entries are never read again and expire.
Because the tokens live in the shared cache, a change saved by any worker, server or
management command reaches every worker on every server at once.

This module knows nothing of articles: which change bumps which scope, and which
scopes a page depends on, is decided by `articles.changes`, which uses this module
as its store (wired in NewsroomConfig.ready()).
"""

import hashlib
import heapq
import logging
import secrets
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.dispatch import Signal

from .cache import ResilientRedisCache

logger = logging.getLogger("newsroom.pagecache")

# Sent after tokens are replaced, with `scopes` (a list of scope names). Connect a CDN
# purge here when the CDN's s-maxage is too long to wait for (see docs/deploy.md).
page_cache_invalidated = Signal()

# A takedown insists past the cache's circuit breaker, waiting this long between tries.
INSIST_PAUSES = (0.2, 0.5, 1.0)


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _token_key(scope):
    # Scope names carry slugs (up to 250 characters): long ones are hashed to stay a portable key.
    if len(scope) > 100:
        scope = hashlib.sha256(scope.encode()).hexdigest()
    return f"pagecache:gen:{scope}"


def new_token():
    """A generation token: when it was made, and something no other process will make."""
    return f"{time.time():.3f}:{secrets.token_hex(6)}"


def token_time(token):
    """The Unix time a token was made."""
    return float(token.split(":", 1)[0])


# --- Reading (the hot path) ----------------------------------------------------------------

# Tokens (and the extra keys read with them) this process read lately: key -> [value, fetched, used]
# (monotonic times). Trusted for PAGE_CACHE_TOKEN_SECONDS after being fetched, so a cache hit
# costs one round trip (the page), not two; a change made by another worker or server reaches
# this one within that time, and a change made here is seen here at once (bump() writes through).
# Tokens in use are fetched again together (see _due): with many pages served (one token per
# article), a worker makes a couple of round trips a second for all of them, not one per page.
_snapshot = {}
_ABSENT = object()
_sweep = {"next": 0.0}
# A sweep renews at most this many tokens in its one round trip.
RENEW_LIMIT = 2000
# Tokens not used for this many trust periods are forgotten at the next sweep.
FORGET_AFTER = 10


def read(scopes, *, extra_keys=()):
    """(current token of each scope, {extra key: value}), creating missing tokens; None without a cache.

    None means "do not cache this request": without tokens that every worker agrees
    on, a stored page could never be invalidated.
    """
    if _pending:
        _retry_pending()
    keys = [_token_key(scope) for scope in scopes]
    found = _recent([*keys, *extra_keys])
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            # First use, eviction or a Redis restart: start a generation. add() keeps the
            # token of another worker that got there first.
            cache = page_cache()
            cache.add(key, new_token(), timeout=None)
            token = cache.get(key)
            if token is None:
                return None
            _remember({key: token})
        tokens.append(token)
    return tokens, {key: found[key] for key in extra_keys if key in found}


def _recent(keys):
    """The values of `keys`, from this process' snapshot where recent enough, else from the cache."""
    max_age = settings.PAGE_CACHE_TOKEN_SECONDS
    now = time.monotonic()
    found, stale = {}, []
    for key in keys:
        held = _snapshot.get(key)
        if held is not None and now - held[1] < max_age:
            held[2] = now
            if held[0] is not _ABSENT:
                found[key] = held[0]
        else:
            stale.append(key)
    if stale:
        renewed = _due(now, max_age, asked=stale) if max_age > 0 and now >= _sweep["next"] else []
        fetched = page_cache().get_many([*stale, *renewed])
        if max_age > 0:
            for key in stale:
                _keep(key, fetched.get(key, _ABSENT), now, used=now)
            for key in renewed:
                # One the cache did not return (gone, or the cache failed) keeps its entry and ages out.
                if key in fetched:
                    _keep(key, fetched[key], now)
        found.update((key, fetched[key]) for key in stale if key in fetched)
    return found


def _keep(key, value, fetched_at, *, used=None):
    held = _snapshot.get(key)
    if held is not None and held[1] > fetched_at:
        return  # replaced here (bump) while the round trip was under way: the newer token stays
    if used is None:
        used = held[2] if held is not None else fetched_at
    _snapshot[key] = [value, fetched_at, used]


def _due(now, max_age, *, asked):
    """Tokens to renew with `asked`: those used in the last trust period and fetched over half a
    period ago, the most recently used first, at most RENEW_LIMIT.

    At most one sweep per half period; it also forgets tokens nobody asked for in FORGET_AFTER
    periods, so a crawler walking the archive does not grow the snapshot without end.
    """
    _sweep["next"] = now + max_age / 2
    asked, due = set(asked), []
    for key, (_, fetched, used) in _snapshot.copy().items():
        if now - used > max_age * FORGET_AFTER:
            _snapshot.pop(key, None)
        elif now - used < max_age and now - fetched >= max_age / 2 and key not in asked:
            due.append((used, key))
    return [key for _, key in heapq.nlargest(RENEW_LIMIT, due)]


def _remember(values):
    if settings.PAGE_CACHE_TOKEN_SECONDS > 0:
        now = time.monotonic()
        _snapshot.update((key, [value, now, now]) for key, value in values.items())


def forget_local():
    """Drop the tokens and pages this process holds (tests, or a worker that must not trust them)."""
    _snapshot.clear()
    _sweep["next"] = 0.0
    for pages in _every_local:
        pages.clear()


def set_value(key, value, timeout):
    page_cache().set(key, value, timeout)
    _remember({key: value})


def add_value(key, value, timeout):
    """Store `value` unless the key exists; True if this call stored it."""
    return page_cache().add(key, value, timeout)


# --- Invalidation ------------------------------------------------------------------------

# Scopes whose replacement this process could not record; tried again before the next read.
_pending = set()
_pending_lock = threading.Lock()


def bump(scopes, *, insist=False, on_failure=None):
    """Replace the tokens of `scopes`, now and again when the transaction commits; True if recorded now.

    Now, so that this process and tests (which never commit) see the change at once;
    again on commit, because a request that read the new token before the commit could
    have rendered and stored the old content under it. `insist`: try past the cache's
    circuit breaker, a few times, before giving up (takedowns). A replacement that
    fails calls `on_failure()` and is tried again before this process next reads tokens.
    """
    scopes = list(dict.fromkeys(scopes))
    if not scopes:
        return True
    recorded = _replace_tokens(scopes, insist=insist, on_failure=on_failure)
    if transaction.get_connection().in_atomic_block:
        # Once: a cache that failed just now is not waited for a second time.
        again = insist and recorded
        transaction.on_commit(lambda: _replace_tokens(scopes, insist=again, on_failure=on_failure), robust=True)
    return recorded


def _replace_tokens(scopes, *, insist, on_failure=None, quiet=False):
    data = {_token_key(scope): new_token() for scope in scopes}
    # Seen here at once, recorded in the cache or not: this process never serves the old pages.
    _remember(data)
    cache = page_cache()
    if insist and isinstance(cache, ResilientRedisCache):
        recorded = cache.set_many_insisting(data, timeout=None, pauses=INSIST_PAUSES)
    else:
        recorded = not cache.set_many(data, timeout=None)
    with _pending_lock:
        if recorded:
            _pending.difference_update(scopes)
        else:
            _pending.update(scopes)
    if recorded:
        page_cache_invalidated.send(sender=None, scopes=scopes)
    else:
        if not quiet:
            logger.warning("Page cache: could not replace the tokens of %s; will try again.", ", ".join(scopes))
        if on_failure is not None:
            on_failure()
    return recorded


def _retry_pending():
    """Replace tokens a failed bump left behind: a cache back from an outage must not keep them."""
    with _pending_lock:
        scopes = sorted(_pending)
    if scopes and _replace_tokens(scopes, insist=False, quiet=True):
        logger.warning("Page cache: recorded the delayed replacement of %s.", ", ".join(scopes))


# --- Pages -----------------------------------------------------------------------------


# What a stored page holds: change it when that changes (say, which middleware's headers it
# carries), so a new release never serves pages an older one stored.
STORED_FORMAT = "2"


def page_key(parts, tokens):
    """The cache key of one page: what identifies the request, and the tokens it depends on."""
    digest = hashlib.sha256("\n".join([*parts, *tokens]).encode()).hexdigest()
    return f"pagecache:page{STORED_FORMAT}:{digest}"


class LocalPages:
    """Pages this process served lately, newest last, up to PAGE_CACHE_LOCAL_BYTES (0 keeps none).

    Safe because a page's key carries the tokens it depends on: a change gives new
    keys, and this process reads new tokens within PAGE_CACHE_TOKEN_SECONDS. A hit on
    a popular page then costs no round trip at all. `size_of(value)`: its bytes.
    """

    def __init__(self, size_of):
        self.size_of = size_of
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        _every_local.append(self)

    def get(self, key):
        entry = self.entries.get(key)
        if entry is not None:
            with self.lock:
                if key in self.entries:
                    self.entries.move_to_end(key)
        return entry

    def put(self, key, entry):
        limit = settings.PAGE_CACHE_LOCAL_BYTES
        size = self.size_of(entry)
        if not limit or size > limit // 8:
            return  # keeping none, or one that would evict the rest
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= self.size_of(old)
            self.entries[key] = entry
            self.size += size
            while self.size > limit:
                _, dropped = self.entries.popitem(last=False)
                self.size -= self.size_of(dropped)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


# Every LocalPages of this process, for forget_local().
_every_local = []


_local_pages = LocalPages(size_of=lambda entry: len(entry["content"]))


def get_pages(keys):
    """{key: stored entry} for those of `keys` that are stored, in one round trip at most."""
    found = {}
    for key in keys:
        entry = _local_pages.get(key)
        if entry is not None:
            found[key] = entry
    missing = [key for key in keys if key not in found]
    if missing:
        fetched = page_cache().get_many(missing)
        for key, entry in fetched.items():
            _local_pages.put(key, entry)
        found.update(fetched)
    return found


def store_page(key, entry, seconds):
    page_cache().set(key, entry, seconds)
    _local_pages.put(key, entry)
