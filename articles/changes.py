"""The one owner of "public content changed": what each change affects, and how fresh each page is.

Every public page depends on a few *scopes*; a change replaces the generation token
of each scope it affects (the token store is `newsroom.pagecache`, wired in at start
up). The page cache keys pages on those tokens, and ETag and Last-Modified are
derived from the same tokens, so one answer serves both.

Scopes, from widest to narrowest, and why they were cut this way:

``site``
    Every public page. Bumped by what may show anywhere: any change to a section
    (the navigation is on every page), a tag, an author or an image.
``lists``
    Every public page that is not an article page: home, sections, tags, authors,
    search, feeds, sitemaps. Bumped by every visible change to a public article.
``latest``
    The "latest stories" list: the list pages, and the shared fragment that article
    pages are assembled with (newsroom.fragments), so an article page's own entry
    survives a publish. Bumped when a story goes public or leaves, or its card changes.
``articles``
    Every article page: a disclaimer change (disclaimers show only there).
``article:<slug>``
    One article page: edits of that article and its correction notes, and changes to
    the stories it links to (its neighbours in its section, its related stories).

Publishing, taking down or editing the card of one story (its title, dek, section,
date, picture) therefore re-renders that story's page, the lists, and the few article
pages that link to it (see card_scopes()), not the archive. A change to an article
that is public neither before nor after it (a draft, a story scheduled for later)
moves nothing. A scheduled story goes live with no save at all: the next reader to
see its time pass declares it (see page_state()), and no page is cached past the
next scheduled publication.

Takedowns (a public story unpublished, archived, rescheduled, deleted or moved to
another slug) insist past a slow cache; if the change still cannot be recorded, it
is logged as an error and reported to whoever made it (see articles.takedown_reports).

Writers that bypass Article.save() (bulk_create, QuerySet.update, raw SQL, restoring
a dump) call bulk_changed() afterwards, and link_dates.copy_to_links() when they moved
publication times (tag links and bylines carry a copy: articles.models.link_dates).
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import DatabaseError, transaction
from django.utils import timezone

from . import navigation, takedown_reports
from .models import Article, RelatedStory, Status

logger = logging.getLogger("articles.changes")

SITE = "site"
LISTS = "lists"
LATEST = "latest"
ARTICLES = "articles"
ARTICLE_VIEW = "articles:article"

# Article fields and where readers see them. A change limited to PAGE_FIELDS re-renders
# that article's page and the lists; a change to CARD_FIELDS also the pages linking to it.
# tests/articles/test_changes.py fails when a concrete field is in none of these.
CARD_FIELDS = frozenset(
    {"id", "title", "slug", "dek", "section_id", "status", "published_at", "hero_image", "hero_alt"}
)
PAGE_FIELDS = frozenset(
    {
        "body",
        "body_html",
        "hero_caption",
        "hero_credit",
        "source_name",
        "source_url",
        "source_note",
        "original_reporting",
        "disclaimer_id",
        "reviewed_by_id",
        "last_reviewed",
        "review_due_on",
        "updated_at",
    }
)
UNSHOWN_FIELDS = frozenset({"created_at", "created_by_id", "extras_saved_at"})

NEXT_PUBLICATION_KEY = "changes:next-publication"
NO_PUBLICATION = "none"
# How long a looked-up next publication is trusted before it is looked up again.
NEXT_PUBLICATION_SECONDS = 60
# Stories declared live at once by a reader's request; more (a restored dump) are bulk_changed().
WENT_LIVE_LIMIT = 20


def article_scope(slug):
    return f"article:{slug}"


def scopes_for_page(view_name, kwargs):
    """The scopes a public page depends on, from its resolved URL (LATEST last: see page_state())."""
    if view_name == ARTICLE_VIEW and "slug" in kwargs:
        return [SITE, ARTICLES, article_scope(kwargs["slug"]), LATEST]
    return [SITE, LISTS, LATEST]


def assembled_scopes(view_name):
    """The scopes whose part of the page the page cache puts in itself (articles.fragments)."""
    return [LATEST] if view_name == ARTICLE_VIEW else []


def card_scopes(article, *, before=None):
    """What shows `article`'s card or links to it: its page, the lists, its neighbours, pages listing it.

    `before`: its stored row before a change, whose old place (section, time, slug)
    loses the story. Two small indexed queries per place, one for the related lists.
    """
    places = {(article.section_id, article.published_at, article.slug)}
    if before is not None and {"section_id", "published_at", "slug"} <= before.keys():
        places.add((before["section_id"], before["published_at"], before["slug"]))
    slugs = set()
    for section_id, published_at, slug in places:
        slugs.add(slug)
        if section_id is not None and published_at is not None:
            slugs.update(navigation.neighbour_slugs(section_id, published_at, article.pk))
    if article.pk is not None:
        listing = RelatedStory.objects.lists_showing(article.pk)
        slugs.update(Article.objects.published().filter(pk__in=listing).values_list("slug", flat=True))
    return [LISTS, LATEST, *sorted(article_scope(slug) for slug in slugs)]


# --- The token store (registered by the project at start-up) -------------------------


_store = None


def use_store(store):
    """Register the token store: a module or object with read, bump, token_time, set_value, add_value."""
    global _store
    _store = store


def _bump(scopes, *, takedown=None):
    """Replace the tokens of `scopes`; `takedown` names what was withdrawn, for the report."""
    if _store is None:
        return True
    on_failure = None
    if takedown is not None:
        on_failure = takedown_reports.on_failure(takedown)
    return _store.bump(scopes, insist=takedown is not None, on_failure=on_failure)


# --- Kinds of change -------------------------------------------------------------------


def article_saved(article, *, before, created, update_fields=None):
    """`article` was saved; `before` is its stored row before the save (None when new or never loaded)."""
    _schedule_may_have_changed()
    known = before is not None or created
    public_before = _was_public(before) if before is not None else not created
    public_after = article.is_public
    if not (public_before or public_after):
        if _newly_scheduled(article, before):
            # Lists stored before this schedule existed were given lifetimes past its time.
            _bump([LISTS, LATEST])
        return
    if public_before and not public_after:
        _bump(card_scopes(article, before=before), takedown=f'"{article.title}"')
        return
    if not known or created:
        _bump(card_scopes(article, before=before))
        return
    changed = _changed_fields(article, before, update_fields)
    if "slug" in changed and public_before:
        _bump(card_scopes(article, before=before), takedown=f'the old address of "{article.title}"')
    elif public_before != public_after or not changed <= PAGE_FIELDS | UNSHOWN_FIELDS:
        _bump(card_scopes(article, before=before))
    elif changed - UNSHOWN_FIELDS:
        _bump([LISTS, article_scope(article.slug)])


def _changed_fields(article, before, update_fields):
    """Attnames whose value differs from the stored row (a field the row did not load counts as changed)."""
    deferred = article.get_deferred_fields()
    names = [f.attname for f in Article._meta.concrete_fields if f.attname not in deferred]
    if update_fields is not None:
        written = {Article._meta.get_field(name).attname for name in update_fields}
        names = [name for name in names if name in written]
    return {name for name in names if name not in before or getattr(article, name) != before[name]}


def article_being_deleted(article):
    """`article` is about to be deleted: what links to it is found while the links still exist."""
    _schedule_may_have_changed()
    if article.is_public:
        _bump(card_scopes(article), takedown=f'"{article.title}"')


def article_relation_changed(article_id):
    """A byline or tag link of the article changed: its page and the lists (cards show neither)."""
    if article_id is None:
        _bump([SITE])
        return
    slug = Article.objects.published().filter(pk=article_id).values_list("slug", flat=True).first()
    if slug is not None:
        _bump([LISTS, article_scope(slug)])


def related_lists_changed(article_ids):
    """The stored related stories of these articles changed: their pages, where public."""
    article_pages_changed(article_ids)


def article_pages_changed(article_ids):
    """Something shown only on these articles' own pages changed (related lists, a review falling due)."""
    if not article_ids:
        return
    slugs = Article.objects.published().filter(pk__in=article_ids).values_list("slug", flat=True)
    scopes = sorted(article_scope(slug) for slug in slugs)
    if scopes:
        _bump(scopes)


