"""Editorial history rules: revisions, restore, edit conflicts, presence, tag merges, old addresses.

Called by the admin, signals, views and tests alike; nothing here knows about HTTP.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime

from articles import pending, related
from articles.bylines import existing_in_order
from articles.models import Article, ArticleAuthor, PendingVersion, Tag, TaggedArticle

from .models import ArticleSlugRedirect, Correction, Revision, TagRedirect

# --- Revisions ------------------------------------------------------------------------

TEXT_FIELDS = [
    "title", "slug", "dek", "body", "hero_alt", "hero_caption", "hero_credit",
    "source_name", "source_url", "source_note",
]  # fmt: skip
# Article fields a revision does not keep: bookkeeping that no editor writes.
# body_html is made from body at every save: a revision keeps the body it was made from.
UNREVISIONED_FIELDS = frozenset(
    {"id", "created_at", "updated_at", "created_by", "body_html", "review_due_on", "extras_saved_at"}
)
# What a restore puts back. The slug is shown in diffs but never restored: that would move a live URL.
RESTORED_TEXT_FIELDS = [name for name in TEXT_FIELDS if name != "slug"]


def _ref(obj, label):
    return {"id": obj.pk, "name": label} if obj is not None else None


def snapshot(article):
    """The article's editorial content as JSON, read fresh from the database."""
    article = (
        Article.objects.select_related("section", "disclaimer", "reviewed_by")
        .prefetch_related("tags")
        .get(pk=article.pk)
    )
    bylines = ArticleAuthor.objects.filter(article=article).select_related("author").order_by("position", "id")
    data = {name: getattr(article, name) for name in TEXT_FIELDS}
    data.update(
        section=_ref(article.section, article.section.name if article.section_id else ""),
        tags=sorted((tag.name for tag in article.tags.all()), key=str.lower),
        authors=[_ref(byline.author, byline.author.name) for byline in bylines],
        hero_image=article.hero_image.name or "",
        original_reporting=article.original_reporting,
        disclaimer=_ref(article.disclaimer, article.disclaimer.title if article.disclaimer_id else ""),
        reviewed_by=_ref(article.reviewed_by, str(article.reviewed_by) if article.reviewed_by_id else ""),
        last_reviewed=article.last_reviewed.isoformat() if article.last_reviewed else None,
        # Shown in the history so a workflow step reads as one; never restored (the workflow owns them).
        status=article.status,
        published_at=article.published_at.isoformat() if article.published_at else None,
    )
    return data, article.updated_at


# True inside `revision_recorded_by_caller()`: the article saves there record no revision by themselves.
_recorded_by_caller = ContextVar("editorial_revision_recorded_by_caller", default=False)


@contextmanager
def revision_recorded_by_caller():
    """Article saves inside this block record no revision: the caller calls record_revision() itself.

    For a save followed by bylines and tags (the admin's change form, a restore): the revision
    is taken once they are saved too, so it shows the article as it was left.
    """
    token = _recorded_by_caller.set(True)
    try:
        yield
    finally:
        _recorded_by_caller.reset(token)


def revision_is_recorded_by_caller():
    return _recorded_by_caller.get()


# In every snapshot, so each revision says whether readers could see it (the public change history
# reads that), but a change to these alone is a workflow step: its record is the Transition list.
WORKFLOW_FIELDS = frozenset({"status", "published_at"})


def same_content(old_snapshot, new_snapshot):
    """True when two snapshots differ at most in the workflow's fields."""
    keys = (old_snapshot.keys() | new_snapshot.keys()) - WORKFLOW_FIELDS
    return all(old_snapshot.get(key) == new_snapshot.get(key) for key in keys)


def record_revision(article, *, by=None, note=""):
    """Keep the article's current editorial content as its next numbered revision.

    Returns None, keeping nothing, when the content is that of the latest revision (a save that
    changed nothing, a workflow step). A call with a note (a restore, an import) is always kept:
    the note records an act even when the content it left is the same.
    """
    data, updated_at = snapshot(article)
    for _attempt in range(3):
        latest = Revision.objects.filter(article=article).order_by("-number").values_list("number", "snapshot").first()
        if latest is not None and not note and same_content(latest[1], data):
            return None
        number = (latest[0] if latest else 0) + 1
        try:
            with transaction.atomic():
                return Revision.objects.create(
                    article=article, number=number, by=by, note=note, snapshot=data, article_updated_at=updated_at
                )
        except IntegrityError:
            continue  # someone saved the same article at the same moment: take the next number
    raise IntegrityError(f"Could not number a revision of article {article.pk}")


def corrections_between(older, newer):
    """The correction and update notes added to the article after revision `older`, up to `newer`.

    Notes are their own rows, not part of a revision's snapshot: a diff lists them by time.
    """
    return (
        Correction.objects.filter(
            article_id=newer.article_id, created_at__gt=older.created_at, created_at__lte=newer.created_at
        )
        .select_related("by")
        .order_by("created_at", "id")
    )


