"""ETag and Last-Modified for public pages, feeds and sitemaps, from the tokens of articles.changes.

A page's validators come from the generation tokens of the scopes it depends on, the
same tokens the page cache keys on: whatever re-renders a page changes its ETag, and
nothing else does (editing a draft moves nothing).
"""

import hashlib
import math
from datetime import UTC, datetime
from functools import wraps

from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from . import changes
from .models import Article


def etag_for(request, state, *, vary=None):
    """A weak ETag: the page's tokens, the address (with its query) and who is asking.

    Weak, because the bytes differ between equal pages (the CSP nonce); the signed-in
    user is part of it because the page header may differ for staff.
    """
    user = getattr(request, "user", None)
    viewer = user.pk if user is not None and user.is_authenticated else "-"
    key = "|".join([*state.tokens, request.get_full_path(), str(viewer), vary(request) if vary else ""])
    return 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _still_public(request, kwargs):
    """A 304 confirms the reader's copy: never for an article page that is no longer public."""
    match = request.resolver_match
    if match is not None and match.view_name == changes.ARTICLE_VIEW:
        return Article.objects.published().filter(slug=kwargs.get("slug")).exists()
    return True


def conditional_page(view, *, vary=None):
    """ETag and Last-Modified on successful pages, 304 when the reader's copy is current.

    Like Django's `condition` decorator, except that the validators go on 200
    responses only (not on 404s or redirects), and on the 304 itself. `vary(request)`
    adds what else the page depends on (e.g. the hour, for a time window).
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        match = request.resolver_match
        # The page cache looked the same scopes up for this request already (one lookup per request).
        state = getattr(request, "page_state", None) or changes.page_state(
            changes.scopes_for_page(match.view_name if match else "", kwargs)
        )
        if state is None:
            return view(request, *args, **kwargs)
        etag = etag_for(request, state, vary=vary)
        # Rounded up: a second change within the same second still moves Last-Modified past the first.
        changed_at = math.ceil(state.changed_at)
        response = get_conditional_response(request, etag=etag, last_modified=changed_at)
        if response is not None and response.status_code == 304 and not _still_public(request, kwargs):
            response = None
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
        # Replace what the view set (feeds and sitemaps set Last-Modified from their items'
        # dates, blind to tags, authors or disclaimers): one clock for every check.
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(changed_at)
        return response

    return wrapped


def http_datetime(value):
    """A datetime as UTC without microseconds (what HTTP dates and W3C dates can carry)."""
    return value.astimezone(UTC).replace(microsecond=0) if isinstance(value, datetime) else value
