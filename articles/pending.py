"""A live story's pending version: edits to a published story wait, unseen by readers, until an editor publishes them.

Readers see the live Article row: the published door reads nothing else. While a story is live,
or while it has a pending version, what its change form saves goes into its PendingVersion
instead of the row (the admin calls `edits_go_to_pending()` and `save()`), and so does a
restored revision. The steps, each recorded as a Transition (its `step`) in the story's history:

    being edited --submit_changes--> submitted for review --publish_changes--> applied to the live story
    submitted --return_changes (a comment)--> being edited;   submitted --withdraw_changes--> being edited
    being edited or submitted --small_fix (editors, a note required)--> applied at once, recorded as a small fix
    being edited or submitted --discard_changes--> deleted; readers keep the live version

Publishing runs the publishing checks of a first publication on the pending content, then applies it
to the row with `Article.save()` and the byline and tag writes an edit makes, so articles.changes
invalidates pages and stored fragments exactly as for an edit, and the revision is written once
(editorial registers its revision keeper with `use_revision_keeper`).

The pending version covers the content fields of CONTENT_FIELDS, the tags and the byline. Other
inline rows (citations, the evidence summary, corrections) stay their own records, saved by editors
as they are today; writers do not get them on a live story's form.
"""

from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from . import bylines, overrides, related
from .access import is_owner, sees_all
from .models import (
    Article,
    ArticleAuthor,
    Author,
    Disclaimer,
    PendingStatus,
    PendingVersion,
    Section,
    Tag,
    TaggedArticle,
    Transition,
)
from .sanitize import render_body
from .workflow import WorkflowError, WorkflowPermissionError, announce, missing_for_publication, missing_sentence

TEXT_FIELDS = [
    "title", "slug", "dek", "body", "source_name", "source_url", "source_note", "hero_alt", "hero_caption",
    "hero_credit",
]  # fmt: skip
RELATED_FIELDS = {"section": Section, "disclaimer": Disclaimer, "reviewed_by": Author}
# Everything a pending version holds: these Article fields, then the tags (names) and the byline (author ids).
CONTENT_FIELDS = [*TEXT_FIELDS, "original_reporting", *RELATED_FIELDS, "last_reviewed", "hero_image"]


# --- Content ------------------------------------------------------------------------------


def content_of(article, *, tags, authors):
    """The content of `article` as it is in memory (a form's instance), with its tags' names and byline's author ids."""
    # As Article.save() would keep them, so that an unchanged form reads as the live content.
    content = {name: Article.as_kept(name, getattr(article, name) or "") for name in TEXT_FIELDS}
    content.update(
        original_reporting=bool(article.original_reporting),
        last_reviewed=article.last_reviewed.isoformat() if article.last_reviewed else None,
        hero_image=article.hero_image.name or "",
        tags=sorted({str(tag) for tag in tags}, key=str.lower),
        authors=[int(author) for author in authors],
    )
    content.update({name: getattr(article, f"{name}_id") for name in RELATED_FIELDS})
    return content


def live_content(article):
    """The content readers see now, read from the database."""
    tags = TaggedArticle.objects.filter(content_object_id=article.pk).values_list("tag__name", flat=True)
    authors = ArticleAuthor.objects.filter(article_id=article.pk).order_by("position", "id")
    return content_of(Article.objects.get(pk=article.pk), tags=tags, authors=authors.values_list("author", flat=True))


def rename_hero(old_name, new_name):
    """Point the pending versions holding the stored image `old_name` at `new_name` (a focal point's new
    name, images.services). The same picture, so not an edit: an open change form sees no conflict."""
    for version in PendingVersion.objects.select_for_update().filter(content__hero_image=old_name):
        version.content["hero_image"] = new_name
        version.save(update_fields=["content"])


def apply_in_memory(article, content):
    """Put `content` on the `article` instance, unsaved: what the change form and the checks read."""
    for name in TEXT_FIELDS:
        setattr(article, name, content.get(name, ""))
    article.original_reporting = bool(content.get("original_reporting"))
    article.last_reviewed = parse_date(content["last_reviewed"]) if content.get("last_reviewed") else None
    article.hero_image.name = content.get("hero_image", "")
    for name, model in RELATED_FIELDS.items():
        related_id = content.get(name)
        if related_id is not None and related_id != getattr(article, f"{name}_id"):
            # Deleted since the changes were saved (a disclaimer, a reviewer): left empty, as a restore leaves it.
            related_id = related_id if model.objects.filter(pk=related_id).exists() else None
        setattr(article, f"{name}_id", related_id)
    article.pending_tags = list(content.get("tags", []))
    article.pending_authors = list(content.get("authors", []))
    article.__dict__.pop("applicable_disclaimer", None)
    return article


def write_content(article, content):
    """Make `content` the article's row, tags and byline: what publishing pending changes and a restore write.

    What was deleted since the content was kept is not written: a related row is left empty, an author
    leaves the byline. The caller holds the article's row lock, calls this inside the revision keeper's
    context (the save records no revision by itself) and records the one revision once tags and byline
    are written too.
    """
    apply_in_memory(article, content)
    article.save()
    article.tags.set(article.pending_tags)
    bylines.write(article, article.pending_authors)


