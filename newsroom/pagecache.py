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
import logging
import secrets
import threading
import time

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


# --- Reading (the hot path: one round trip) --------------------------------------------


def read(scopes, *, extra_keys=()):
    """(current token of each scope, {extra key: value}), creating missing tokens; None without a cache.

    None means "do not cache this request": without tokens that every worker agrees
    on, a stored page could never be invalidated.
    """
    if _pending:
        _retry_pending()
    cache = page_cache()
    keys = [_token_key(scope) for scope in scopes]
    found = cache.get_many([*keys, *extra_keys])
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            # First use, eviction or a Redis restart: start a generation. add() keeps the
            # token of another worker that got there first.
            cache.add(key, new_token(), timeout=None)
            token = cache.get(key)
            if token is None:
                return None
        tokens.append(token)
    return tokens, {key: found[key] for key in extra_keys if key in found}


def set_value(key, value, timeout):
    page_cache().set(key, value, timeout)


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


def page_key(parts, tokens):
    """The cache key of one page: what identifies the request, and the tokens it depends on."""
    digest = hashlib.sha256("\n".join([*parts, *tokens]).encode()).hexdigest()
    return f"pagecache:page:{digest}"


def get_page(key):
    return page_cache().get(key)


def store_page(key, entry, seconds):
    page_cache().set(key, entry, seconds)
