"""What the anonymous page cache keys on, and which content change invalidates what.

Pages are never deleted from the cache one by one: their keys carry *generation*
tokens kept in the shared cache (Redis in production), and a change replaces the
tokens of what it affects. The next request computes a key nobody has stored yet,
renders, and stores; the old entries are simply never read again and expire. Because
the tokens live in the shared cache, a change saved by any worker, any server or a
management command reaches every worker on every server at once.

Scopes, from widest to narrowest, and why they were cut this way:

``site``
    Every public page. Bumped by anything that shows on more than one page:
    publishing, unpublishing or deleting a public article, editing what its story
    card shows (title, slug, dek, section, dates, hero image, authors, tags), and
    any change to a section (the navigation is on every page), a tag (tag lists on
    article pages and cards) or an author (bylines everywhere).
``lists``
    Every public page that is not an article page: home, sections, tags, authors,
    search, feeds, sitemaps. Bumped together with one article's scope when a public
    article changes only in page-level fields (body, sources, captions, review,
    corrections): search results and the feeds' and sitemaps' dates depend on them,
    the other article pages do not.
``articles``
    Every article page. Bumped by a disclaimer change: disclaimers show only on
    article pages, never on lists.
``article:<slug>``
    One article page. Bumped by page-level edits of that article and by its
    correction notes.

A change to an article that is public neither before nor after it (a draft, an
article scheduled for later) invalidates no page: readers cannot see it. When a
scheduled article's time comes there is no save at all, so instead every cached
page expires no later than the next scheduled publication (see next_publication()).
Setting or moving a schedule bumps ``site`` once, so that pages stored before the
schedule existed are stored again with that cap.
"""

import logging
import secrets
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal
from django.utils import timezone

logger = logging.getLogger("newsroom.pagecache")

SITE = "site"
LISTS = "lists"
ARTICLES = "articles"

# Sent after generations are bumped, with `scopes` (a list of scope names). Connect a CDN
# purge here when the CDN's s-maxage is too long to wait for (see docs/deploy.md).
page_cache_invalidated = Signal()

# Article fields shown only on the article's own page (and in search, feeds and sitemaps,
# which the `lists` scope covers). A change limited to these re-renders that one page and
# the lists; a change to any other field — including fields added later — is treated as
# visible everywhere, which is never wrong, only less economical.
PAGE_ONLY_FIELDS = frozenset(
    {
        "body",
        "hero_caption",
        "hero_credit",
        "source_name",
        "source_url",
        "source_note",
        "original_reporting",
        "disclaimer_id",
        "reviewed_by_id",
        "last_reviewed",
        "updated_at",
        "created_at",
        "created_by_id",
        "search_vector",
    }
)

NEXT_PUBLICATION_KEY = "pagecache:next-publication"
NO_PUBLICATION = "none"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _gen_key(scope):
    return f"pagecache:gen:{scope}"


def article_scope(slug):
    return f"article:{slug}"


def new_token():
    """A generation token: when it was made, and something no other process will make."""
    return f"{time.time():.3f}:{secrets.token_hex(6)}"


def seconds_since_change(tokens):
    """How long ago the newest of `tokens` was made (read replicas may not have that change yet)."""
    made = [float(token.split(":", 1)[0]) for token in tokens if isinstance(token, str) and ":" in token]
    return time.time() - max(made) if made else float("inf")


# --- Reading generations (the hot path: one round trip) ------------------------------


def generations(scopes):
    """Current token of each scope, creating missing ones; None if the cache cannot keep them.

    None means "do not cache this request": without a token that every worker agrees
    on, a stored page could never be invalidated.
    """
    cache = page_cache()
    keys = [_gen_key(scope) for scope in scopes]
    found = cache.get_many(keys + [NEXT_PUBLICATION_KEY])
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            # First use, eviction or a Redis restart: start a new generation. add() keeps
            # the token of another worker that got there first.
            cache.add(key, new_token(), timeout=None)
            token = cache.get(key)
            if token is None:
                return None
        tokens.append(token)
    return tokens, found.get(NEXT_PUBLICATION_KEY)


