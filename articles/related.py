"""Related stories, worked out when they change and read in one query.

An article's list is ranked by services.related_stories_sql (the one owner of *how*
stories are related: weighted shared tags, bounded candidates) and stored as
RelatedStory rows when the article is published or its tags change. A page reads the
stored list through the published door, so a story that is taken down (or not yet
live) is never shown, without recomputing anything.

    refresh_related(article_ids)       # recompute and store (batched: fit for bulk loaders)
    with_stored_related(articles)      # the read, inside the query that loads an article page
    stored_related(article, limit=None)  # the read: published stories, best first
    articles_listing(story_id)         # ids of the articles whose stored list holds the story
"""

from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from . import changes, services
from .models import Article, RelatedStory, TaggedArticle
from .models.page_rows import rebuild, rows_subquery

CARD_FIELDS = ("id", "title", "slug", "published_at")  # what a related-stories list shows of a story

# Stored lists hold spares past the shown limit, so a story taken down leaves a full list.
SPARES_FACTOR = 2
BATCH_SIZE = 500


def stored_limit():
    return settings.RELATED_STORIES_LIMIT * SPARES_FACTOR


def refresh_related(article_ids):
    """Recompute and store the related stories of these articles; return how many had tags to rank by.

    Batched: one query for a batch's tags, one ranking query per article, one delete and
    one insert per batch, so a bulk loader can call it for the whole archive.
    """
    ids = sorted({int(pk) for pk in article_ids})
    stored = 0
    for start in range(0, len(ids), BATCH_SIZE):
        stored += _refresh_batch(ids[start : start + BATCH_SIZE])
    return stored


def _refresh_batch(ids):
    tags_of = defaultdict(list)
    for link in TaggedArticle.objects.filter(content_object_id__in=ids).select_related("tag").order_by("tag_id"):
        tags_of[link.content_object_id].append(link.tag)
    rows = []
    with connection.cursor() as cursor:
        # An article without tags (or that no longer exists) has no related stories.
        for article_id, tags in tags_of.items():
            sql, params = services.related_stories_sql(
                article_id=article_id, tags=tags, limit=stored_limit(), columns="a.id", scheduled=True
            )
            cursor.execute(sql, params)
            rows.extend(
                RelatedStory(article_id=article_id, story_id=story_id, rank=rank)
                for rank, (story_id,) in enumerate(cursor.fetchall(), start=1)
            )
    before = defaultdict(list)
    stored = RelatedStory.objects.filter(article_id__in=ids).order_by("article_id", "rank")
    for article_id, story_id in stored.values_list("article_id", "story_id"):
        before[article_id].append(story_id)
    after = defaultdict(list)
    for row in rows:
        after[row.article_id].append(row.story_id)
    with transaction.atomic():
        RelatedStory.objects.filter(article_id__in=ids).delete()
        RelatedStory.objects.bulk_create(rows)
    changes.related_lists_changed([article_id for article_id in ids if before[article_id] != after[article_id]])
    return len(tags_of)


def with_stored_related(articles):
    """`articles` with their stored lists' public stories as one JSON subquery each (`related_rows`).

    The published door decides for each listed story (an index read by key), so the page gains
    its related list without a query of its own.
    """
    public = Exists(Article.objects.published().filter(pk=OuterRef("story")))
    listed = RelatedStory.objects.filter(public)
    return articles.annotate(
        related_rows=rows_subquery(listed, "article", rank="rank", **{name: f"story__{name}" for name in CARD_FIELDS})
    )


def stored_related(article, limit=None):
    """The stored related stories of `article` that are public now, best first, with their sections (one query).

    An article loaded through with_stored_related() has them already, as the list shows them
    (title, address, date; no section): no query.
    """
    limit = limit or settings.RELATED_STORIES_LIMIT
    if hasattr(article, "related_rows"):
        rows = sorted(article.related_rows or [], key=lambda row: row["rank"])[:limit]
        return [rebuild(Article, row) for row in rows]
    return list(
        Article.objects.published().for_cards().filter(listed_in__article=article).order_by("listed_in__rank")[:limit]
    )


def articles_listing(story_id):
    """Ids of the articles whose stored list holds `story_id` (a queryset): the pages that show it."""
    return RelatedStory.objects.lists_showing(story_id)


def stories_changed(article_ids):
    """Articles went live, were scheduled or had their tags changed: store their lists, then refresh
    the lists near them (the stories in their new lists, and the lists that held them).

    Relatedness is symmetric (shared tags), so those are the lists they most likely enter
    or leave; the refresh stays bounded by the stored limit and the lists that hold them.
    """
    ids = {int(pk) for pk in article_ids}
    refresh_related(ids)
    near = set(RelatedStory.objects.filter(article_id__in=ids).values_list("story_id", flat=True))
    near |= set(RelatedStory.objects.filter(story_id__in=ids).values_list("article_id", flat=True))
    refresh_related(near - ids)


def story_withdrawn(article_id):
    """An article was taken down: the lists that held it are filled again from the rest."""
    refresh_related(list(articles_listing(article_id)))
