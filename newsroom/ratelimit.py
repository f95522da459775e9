"""A cheap per-client limit for public endpoints that cost a render or send mail.

Each named limit allows `requests` per `seconds` window and per client address (as far as
the trusted proxies let us know it: `newsroom.security.client_ip`). The counters live in the
shared cache, one key per client, limit and window, so every worker counts together. A cache
that is down or slow means no limit, never an error: a reader is not refused because Redis is.
"""

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.template.loader import render_to_string

from newsroom.security import client_ip

logger = logging.getLogger(__name__)

KEY_PREFIX = "ratelimit"


def _limit(name):
    try:
        requests, seconds = settings.RATE_LIMITS[name]
    except KeyError:
        raise ValueError(f"No rate limit named {name!r} in settings.RATE_LIMITS") from None
    return int(requests), int(seconds)


def over_limit(request, name):
    """Count this request against limit `name`; the seconds to wait when it is over, else None."""
    if not settings.RATE_LIMITS_ENABLED:
        return None
    requests, seconds = _limit(name)
    now = int(time.time())
    window = now // seconds
    key = f"{KEY_PREFIX}:{name}:{client_ip(request) or 'unknown'}:{window}"
    cache = caches[settings.RATE_LIMIT_CACHE_ALIAS]
    try:
        # add() starts the window's counter only if it is not there; incr() is atomic on Redis.
        cache.add(key, 0, timeout=seconds + 1)
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this request opens a new window.
        return None
    except Exception:  # noqa: BLE001 - any cache failure means "no limit", never an error
        logger.warning("rate limit %s not checked: the cache did not answer", name, exc_info=True)
        return None
    if count <= requests:
        return None
    return max(1, (window + 1) * seconds - now)


def too_many_requests(request, retry_after):
    """The 429 page: says what happened and when to try again."""
    body = render_to_string("429.html", {"retry_after": retry_after}, request=request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def refusal(request, name):
    """The 429 for a request over limit `name`, else None (for views that are not decorated here)."""
    retry_after = over_limit(request, name)
    return None if retry_after is None else too_many_requests(request, retry_after)


def rate_limited(name, methods=None):
    """View decorator: requests over limit `name` get a 429 with Retry-After.

    `methods` limits the counting to those HTTP methods (e.g. ("POST",) for a form whose
    page may be read freely); by default every request counts.
    """
    _limit(name)  # a misspelt name fails at import, not on the first request
    counted = {method.upper() for method in methods} if methods else None

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if counted is None or request.method in counted:
                retry_after = over_limit(request, name)
                if retry_after is not None:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