# --- Scheduled publication ------------------------------------------------------------


def next_publication(cached_value=None):
    """When the next scheduled article goes live (aware datetime), or None.

    Read from the cache when fresh (`cached_value` is what generations() already
    fetched), else one indexed aggregate query, cached for at most a minute and never
    past the time itself; any article save or delete drops it.
    """
    now = timezone.now()
    value = cached_value
    if value is None:
        value = page_cache().get(NEXT_PUBLICATION_KEY)
    if value is not None:
        if value == NO_PUBLICATION:
            return None
        if value > now:
            return value
    try:
        return refresh_next_publication()
    except DatabaseError:
        # The database is down: pages already cached can still be served, without a cap.
        logger.warning("Page cache: cannot look up the next scheduled publication.", exc_info=True)
        return None


def refresh_next_publication():
    """Look the next scheduled publication up and cache it (at most a minute, never past it).

    Called after every article save or delete, so that readers' requests rarely pay
    for the query; the minute bounds how long a change made without signals (a
    QuerySet.update()) can go unnoticed.
    """
    from articles.models import Article, Status

    now = timezone.now()
    value = (
        Article.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
        .order_by()
        .aggregate(next=Min("published_at"))["next"]
    )
    seconds = 60 if value is None else min(60, max(1, int((value - now).total_seconds())))
    page_cache().set(NEXT_PUBLICATION_KEY, NO_PUBLICATION if value is None else value, seconds)
    return value


def seconds_until_next_publication(cached_value=None):
    """Seconds a page may be cached before a scheduled article changes it (None: no limit)."""
    upcoming = next_publication(cached_value)
    if upcoming is None:
        return None
    return max(0, int((upcoming - timezone.now()).total_seconds()))


# --- Invalidation ---------------------------------------------------------------------


def bump(*scopes):
    """Start new generations for `scopes`, now and again when the transaction commits.

    Now, so that this process and tests (which never commit) see the change at once;
    again on commit, because a request that read the new token before the commit could
    have rendered and stored the old content under it.
    """
    scopes = tuple(dict.fromkeys(scopes))
    if not scopes:
        return
    _replace_tokens(scopes)
    _again_on_commit(lambda: _replace_tokens(scopes))
    # Whatever re-renders pages also changes their ETag/Last-Modified, so bulk writers need one call.
    from articles import freshness

    freshness.content_changed()


def _replace_tokens(scopes):
    page_cache().set_many({_gen_key(scope): new_token() for scope in scopes}, timeout=None)
    page_cache_invalidated.send(sender=None, scopes=list(scopes))


def schedule_may_have_changed():
    """An article was saved or deleted: look the next scheduled publication up again, now and on commit."""
    refresh_next_publication()
    _again_on_commit(refresh_next_publication)


def _again_on_commit(function):
    """Run `function` again when the current transaction commits (outside one, it just ran)."""
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(function, robust=True)


def _is_public(status, published_at, now=None):
    """Article.is_public for values that may not be on an instance (the row as it was before a save)."""
    from articles.models import Article

    return Article(status=status, published_at=published_at).is_public


def _article_is_public(article_id):
    from articles.models import Article

    return Article.objects.published().filter(pk=article_id).exists()


# --- Signal receivers -------------------------------------------------------------------


def remember_article_before_save(sender, instance, raw=False, **kwargs):
    """Keep the stored row, to tell after the save what changed and whether it was public."""
    instance._pagecache_before = None
    if instance.pk and not raw:
        fields = [field.attname for field in sender._meta.concrete_fields]
        instance._pagecache_before = sender._base_manager.filter(pk=instance.pk).values(*fields).first()