def article_page_changed(article_id):
    """Something shown on one article's page only (a correction note) changed."""
    slug = Article.objects.published().filter(pk=article_id).values_list("slug", flat=True).first()
    if slug is not None:
        _bump([LISTS, article_scope(slug)])


def site_changed():
    """A section, tag, author or image changed: it may show on any page."""
    _bump([SITE])


def disclaimers_changed():
    _bump([ARTICLES])


def bulk_changed():
    """Articles were written without Article.save(): every public page may differ."""
    _schedule_may_have_changed()
    return _bump([SITE])


def _was_public(row):
    """Article.is_public for the stored row; a row loaded without the fields (defer, only) counts as public."""
    if "status" not in row or "published_at" not in row:
        return True
    return Article(status=row["status"], published_at=row["published_at"]).is_public


def _newly_scheduled(article, before):
    # Published but not yet public: scheduled for later.
    if article.status != Status.PUBLISHED or article.is_public or article.published_at is None:
        return False
    stored = (before.get("status"), before.get("published_at")) if before is not None else None
    return stored != (Status.PUBLISHED, article.published_at)


# --- Scheduled publication -------------------------------------------------------------


def refresh_next_publication():
    """Look the next scheduled publication up and keep it in the store; return it (or None)."""
    try:
        upcoming = Article.objects.next_publication_time()
    except DatabaseError:
        logger.warning("Cannot look up the next scheduled publication.", exc_info=True)
        return None
    if _store is not None:
        _store.set_value(NEXT_PUBLICATION_KEY, {"at": upcoming or NO_PUBLICATION, "checked": timezone.now()}, None)
    return upcoming