@transaction.atomic
def restore_revision(*, revision, by):
    """Put an earlier revision's content back, by restored_content()'s rules; the restore is itself a new revision."""
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    # The tags and byline of the current content are not read: the revision's replace them.
    content = restored_content(revision=revision, current=pending.content_of(article, tags=(), authors=()))
    with revision_recorded_by_caller():
        pending.write_content(article, content)
    return record_revision(article, by=by, note=f"Restored revision {revision.number}")


def restored_content(*, revision, current):
    """What restoring `revision` puts back, as content (articles.pending): `current` with the revision's content.

    Status, publication time and slug stay as they are: the workflow owns the first two and a
    live URL must not move. What the revision names that no longer exists is not guessed: a
    deleted section, disclaimer or reviewer stays as it is now, a deleted author leaves the byline
    (the others keep their order). Both restores use this: restore_revision() writes it at once,
    restore_as_pending() keeps it as the pending version.
    """
    data = revision.snapshot
    content = {**current, **{name: data.get(name, "") for name in RESTORED_TEXT_FIELDS}}
    content.update(
        hero_image=data.get("hero_image", ""),
        original_reporting=bool(data.get("original_reporting")),
        last_reviewed=data.get("last_reviewed"),
        tags=list(data.get("tags", [])),
        authors=existing_in_order([ref["id"] for ref in data.get("authors", [])]),
    )
    for name, model in pending.RELATED_FIELDS.items():
        ref = data.get(name)
        if ref is None and name != "section":  # a revision without a section keeps today's
            content[name] = None
        elif ref and model.objects.filter(pk=ref["id"]).exists():
            content[name] = ref["id"]
    return content


@transaction.atomic
def restore_as_pending(*, revision, by):
    """Restore `revision` of a live story as its pending version: readers keep the live story until it is published."""
    # Locked as a change form's save locks it (find_conflict): pending changes saved meanwhile are
    # read and carried over, not written over.
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    row = pending.pending_of(article)
    current = row.content if row is not None else pending.live_content(article)
    content = restored_content(revision=revision, current=current)
    return pending.save(article=article, content=content, by=by, note=f"Restored revision {revision.number}")


# --- Edit conflicts ---------------------------------------------------------------------


def version_token(article):
    """What an open change form carries: when the article, its pending changes if any, and the rows
    saved beside a live story's row (Article.extras_saved_at) were last saved.

    A live story's edits are saved to its pending version, not its row, so two people editing
    one live story are told apart by the pending version's time. The admin reads the pending
    version onto the article (`pending_version_row`); other callers have it looked up.
    """
    row = article.pending_version_row if hasattr(article, "pending_version_row") else pending.pending_of(article)
    return _token(article.updated_at, row.updated_at if row is not None else None, article.extras_saved_at)


def _token(article_saved, pending_saved, extras_saved=None):
    # Empty parts at the end are left off: a story without them keeps the token it always had.
    moments = (article_saved, pending_saved, extras_saved)
    return "|".join(moment.isoformat() if moment else "" for moment in moments).rstrip("|")


def _parse_token(token):
    parts = [_moment(part) for part in (token or "").split("|")[:3]]
    return (*parts, *[None] * (3 - len(parts)))


def _moment(text):
    """The time in a posted token; None for anything else (a tampered "2026-02-30" included)."""
    try:
        return parse_datetime(text) if text else None
    except ValueError:
        return None


def find_conflict(article, token):
    """If the article or its pending changes were saved since the form carrying `token` was opened, say how; else None.

    Locks the article's row until the save's transaction ends, so two saves from forms
    opened at the same version cannot both pass.
    """
    found = Article.objects.select_for_update().filter(pk=article.pk).values_list("updated_at", "extras_saved_at")
    if not found:
        return None
    current, extras_saved = found[0]
    waiting = PendingVersion.objects.filter(article_id=article.pk).select_related("updated_by").first()
    pending_saved = waiting.updated_at if waiting is not None else None
    opened_at, opened_pending, opened_extras = _parse_token(token)
    if opened_at is not None and (opened_at, opened_pending, opened_extras) == (current, pending_saved, extras_saved):
        return None
    revisions = Revision.objects.filter(article_id=article.pk).select_related("by")
    latest = revisions.order_by("-number").first()
    opened = None
    if opened_at is not None:
        opened = revisions.filter(article_updated_at__lte=opened_at).order_by("-number").first()
    pending_changed = pending_saved is not None and opened_pending != pending_saved
    # Only the rows beside it changed (by whom is not kept); a discarded pending version is no such change.
    extras_changed = (opened_at, opened_pending) == (current, pending_saved)
    changed_at, by = current, latest.by if latest else None
    if pending_changed:
        changed_at, by = pending_saved, waiting.updated_by
    elif extras_changed:
        changed_at, by = extras_saved, None
    return {
        "changed_at": changed_at,
        "by": by,
        "latest": None if extras_changed else latest,  # the revisions do not hold those rows
        "opened": opened,
        "beside_row": extras_changed,
        "token": _token(current, pending_saved, extras_saved),
    }