def for_page(article, content):
    """`article` (loaded through for_page()) showing `content`, for the staff preview of a pending version."""
    apply_in_memory(article, content)
    for name, model in RELATED_FIELDS.items():
        related_id = content.get(name)
        query = model.objects.select_related("default_disclaimer") if model is Section else model.objects
        setattr(article, name, query.filter(pk=related_id).first() if related_id else None)
    article.body_html = render_body(article.body)
    authors = {author.pk: author for author in Author.objects.filter(pk__in=article.pending_authors)}
    article.byline_rows = [
        {"byline_id": position, "position": position, **_author_row(authors[author_id])}
        for position, author_id in enumerate(a for a in article.pending_authors if a in authors)
    ]
    article.tag_rows = list(
        Tag.objects.filter(name__in=article.pending_tags).values("id", "name", "slug", "article_count")
    )
    return article


def _author_row(author):
    return {name: getattr(author, name) for name in ("id", "name", "slug", "credentials", "job_title")}


def missing(article, content):
    """What the pending content still lacks before it may be published: the checks of a first publication."""
    return missing_for_publication(proposed_article(article, content))


def proposed_article(article, content):
    """`article` as the pending content would make it, in memory, with the facts the publishing checks read."""
    proposed = apply_in_memory(
        Article(pk=article.pk, status=article.status, published_at=article.published_at,
                created_by_id=article.created_by_id, created_at=article.created_at),
        content,
    )  # fmt: skip
    proposed.wf_has_authors = bool(content.get("authors"))
    proposed.wf_has_tags = bool(content.get("tags"))
    return proposed


# --- Who edits what where -------------------------------------------------------------------


def pending_of(article):
    """The article's pending version, or None."""
    if article.pk is None:
        return None
    return PendingVersion.objects.select_related("created_by", "updated_by").filter(article_id=article.pk).first()


def edits_go_to_pending(article, pending=None):
    """Does a save of this article's content wait in a pending version? Yes while it is live or has one."""
    return article.is_public or (pending if pending is not None else pending_of(article)) is not None


def may_edit(user, article, pending=None):
    """May `user` edit the pending version? Editors always; writers their own story while it is not submitted."""
    if not user.has_perm("articles.change_article"):
        return False
    if sees_all(user):
        return True
    return is_owner(user, article) and (pending is None or pending.status == PendingStatus.DRAFT)


def save(*, article, content, by, note=""):
    """Keep `content` as the article's pending version (made if needed); return it. The live row is untouched."""
    pending, created = PendingVersion.objects.get_or_create(
        article=article, defaults={"content": content, "created_by": by, "updated_by": by, "note": note}
    )
    if not created:
        pending.content, pending.updated_by = content, by
        pending.note = note or pending.note
        pending.save(update_fields=["content", "updated_by", "updated_at", "note"])
    return pending


# --- Steps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    label: str  # the button
    done: str  # "The changes were <done>."
    sources: tuple  # pending statuses it starts from
    permission: str
    needs_checks: bool = False
    needs_comment: str = ""  # the refusal when the comment is empty
    confirm: str = ""  # what readers would notice; the admin asks before doing it
    announced_as: str = ""  # the workflow action listeners hear (notifications), if any


_ANY = (PendingStatus.DRAFT, PendingStatus.IN_REVIEW)
PUBLISHES = "Readers see the new version at once: on its page, in the lists, the feeds and search."

STEPS = {
    step.name: step
    for step in [
        Step("submit_changes", "Submit the changes for review", "submitted for review", (PendingStatus.DRAFT,),
             "articles.submit_article", needs_checks=True, announced_as="submit"),
        Step("withdraw_changes", "Withdraw the changes from review", "withdrawn from review",
             (PendingStatus.IN_REVIEW,), "articles.submit_article"),
        Step("return_changes", "Return the changes to the writer", "returned to the writer",
             (PendingStatus.IN_REVIEW,), "articles.review_article",
             needs_comment="Say what needs changing: returning changes needs a comment for the writer.",
             announced_as="return"),
        Step("publish_changes", "Publish the changes", "published", (PendingStatus.IN_REVIEW,),
             "articles.publish_article", needs_checks=True, confirm=PUBLISHES, announced_as="publish"),
        Step("small_fix", "Publish directly as a small fix", "published directly as a small fix", _ANY,
             "articles.publish_article", needs_checks=True,
             needs_comment="Say what the small fix is: publishing without review needs a note for the history.",
             confirm=PUBLISHES + " They skip review: your note is kept in the story's history.",
             announced_as="publish"),
        Step("discard_changes", "Discard the changes", "discarded", _ANY, "articles.submit_article",
             confirm="The pending changes are deleted; readers keep the live version, and so does the story."),
    ]
}  # fmt: skip
STEP_LABELS = {name: f"Changes {step.done}" for name, step in STEPS.items()}


