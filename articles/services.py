"""Rules and queries too large for a model method, called by views, admin and commands alike."""

import math

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Article, Section, Status, TaggedArticle, public_fetch_mode


def tag_weight(article_count):
    """Rarer tags weigh more: a tag on few articles says more about a story than one on thousands."""
    return 1.0 / math.log(2 + max(article_count, 0))


def related_stories_sql(*, article_id, tags, limit):
    """SQL ranking published articles by weighted shared tags, with bounded candidates.

    For each of the article's tags, only the newest RELATED_CANDIDATES_PER_TAG tagged
    articles are read (an index range scan on (tag, article)); the union is summed by
    weight and cut to a shortlist (eight times the limit, newest ids first among equal
    scores) before any article row is read, so the cost stays that of the index scans.
    The shortlist is then filtered through the published door and ordered by score,
    then publication time. A shortlist crowded by drafts can only shorten the list.
    """
    article_table = connection.ops.quote_name(Article._meta.db_table)
    section_table = connection.ops.quote_name(Section._meta.db_table)
    tagged_table = connection.ops.quote_name(TaggedArticle._meta.db_table)
    per_tag = settings.RELATED_CANDIDATES_PER_TAG
    parts, params = [], []
    for index, tag in enumerate(tags):
        parts.append(
            f"SELECT * FROM (SELECT content_object_id AS oid, %s AS weight FROM {tagged_table} "
            f"WHERE tag_id = %s ORDER BY content_object_id DESC LIMIT %s) AS c{index}"
        )
        params.extend([tag_weight(tag.article_count), tag.pk, per_tag])
    if not parts:
        # No tags: still one (empty) query, so the page's query count does not change.
        parts.append("SELECT CAST(NULL AS BIGINT) AS oid, 0.0 AS weight WHERE 1 = 0")
    candidates = " UNION ALL ".join(parts)
    # Only quoted table names and %s placeholders are interpolated; all values are parameters.
    sql = (
        f"SELECT a.*, s.name AS section_name, s.slug AS section_slug, ranked.score AS relatedness "
        f"FROM (SELECT oid, SUM(weight) AS score FROM ({candidates}) AS candidates "
        f"WHERE oid <> %s GROUP BY oid ORDER BY score DESC, oid DESC LIMIT %s) AS ranked "
        f"JOIN {article_table} a ON a.id = ranked.oid "
        f"JOIN {section_table} s ON s.id = a.section_id "
        f"WHERE a.status = %s AND a.published_at <= %s "
        f"ORDER BY ranked.score DESC, a.published_at DESC, a.id DESC LIMIT %s"
    )
    params.extend([article_id, limit * settings.RELATED_SHORTLIST_FACTOR, Status.PUBLISHED, timezone.now(), limit])
    return sql, params


def related_stories(article, tags=None, *, limit=None):
    """Up to RELATED_STORIES_LIMIT published stories ranked by the tags they share with `article`.

    A rare tag weighs more than a common one (1 / ln(2 + articles with the tag)),
    newer first among equals. Candidates are bounded: only the newest
    RELATED_CANDIDATES_PER_TAG articles of each shared tag are considered, read
    through the (tag, article) index, so the cost does not grow with the archive.
    One query, run even when nothing matches, so the page's query count is constant.
    """
    if tags is None:
        tags = list(article.tags.all())
    sql, params = related_stories_sql(article_id=article.pk, tags=tags, limit=limit or settings.RELATED_STORIES_LIMIT)
    stories = list(Article.objects.fetch_mode(public_fetch_mode()).raw(sql, params))
    for story in stories:
        story.section = Section(id=story.section_id, name=story.section_name, slug=story.section_slug)
    return stories


def latest_stories(*, exclude=None, limit=None):
    """The newest published stories, never `exclude` itself."""
    stories = Article.objects.published().for_cards()
    if exclude is not None and exclude.pk:
        stories = stories.exclude(pk=exclude.pk)
    return stories[: limit or settings.LATEST_STORIES_LIMIT]


def section_fronts(*, per_section=3):
    """Each section with its newest published stories (one small indexed query per section)."""
    fronts = []
    for section in Section.objects.all():
        stories = list(Article.objects.published().for_cards().filter(section=section)[:per_section])
        if stories:
            fronts.append((section, stories))
    return fronts
