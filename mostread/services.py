"""The most-read list: views folded from the shared cache into hourly rows, then ranked."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article

from . import tally
from .models import ArticleViews

FOLD_LOCK_KEY = "mostread:folding"
# (label, hours): the list ranks by the first window, then by the second for stories not read in the first.
WINDOWS = (("today", 24), ("this week", 24 * 7))


def fold():
    """Move the views waiting in the shared cache into ArticleViews; the number of views folded.

    One fold at a time (a lock in the cache): a second caller returns 0 and leaves the views
    for the next fold. Views of an address that is no article are dropped.
    """
    cache = caches["default"]
    if not cache.add(FOLD_LOCK_KEY, 1, 60):
        return 0
    try:
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
    finally:
        cache.delete(FOLD_LOCK_KEY)


def prune(*, now=None):
    """Delete hourly rows older than MOST_READ_KEEP_DAYS; the number deleted."""
    now = now or timezone.now()
    deleted, _ = ArticleViews.objects.filter(hour__lt=now - timedelta(days=settings.MOST_READ_KEEP_DAYS)).delete()
    return deleted


def most_read(*, limit=None, now=None):
    """(window label, published stories most read, most first): one query.

    Ranked by views in the last 24 hours, then, for stories nobody read today, by views in
    the last 7 days; the label says "today" when every story listed was read today.
    Stories come through the published door, so one taken down is gone from the next list.
    """
    limit = limit or settings.MOST_READ_LIMIT
    now = now or timezone.now()
    (today_label, today_hours), (week_label, week_hours) = WINDOWS
    today = Q(hourly_views__hour__gte=now - timedelta(hours=today_hours))
    week = Q(hourly_views__hour__gte=now - timedelta(hours=week_hours))
    stories = list(
        Article.objects.published()
        .for_cards()
        .filter(week)
        .annotate(views_today=Coalesce(Sum("hourly_views__views", filter=today), 0), views=Sum("hourly_views__views"))
        .order_by("-views_today", "-views", "-published_at")[:limit]
    )
    label = today_label if all(story.views_today for story in stories) else week_label
    return label, stories
