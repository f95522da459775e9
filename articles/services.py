"""Rules and queries too large for a model method, called by views, admin and commands alike."""

import math
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from . import changes
from .models import Article, Section, Status, TaggedArticle, public_fetch_mode
from .models.prepared import PreparedQuery
from .sanitize import render_body, sanitize_html

BODY_BATCH_SIZE = 500
STORIES_PER_FRONT = 3  # stories under each section's name on home


def tag_weight(article_count):
    """Rarer tags weigh more: a tag on few articles says more about a story than one on thousands."""
    return 1.0 / math.log(2 + max(article_count, 0))


# What related_stories() reads of each story: the row and its section's name and slug, for cards.
CARD_COLUMNS = "a.*, s.name AS section_name, s.slug AS section_slug, ranked.score AS relatedness"


def related_stories_sql(*, article_id, tags, limit, columns=CARD_COLUMNS, scheduled=False):
    """SQL ranking published articles by weighted shared tags, with bounded candidates.

    For each of the article's tags, only the newest RELATED_CANDIDATES_PER_TAG tagged
    articles are read (an index range scan on (tag, article)); the union is summed by
    weight and cut to a shortlist (eight times the limit, newest ids first among equal
    scores) before any article row is read, so the cost stays that of the index scans.
    The shortlist is then filtered through the published door and ordered by score,
    then publication time. A shortlist crowded by drafts can only shorten the list.
    `scheduled=True` also ranks published stories whose time is still to come (the stored
    lists keep them, and the published door shows them once they are live).
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
    public = "a.status = %s" if scheduled else "a.status = %s AND a.published_at <= %s"
    sql = (
        f"SELECT {columns} "
        f"FROM (SELECT oid, SUM(weight) AS score FROM ({candidates}) AS candidates "
        f"WHERE oid <> %s GROUP BY oid ORDER BY score DESC, oid DESC LIMIT %s) AS ranked "
        f"JOIN {article_table} a ON a.id = ranked.oid "
        f"JOIN {section_table} s ON s.id = a.section_id "
        f"WHERE {public} "
        f"ORDER BY ranked.score DESC, a.published_at DESC, a.id DESC LIMIT %s"
    )
    params.extend([article_id, limit * settings.RELATED_SHORTLIST_FACTOR, Status.PUBLISHED])
    if not scheduled:
        params.append(timezone.now())
    params.append(limit)
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
    """The newest published stories, never `exclude` itself: a list (a prepared query, one per limit)."""
    pk = exclude.pk if exclude is not None and exclude.pk else 0  # 0 is no story's key: nothing left out
    return _latest(limit or settings.LATEST_STORIES_LIMIT).fetch(exclude=pk)


@cache
def _latest(limit):
    def build(exclude):
        return Article.objects.published().for_cards().exclude(pk=exclude)[:limit]

    return PreparedQuery(Article, build, exclude=int)


def section_fronts():
    """Each section with stories, in section order, with its newest STORIES_PER_FRONT published stories: one query."""
    fronts = {}
    for story in _SECTION_FRONT_STORIES.fetch():
        fronts.setdefault(story.section_id, (story.section, []))[1].append(story)
    return sorted(fronts.values(), key=lambda front: (front[0].position, front[0].name))


def _section_front_stories():
    """The stories of section_fronts(), newest first.

    The n-th newest story of every section is a scalar subquery per section (an index read
    on (section, status, published_at)); the stories are those ids, one list (UNION ALL of the
    n-th columns) the outer query looks up by key. The query reads sections x STORIES_PER_FRONT rows
    whatever the size of the archive. (OR-ing one `IN` per n instead lets PostgreSQL plan a scan
    of every public story.)
    """
    nth = Article.objects.published().filter(section=OuterRef("pk")).order_by("-published_at", "-pk")
    sections = Section.objects.annotate(
        **{f"story_{n}": Subquery(nth.values("pk")[n : n + 1]) for n in range(STORIES_PER_FRONT)}
    ).order_by()
    columns = [sections.values_list(f"story_{n}", flat=True) for n in range(STORIES_PER_FRONT)]
    newest = columns[0].union(*columns[1:], all=True) if len(columns) > 1 else columns[0]
    return Article.objects.published().for_cards().filter(pk__in=newest).order_by("-published_at", "-pk")


# Home's section fronts: the same query on every cold home page (prepared once per process).
_SECTION_FRONT_STORIES = PreparedQuery(Article, _section_front_stories)


def store_rendered_bodies(article_ids):
    """Store the reader's body HTML (Article.body_html) of these articles; return how many changed.

    For writers that bypass Article.save() (bulk_create, importers) and for image changes
    that alter what a body's pictures render to. Rows whose HTML is unchanged are not written.
    """
    ids = sorted({int(pk) for pk in article_ids})
    changed = 0
    for start in range(0, len(ids), BODY_BATCH_SIZE):
        batch = Article.objects.filter(pk__in=ids[start : start + BODY_BATCH_SIZE])
        # Written around save(): sanitised here too, whatever the bulk writer stored.
        rendered = {
            pk: (body, html)
            for pk, body, old in batch.values_list("pk", "body", "body_html")
            if (html := render_body(sanitize_html(body))) != old
        }
        stale = []
        with transaction.atomic():
            # Locked only to write, and written only where the body is still the one rendered: an
            # editor's save meanwhile keeps the HTML it stored, not the old text's.
            for article in Article.objects.filter(pk__in=list(rendered)).only("pk", "body").select_for_update():
                body, html = rendered[article.pk]
                if article.body == body:
                    article.body_html = html
                    stale.append(article)
            Article.objects.bulk_update(stale, ["body_html"], batch_size=BODY_BATCH_SIZE)
        changed += len(stale)
    if changed:
        changes.bulk_changed()
    return changed
