"""How fresh the public content is: ETag and Last-Modified for pages, feeds and sitemaps.

Every public page shows more than its own object (the latest and related lists, the
applicable disclaimer, the section names in the header), so its freshness is the
site's: the moment any public content last changed. That moment is kept in the cache
and moved by signals on every save or delete of an article, byline, tag, section,
author or disclaimer, and when a scheduled story goes live (found lazily, at most one
small indexed query per go-live). Reading it costs no query at all in the common case,
so a 304 is almost free and the article page keeps its query budget.

Reuse: `content_version()` is the token a page cache can put in its keys;
`etag_for(request)` / `last_modified_for(request)` are what `conditional_page` uses.
Writers that bypass signals (queryset.update, bulk_create, raw SQL) call
`content_changed()` afterwards.
"""

import hashlib
import logging
from datetime import UTC, datetime
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

logger = logging.getLogger(__name__)

CACHE_KEY = "newsroom:freshness:v1"
_UNSET = object()


def _next_go_live(now):
    """When the next scheduled story goes public, or None (one indexed query)."""
    from .models import Article, Status

    return (
        Article.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def _store(changed_at, now):
    state = {"changed_at": changed_at, "next_go_live": _next_go_live(now)}
    try:
        cache.set(CACHE_KEY, state, timeout=None)
    except Exception:  # a cache outage must not break saving an article
        logger.warning("Could not store the content freshness state", exc_info=True)
    return state


def content_changed(**kwargs):
    """Mark the public content as changed now (signals call this; so must bulk writers)."""
    now = timezone.now()
    _store(now, now)


def _content_changed_after_commit(**kwargs):
    # Now, for this process and tests; and again after commit, so a reader that
    # rendered the old rows between the signal and the commit cannot keep them.
    content_changed()
    transaction.on_commit(content_changed)


def current_state(now=None):
    """{"changed_at", "next_go_live"}, or None when the cache cannot be read."""
    now = now or timezone.now()
    try:
        state = cache.get(CACHE_KEY, _UNSET)
    except Exception:
        logger.warning("Could not read the content freshness state", exc_info=True)
        return None
    if state is _UNSET or not isinstance(state, dict):
        # Unknown history (first request, cache cleared): assume it changed just now.
        return _store(now, now)
    go_live = state.get("next_go_live")
    if go_live is not None and go_live <= now:
        # A scheduled story went public at `go_live` without any write.
        return _store(max(go_live, state["changed_at"]), now)
    return state


def content_version(now=None):
    """A short token that changes whenever any public content changes."""
    state = current_state(now)
    if state is None:
        return None
    return format(int(state["changed_at"].timestamp() * 1_000_000), "x")


def last_modified_for(request, *args, **kwargs):
    state = current_state()
    return state["changed_at"] if state else None


def etag_for(request, *args, vary=None, **kwargs):
    """A weak ETag: the content version, the address (with its query) and who is asking.

    Weak, because the bytes differ between equal pages (the CSP nonce); the signed-in
    user is part of it because the page header may differ for staff.
    """
    version = content_version()
    if version is None:
        return None
    user = getattr(request, "user", None)
    viewer = user.pk if user is not None and user.is_authenticated else "-"
    key = f"{version}|{request.get_full_path()}|{viewer}|{vary(request) if vary else ''}"
    return 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


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
        etag = etag_for(request, vary=vary)
        changed_at = last_modified_for(request)
        if etag is None or changed_at is None:
            return view(request, *args, **kwargs)
        headers = {"ETag": etag, "Last-Modified": http_date(int(changed_at.timestamp()))}
        response = get_conditional_response(request, etag=etag, last_modified=int(changed_at.timestamp()))
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
        # Replace what the view set (feeds and sitemaps set Last-Modified from their items'
        # dates, blind to tags, authors or disclaimers): one clock for every check.
        for header, value in headers.items():
            response.headers[header] = value
        return response

    return wrapped


def http_datetime(value):
    """A datetime as UTC without microseconds (what HTTP dates and W3C dates can carry)."""
    return value.astimezone(UTC).replace(microsecond=0) if isinstance(value, datetime) else value


def connect_signals():
    """Move the freshness on every change to public content (called once at start-up)."""
    from django.apps import apps

    for label in [
        "articles.Article",
        "articles.ArticleAuthor",
        "articles.TaggedArticle",
        "articles.Tag",
        "articles.Section",
        "articles.Author",
        "articles.Disclaimer",
    ]:
        model = apps.get_model(label)
        post_save.connect(_content_changed_after_commit, sender=model, dispatch_uid=f"freshness-save-{label}")
        post_delete.connect(_content_changed_after_commit, sender=model, dispatch_uid=f"freshness-delete-{label}")
    m2m_changed.connect(
        _content_changed_after_commit,
        sender=apps.get_model("articles.TaggedArticle"),
        dispatch_uid="freshness-tags",
    )
    for optional in ["editorial.Correction", "images.ImageMeta", "images.Rendition"]:
        try:
            model = apps.get_model(optional)
        except LookupError:
            continue
        post_save.connect(_content_changed_after_commit, sender=model, dispatch_uid=f"freshness-save-{optional}")
        post_delete.connect(_content_changed_after_commit, sender=model, dispatch_uid=f"freshness-delete-{optional}")