def article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    schedule_may_have_changed()
    before = getattr(instance, "_pagecache_before", None)
    now = timezone.now()
    public_after = _is_public(instance.status, instance.published_at, now)
    public_before = bool(before) and _is_public(before["status"], before["published_at"], now)
    if not (public_before or public_after):
        if _newly_scheduled(instance, before, now):
            # Pages stored before this schedule existed were given a lifetime that may run
            # past its time: start over, so every page is stored again with the new cap.
            bump(SITE)
        return
    if before is None:
        bump(SITE)
        return
    changed = {name for name, value in before.items() if getattr(instance, name) != value}
    if update_fields is not None:
        changed &= {sender._meta.get_field(name).attname for name in update_fields}
    if public_before != public_after or not changed <= PAGE_ONLY_FIELDS:
        bump(SITE)
    else:
        bump(LISTS, article_scope(instance.slug))


def _newly_scheduled(instance, before, now):
    from articles.models import Status

    scheduled = instance.status == Status.PUBLISHED and instance.published_at and instance.published_at > now
    unchanged = before and (before["status"], before["published_at"]) == (instance.status, instance.published_at)
    return bool(scheduled and not unchanged)


def article_deleting(sender, instance, **kwargs):
    instance._pagecache_was_public = _is_public(instance.status, instance.published_at)


def article_deleted(sender, instance, **kwargs):
    schedule_may_have_changed()
    if getattr(instance, "_pagecache_was_public", True):
        bump(SITE)


def article_relation_changed(sender, instance, **kwargs):
    """A byline or a tag link was added, changed or removed: bump if its article is public."""
    article_id = getattr(instance, "article_id", None) or getattr(instance, "content_object_id", None)
    if article_id is None or _article_is_public(article_id):
        bump(SITE)


def article_tags_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    from articles.models import Article

    if not isinstance(instance, Article) or _article_is_public(instance.pk):
        bump(SITE)


def site_wide_change(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(SITE)


def disclaimer_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(ARTICLES)


def article_child_changed(sender, instance, raw=False, **kwargs):
    """A row shown on one article's page (a correction) changed: that page and the lists."""
    if raw:
        return
    from articles.models import Article

    slug = Article.objects.filter(pk=instance.article_id).values_list("slug", flat=True).first()
    if slug is not None:
        bump(LISTS, article_scope(slug))


def connect_signals():
    """Wire the receivers (called once from NewsroomConfig.ready(), after every app is loaded)."""
    from articles.models import Article, ArticleAuthor, Author, Disclaimer, Section, Tag, TaggedArticle

    uid = "newsroom.pagecache"
    pre_save.connect(remember_article_before_save, sender=Article, dispatch_uid=f"{uid}.article.pre")
    post_save.connect(article_saved, sender=Article, dispatch_uid=f"{uid}.article.post")
    pre_delete.connect(article_deleting, sender=Article, dispatch_uid=f"{uid}.article.pre_delete")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid=f"{uid}.article.delete")
    for model in (ArticleAuthor, TaggedArticle):
        name = model._meta.model_name
        post_save.connect(article_relation_changed, sender=model, dispatch_uid=f"{uid}.{name}.save")
        post_delete.connect(article_relation_changed, sender=model, dispatch_uid=f"{uid}.{name}.delete")
    m2m_changed.connect(article_tags_changed, sender=TaggedArticle, dispatch_uid=f"{uid}.tags")
    for model in (Section, Tag, Author):
        name = model._meta.model_name
        post_save.connect(site_wide_change, sender=model, dispatch_uid=f"{uid}.{name}.save")
        post_delete.connect(site_wide_change, sender=model, dispatch_uid=f"{uid}.{name}.delete")
    post_save.connect(disclaimer_changed, sender=Disclaimer, dispatch_uid=f"{uid}.disclaimer.save")
    post_delete.connect(disclaimer_changed, sender=Disclaimer, dispatch_uid=f"{uid}.disclaimer.delete")
    for label in settings.PAGE_CACHE_ARTICLE_CHILD_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            logger.info("Page cache: %s is not installed; not watching it.", label)
            continue
        post_save.connect(article_child_changed, sender=model, dispatch_uid=f"{uid}.{label}.save")
        post_delete.connect(article_child_changed, sender=model, dispatch_uid=f"{uid}.{label}.delete")
