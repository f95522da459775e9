"""The most-read list: views folded from the shared cache into hourly rows, then ranked."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import cache

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article
from articles.models.prepared import PreparedQuery

from . import tally
from .models import ArticleViews, MostReadRank

FOLD_LOCK_KEY = "mostread:folding"
# (label, hours): the list ranks by the first window, then by the second for stories not read in the first.
WINDOWS = (("today", 24), ("this week", 24 * 7))
CANDIDATES_PER_PLACE = 4


def fold():
    """Move the views waiting in the shared cache into ArticleViews; the number of views folded.

    One fold at a time (a lock in the cache): a second caller returns 0 and leaves the views
    for the next fold. Views of an address that is no article are dropped.
    """
    with _folding() as mine:
        return _fold_waiting() if mine else 0


def refresh(*, now=None):
    """Fold the waiting views and rank the list again: (views folded, places ranked), or None if busy."""
    with _folding() as mine:
        if not mine:
            return None
        return _fold_waiting(), rank(now=now)


@contextmanager
def _folding():
    cache = caches["default"]
    mine = bool(cache.add(FOLD_LOCK_KEY, 1, 60))
    try:
        yield mine
    finally:
        if mine:
            cache.delete(FOLD_LOCK_KEY)


def _fold_waiting():
    waiting = tally.take()
    if not waiting:
        return 0
    ids = dict(Article.objects.filter(slug__in={slug for _, slug in waiting}).values_list("slug", "id"))
    totals = {}
    for (hour, slug), views in waiting.items():
        if slug in ids:
            key = (ids[slug], datetime.fromtimestamp(hour, tz=UTC))
            totals[key] = totals.get(key, 0) + views
    if not totals:
        return 0
    with transaction.atomic():
        existing = ArticleViews.objects.select_for_update().filter(
            article_id__in={article for article, _ in totals}, hour__in={hour for _, hour in totals}
        )
        for row in existing:
            if (row.article_id, row.hour) in totals:
                totals[(row.article_id, row.hour)] += row.views
        ArticleViews.objects.bulk_create(
            [ArticleViews(article_id=article, hour=hour, views=views) for (article, hour), views in totals.items()],
            update_conflicts=True,
            unique_fields=["article", "hour"],
            update_fields=["views"],
        )
    return sum(views for (_, slug), views in waiting.items() if slug in ids)


def rank(*, now=None):
    """Store the list's order (MostReadRank) from the hourly rows; the number of places.

    By views in the last 24 hours, then, for stories nobody read today, in the last 7 days;
    public stories only. A few times MOST_READ_LIMIT places are kept, so a story taken down
    before the next ranking leaves the next one in its place.
    """
    now = now or timezone.now()
    (_, today_hours), (_, week_hours) = WINDOWS
    today_start, week_start = now - timedelta(hours=today_hours), now - timedelta(hours=week_hours)
    ranked = (
        ArticleViews.objects.filter(hour__gte=week_start, article__in=Article.objects.published())
        .values("article")
        .annotate(today=Coalesce(Sum("views", filter=Q(hour__gte=today_start)), 0), week=Sum("views"))
        .order_by("-today", "-week", "-article__published_at")
        .values_list("article", "today", "week")[: settings.MOST_READ_LIMIT * CANDIDATES_PER_PLACE]
    )
    places = [
        MostReadRank(position=position, article_id=article, views_today=today, views_week=week, ranked_at=now)
        for position, (article, today, week) in enumerate(ranked, start=1)
    ]
    with transaction.atomic():
        MostReadRank.objects.all().delete()
        MostReadRank.objects.bulk_create(places)
    return len(places)


def prune(*, now=None):
    """Delete hourly rows older than MOST_READ_KEEP_DAYS; the number deleted."""
    now = now or timezone.now()
    deleted, _ = ArticleViews.objects.filter(hour__lt=now - timedelta(days=settings.MOST_READ_KEEP_DAYS)).delete()
    return deleted


@cache
def _most_read_query(limit):
    """The ranked stories, compiled once per process and limit (articles.models.prepared)."""

    def build():
        return (
            Article.objects.published()
            .for_cards()
            .filter(pk__in=MostReadRank.objects.values("article"))
            .annotate(views_today=F("most_read_rank__views_today"), views=F("most_read_rank__views_week"))
            .order_by("most_read_rank__position")[:limit]
        )

    return PreparedQuery(Article, build)


def most_read(*, limit=None):
    """(window label, published stories most read, most first) as last ranked: one query.

    The label says "today" when every story listed was read today. Stories come through the
    published door, so one taken down is gone from the next list, before the next ranking.
    """
    limit = limit or settings.MOST_READ_LIMIT
    (today_label, _), (week_label, _) = WINDOWS
    stories = _most_read_query(limit).fetch()
    label = today_label if all(story.views_today for story in stories) else week_label
    return label, stories