# --- Presence --------------------------------------------------------------------------


def _presence_key(article_id):
    return f"editorial:presence:{article_id}"


def presence_seconds():
    return settings.EDITORIAL_PRESENCE_SECONDS


def mark_present(*, article_id, user):
    """Note that `user` has the article open; returns the other people who do.

    One cache entry per article holding {user id: (name, since, last seen)}; entries not
    refreshed within EDITORIAL_PRESENCE_SECONDS drop out. Two pings racing can lose one
    entry until its next ping (30 s): acceptable for a notice.
    """
    key = _presence_key(article_id)
    now = time.time()
    ttl = presence_seconds()
    present = {uid: entry for uid, entry in (cache.get(key) or {}).items() if now - entry[2] < ttl}
    name = user.get_full_name() or user.get_username()
    since = present.get(user.pk, (name, now, now))[1]
    present[user.pk] = (name, since, now)
    cache.set(key, present, ttl)
    return [
        {"name": entry[0], "since": datetime.fromtimestamp(entry[1], tz=UTC)}
        for uid, entry in sorted(present.items(), key=lambda item: item[1][1])
        if uid != user.pk
    ]


def mark_gone(*, article_id, user):
    key = _presence_key(article_id)
    present = cache.get(key) or {}
    if present.pop(user.pk, None) is not None:
        cache.set(key, present, presence_seconds())


# --- Tags and addresses ---------------------------------------------------------------


@transaction.atomic
def merge_tags(*, survivor, merged):
    """Move every article of the `merged` tags to `survivor`, delete them, keep their addresses.

    An article carrying both keeps one link to the survivor. Old tag pages answer 301
    to the survivor through TagRedirect, including addresses that already pointed at a
    merged tag. Returns how many article links moved.
    """
    merged = [tag for tag in merged if tag.pk != survivor.pk]
    merged_ids = [tag.pk for tag in merged]
    if not merged_ids:
        return 0
    already = TaggedArticle.objects.filter(tag=survivor).values("content_object_id")
    links = TaggedArticle.objects.filter(tag_id__in=merged_ids)
    # Queryset updates send no m2m signal: the search index of every retagged article is redone below.
    retagged = list(links.values_list("content_object_id", flat=True).distinct())
    moving = links.exclude(content_object_id__in=already)
    # One article may carry two merged tags: move one link per article, drop the rest.
    keep = {}
    for link_id, article_id in moving.order_by("id").values_list("id", "content_object_id"):
        keep.setdefault(article_id, link_id)
    moved = TaggedArticle.objects.filter(pk__in=list(keep.values())).update(tag=survivor)
    TaggedArticle.objects.filter(tag_id__in=merged_ids).delete()
    TagRedirect.objects.filter(tag_id__in=merged_ids).update(tag=survivor)
    TagRedirect.objects.filter(old_slug=survivor.slug).delete()
    for tag in merged:
        TagRedirect.objects.update_or_create(old_slug=tag.slug, defaults={"tag": survivor})
    Tag.objects.filter(pk__in=merged_ids).delete()
    Tag.refresh_counts([survivor.pk])
    from search.services import index_articles

    index_articles(retagged)
    # Related lists are ranked by shared tags: the retagged articles' lists, and those near them.
    related.stories_changed(retagged)
    return moved


def record_tag_slug_change(*, tag, old_slug):
    """A renamed tag keeps its old address; an address now used by a live tag stops redirecting."""
    TagRedirect.objects.filter(old_slug=tag.slug).delete()
    if old_slug and old_slug != tag.slug:
        TagRedirect.objects.update_or_create(old_slug=old_slug, defaults={"tag": tag})


def record_article_slug_change(*, article, old_slug):
    """A published article's old address keeps answering, with a 301 to the new one."""
    ArticleSlugRedirect.objects.filter(old_slug=article.slug).delete()
    if old_slug and old_slug != article.slug:
        ArticleSlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})


def tag_for_old_slug(slug):
    redirect = TagRedirect.objects.select_related("tag").filter(old_slug=slug).first()
    return redirect.tag if redirect else None


def public_article_for_old_slug(slug):
    """The public article an old slug now belongs to; None when there is none or it is not public."""
    redirect = ArticleSlugRedirect.objects.filter(old_slug=slug).values_list("article_id", flat=True).first()
    if redirect is None:
        return None
    return Article.objects.published().filter(pk=redirect).only("slug").first()