def refusal_for(user, article, pending, step):
    """Why `user` may not take `step` on the pending version now, or None. `pending` None: one about to be saved."""
    status = pending.status if pending is not None else PendingStatus.DRAFT
    if status not in step.sources:
        return f"Changes that are {PendingStatus(status).label.lower()} cannot be {step.done}."
    if not user.has_perm(step.permission):
        return f"Your role cannot do this: only an editor can have changes {step.done}."
    if not (sees_all(user) or is_owner(user, article)):
        return "You can only work on your own articles."
    return None


def available_steps(user, article, pending):
    return [step for step in STEPS.values() if refusal_for(user, article, pending, step) is None]


# Editorial keeps the revision of a published pending version (use_revision_keeper, from its ready()).
_revision_keeper = {}
# What other apps derive from the live content and store (use_after_publish, from their ready()).
_after_publish = []


def use_revision_keeper(*, recorded_by_caller, record):
    """`recorded_by_caller()`: a context in which article saves record no revision; `record(article, by=, note=)`."""
    _revision_keeper.update(recorded_by_caller=recorded_by_caller, record=record)


def use_after_publish(callback):
    """`callback(article)` once a pending version is the live story: what other apps store from its content."""
    if callback not in _after_publish:
        _after_publish.append(callback)


def perform(*, article, step, by, comment="", override_reason="", seen=None):
    """Take the named step (see STEPS) on the article's pending version as user `by`; return the Transition.

    `override_reason`: an editor's word on why the changes may go despite what needs a reason (articles.overrides).
    `seen`: when the pending version the person confirmed was saved (its updated_at, ISO 8601); the step is
    refused if it has been saved since, checked under the lock.
    """
    if step not in STEPS:
        raise WorkflowError(f'"{step}" is not a step of pending changes.')
    step = STEPS[step]
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        pending = PendingVersion.objects.select_for_update().filter(article=locked).first()
        if pending is None:
            raise WorkflowError(f'"{locked.title}" has no pending changes.')
        if seen is not None and pending.updated_at.isoformat() != seen:
            raise WorkflowError("The pending changes were saved again since you confirmed: look at them first.")
        refusal = refusal_for(by, locked, pending, step)
        if refusal:
            raise (WorkflowError if pending.status not in step.sources else WorkflowPermissionError)(refusal)
        if step.needs_comment and not comment:
            raise WorkflowError(step.needs_comment)
        warned, override_reason = [], (override_reason or "").strip()
        if step.needs_checks:
            proposed = proposed_article(locked, pending.content)
            as_action = "publish" if step.name in ("publish_changes", "small_fix") else "submit"
            warned = overrides.needing_reason(proposed, as_action, by)
            problems = [words for words in missing_for_publication(proposed) if words not in warned]
            if problems:
                raise WorkflowError(
                    f'Cannot {step.label.lower()} of "{locked.title}" yet. {missing_sentence(problems)}',
                    problems=problems,
                )
            if refusal := overrides.refusal(f"{step.label.lower()} of", locked.title, warned, override_reason):
                raise WorkflowError(refusal, problems=warned)
        now = timezone.now()
        if step.name in ("publish_changes", "small_fix"):
            note = f"Small fix: {comment}" if step.name == "small_fix" else "Published the reviewed changes"
            _apply(locked, pending.content, by=by, note=note[:200])
            pending.delete()
        elif step.name == "discard_changes":
            pending.delete()
            transaction.on_commit(partial(_forget_upload, pending.content.get("hero_image", "")))
        else:
            pending.status = PendingStatus.IN_REVIEW if step.name == "submit_changes" else PendingStatus.DRAFT
            pending.submitted_at = now if step.name == "submit_changes" else pending.submitted_at
            pending.save(update_fields=["status", "submitted_at", "updated_at"])
        record = Transition.objects.create(
            article=locked, from_state=locked.status, to_state=locked.status, by=by, at=now, comment=comment,
            step=step.name, override_reason=override_reason if warned else "", overridden=warned,
        )  # fmt: skip
    if step.announced_as:
        announce(record, action=step.announced_as)
    return record


def _forget_upload(name):
    """A picture uploaded only for discarded changes leaves the media store (no story shows it)."""
    if name and not Article.objects.filter(hero_image=name).exists():
        Article._meta.get_field("hero_image").storage.delete(name)


def _apply(locked, content, *, by, note):
    """Make `content` the live story: the row, its tags and byline, one revision; caches follow the save."""
    slug = content.get("slug") or locked.slug
    if slug != locked.slug and Article.objects.filter(slug=slug).exclude(pk=locked.pk).exists():
        raise WorkflowError(f'Another article already lives at the address "{slug}": choose another slug.')
    keeper = _revision_keeper
    with keeper["recorded_by_caller"]() if keeper else nullcontext():
        write_content(locked, {**content, "slug": slug})
    # Related lists rank by shared tags and section: this story's, and those that hold it.
    related.stories_changed([locked.pk])
    for callback in _after_publish:
        callback(locked)
    if keeper:
        keeper["record"](locked, by=by, note=note)
