"""Counting article views without slowing a page down or storing anything about the reader.

A view is a GET of an article page answered 200 or 304, from a client that is not a robot
(User-Agent words in data/bot_user_agents.txt), not a prefetch or prerender and not signed in.
No cookie is set or read and no address is kept: only "one more view of this article
in this hour". Each worker adds up its views in memory and hands them to the shared cache
every MOST_READ_FLUSH_SECONDS in one call (mostread.tally), so a page served from the page
cache costs no extra round trip; mostread.services.fold() moves them into the database.
"""

import re
import threading
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import Resolver404, resolve

from . import tally

ARTICLE_VIEW = "articles:article"
COUNTED_STATUSES = (200, 304)
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def _bot_pattern():
    lines = (Path(__file__).parent / "data" / "bot_user_agents.txt").read_text(encoding="utf-8").splitlines()
    words = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)


BOTS = _bot_pattern()


def is_robot(user_agent):
    return not user_agent or BOTS.search(user_agent) is not None


def is_prefetch(meta):
    """True for a speculative load (link prefetch, prerender): nobody has seen the page yet."""
    return any(
        "prefetch" in meta.get(name, "").lower() or "prerender" in meta.get(name, "").lower()
        for name in PREFETCH_HEADERS
    )


@lru_cache(maxsize=4096)
def article_slug(path):
    """The slug of the article page at `path`, or None; resolving costs more than a cached page."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.kwargs.get("slug") if match.view_name == ARTICLE_VIEW else None


def counted_slug(request, response):
    """The slug of the article this request viewed, or None when it does not count."""
    if request.method != "GET" or response.status_code not in COUNTED_STATUSES:
        return None
    slug = article_slug(request.path_info)
    if slug is None or is_robot(request.META.get("HTTP_USER_AGENT", "")) or is_prefetch(request.META):
        return None
    user = getattr(request, "user", None)  # set only where the request went past the page cache
    if user is not None and user.is_authenticated:
        return None
    return slug


class Pending:
    """One worker's views not yet handed to the shared cache: {(hour, slug): views}."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()
        self.last_flush = time.monotonic()

    def add(self, slug, now=None):
        now = time.time() if now is None else now
        hour = int(now // 3600 * 3600)
        with self.lock:
            self.counts[(hour, slug)] += 1
            due = time.monotonic() - self.last_flush >= settings.MOST_READ_FLUSH_SECONDS
        if due:
            self.flush()

    def flush(self):
        with self.lock:
            counts, self.counts = self.counts, Counter()
            self.last_flush = time.monotonic()
        if counts:
            tally.add(counts)


pending = Pending()


def count_view(request, response):
    slug = counted_slug(request, response)
    if slug is not None:
        pending.add(slug)
