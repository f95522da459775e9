"""Demo views for the most-read list: a few hundred made-up readings of the demo stories.

Written once, when no views are counted yet; the numbers follow from each slug, so every
demo site ranks its stories the same way.
"""

import zlib
from datetime import timedelta

from articles.models import Article
from mostread import services
from mostread.models import ArticleViews

READ_STORIES = 8
HOURS = 30


def seed_views(now):
    """Hourly views over the last HOURS hours for READ_STORIES published demo stories; the rows created."""
    if ArticleViews.objects.exists():
        return 0
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    stories = Article.objects.published().order_by("-published_at").values_list("id", "slug")[:READ_STORIES]
    rows = []
    for article_id, slug in stories:
        weight = zlib.crc32(slug.encode()) % 40 + 5
        for hours_ago in range(0, HOURS, 3):
            rows.append(ArticleViews(article_id=article_id, hour=this_hour - timedelta(hours=hours_ago), views=weight))
    ArticleViews.objects.bulk_create(rows)
    services.rank(now=now)
    return len(rows)