def _schedule_may_have_changed():
    """Look the next scheduled publication up again, now and once the transaction commits."""
    refresh_next_publication()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(refresh_next_publication, robust=True)


def _next_publication(stored, latest_changed_at):
    """(next scheduled publication, whether a story that went live since was just found) for a reader.

    The store's record is trusted for NEXT_PUBLICATION_SECONDS and until its time; then
    two indexed queries look again. A published story whose time is later than the last
    change of the `latest` scope went live without a save (a schedule reached, or a
    record lost to eviction): it is declared once, as a publication (add() decides
    which reader does).
    """
    now = timezone.now()
    if isinstance(stored, dict):
        upcoming = stored.get("at")
        upcoming = upcoming if isinstance(upcoming, datetime) else None
        fresh = (now - stored["checked"]).total_seconds() < NEXT_PUBLICATION_SECONDS
        if fresh and (upcoming is None or upcoming > now):
            return upcoming, False
    upcoming = refresh_next_publication()
    try:
        last_live = Article.objects.last_publication_time()
    except DatabaseError:
        logger.warning("Cannot look up the last publication.", exc_info=True)
        return upcoming, False
    if last_live is None or last_live.timestamp() <= latest_changed_at:
        return upcoming, False
    if _store.add_value(f"changes:went-live:{last_live.isoformat()}", 1, 3600):
        since = datetime.fromtimestamp(latest_changed_at, tz=UTC)
        went_live = Article.objects.published().filter(published_at__gt=since).order_by("-published_at")
        scopes = [LISTS, LATEST]
        for article in went_live[:WENT_LIVE_LIMIT]:
            scopes.extend(card_scopes(article))
        _bump(scopes)
    return upcoming, True


# --- What readers' requests ask --------------------------------------------------------


@dataclass(frozen=True)
class PageState:
    """The current tokens of a page's scopes, and when the next scheduled story goes live."""

    tokens: tuple
    next_publication: object  # aware datetime or None

    @property
    def seconds_until_next_publication(self):
        if self.next_publication is None:
            return None
        return max(0, int((self.next_publication - timezone.now()).total_seconds()))

    @property
    def changed_at(self):
        """When any of the page's scopes last changed (a Unix time): its Last-Modified."""
        return max(_store.token_time(token) for token in self.tokens)


def page_state(scopes):
    """The state of a page depending on `scopes` (one round trip to the store), or None: do not cache.

    None when there is no store or it cannot keep tokens, or when a scheduled story
    is due this very moment.
    """
    if _store is None:
        return None
    found = _store.read(scopes, extra_keys=[NEXT_PUBLICATION_KEY])
    if found is None:
        return None
    tokens, extras = found
    latest_changed_at = _store.token_time(tokens[scopes.index(LATEST)]) if LATEST in scopes else float("inf")
    upcoming, went_live = _next_publication(extras.get(NEXT_PUBLICATION_KEY), latest_changed_at)
    if went_live:
        found = _store.read(scopes)
        if found is None:
            return None
        tokens = found[0]
    if upcoming is not None and upcoming <= timezone.now():
        return None
    return PageState(tokens=tuple(tokens), next_publication=upcoming)
