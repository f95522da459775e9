"""The editorial workflow: who may move an article from which state to which, and what it must have first.

    draft --submit--> in review --approve--> approved --publish--> published --unpublish--> unpublished
                      in review/approved --return (comment)--> draft
                      approved --schedule (future time)--> published with a future published_at ("scheduled")
                      unpublished/archived --reopen--> draft;   any state --archive--> archived

"Scheduled" is not stored: it is a published article whose published_at is still in
the future. The public door, `Article.objects.published()`, hides it until that
moment, so no worker or cron has to flip anything and a schedule cannot be missed.

Every change of `Article.status` goes through `transition()` or `perform()`, which check the
edge, the user's role, the object-level rule (writers touch only their own drafts) and the
publishing checks, and record a `Transition`. The admin form never writes `status`; its buttons,
bulk actions, commands and tests call these. Refusals raise `WorkflowError` in an editor's words.
"""

import time
from dataclasses import dataclass
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from . import overrides, preview, related
from .access import can_edit, editable_articles, is_owner, owned_q, sees_all, visible_articles  # noqa: F401
from .history import format_time, history, labelled_history  # noqa: F401
from .models import Article, ArticleAuthor, Disclaimer, Status, TaggedArticle, Transition
from .overrides import needing_reason, use_warning_check  # noqa: F401 - evidence registers its claims check
from .review import review_due_q  # noqa: F401 - the desk's lists ask the workflow
from .sanitize import says_something

SCHEDULED = "scheduled"
STATE_LABELS = {**dict(Status.choices), SCHEDULED: "Scheduled"}


class WorkflowError(Exception):
    """A refused transition; `str(error)` is the sentence to show the editor."""

    def __init__(self, message, *, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


class WorkflowPermissionError(WorkflowError):
    """Refused because of who is asking rather than what the article is (answered with 403)."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str  # the button
    done: str  # "… was <done>."
    sources: tuple  # states (incl. SCHEDULED) the action starts from
    target: str  # the state key it leads to (SCHEDULED for schedule)
    permission: str
    needs_checks: bool = False
    needs_comment: bool = False
    needs_time: bool = False
    confirm: str = ""  # what readers would notice; the admin asks before doing it


_ALL_BUT_ARCHIVED = tuple(state for state in STATE_LABELS if state != Status.ARCHIVED)

ACTIONS = {
    action.name: action
    for action in [
        Action("submit", "Submit for review", "submitted for review", (Status.DRAFT,), Status.IN_REVIEW,
               "articles.submit_article", needs_checks=True),
        Action("withdraw", "Withdraw the submission", "withdrawn from review", (Status.IN_REVIEW,), Status.DRAFT,
               "articles.submit_article"),
        Action("return", "Return to writer", "returned to the writer", (Status.IN_REVIEW, Status.APPROVED),
               Status.DRAFT, "articles.review_article", needs_comment=True),
        Action("approve", "Approve", "approved", (Status.IN_REVIEW,), Status.APPROVED, "articles.review_article",
               needs_checks=True),
        Action("publish", "Publish now", "published", (Status.APPROVED, SCHEDULED), Status.PUBLISHED,
               "articles.publish_article", needs_checks=True,
               confirm="Readers will see it at once: on its page, the home page, its section and the feeds."),
        Action("schedule", "Schedule", "scheduled", (Status.APPROVED, SCHEDULED), SCHEDULED,
               "articles.schedule_article", needs_checks=True, needs_time=True),
        Action("unschedule", "Cancel the schedule", "taken off the schedule", (SCHEDULED,), Status.APPROVED,
               "articles.schedule_article"),
        Action("unpublish", "Unpublish", "unpublished", (Status.PUBLISHED,), Status.UNPUBLISHED,
               "articles.unpublish_article",
               confirm="Readers lose it at once: its page stops answering, it leaves the lists and feeds, "
                       "and its preview links stop working."),
        Action("reopen", "Reopen as draft", "reopened as a draft", (Status.UNPUBLISHED, Status.ARCHIVED),
               Status.DRAFT, "articles.archive_article"),
        Action("archive", "Archive", "archived", _ALL_BUT_ARCHIVED, Status.ARCHIVED, "articles.archive_article",
               confirm="It leaves the desk's working lists; if it is live or scheduled, readers lose it (or never "
                       "get it), and its preview links stop working."),
    ]
}  # fmt: skip


# --- States ---------------------------------------------------------------------------------


def current_state(article, *, now=None):
    """The stored status, except that a published article with a future time is SCHEDULED."""
    now = now or timezone.now()
    if article.status == Status.PUBLISHED and article.published_at and article.published_at > now:
        return SCHEDULED
    return article.status


def status_label(article, *, now=None):
    """What the admin shows for the state: "Scheduled for 27 Nov 2026, 09:00 UTC", "In review", …"""
    state = current_state(article, now=now)
    if state == SCHEDULED:
        return f"Scheduled for {format_time(article.published_at)}"
    return STATE_LABELS[state]


def scheduled_q(now=None):
    return Q(status=Status.PUBLISHED, published_at__gt=now or timezone.now())


def state_counts(articles):
    """{state key: count} for a queryset, with SCHEDULED split out of published. Two queries."""
    counts = dict.fromkeys(STATE_LABELS, 0)
    for row in articles.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    scheduled = articles.filter(scheduled_q()).order_by().count()
    counts[SCHEDULED] = scheduled
    counts[Status.PUBLISHED] -= scheduled
    return counts


# The list's counts by state read the whole archive: each user's (editors share theirs) are kept this long,
# and forgotten at once when a workflow action moves an article.
STATE_COUNTS_SECONDS = 60
_STATE_COUNTS_GENERATION = "workflow:state-counts:generation"


def cached_state_counts(user):
    """state_counts() of the articles `user` sees, from the cache when counted in the last STATE_COUNTS_SECONDS."""
    generation = cache.get(_STATE_COUNTS_GENERATION, 0)
    key = f"workflow:state-counts:{generation}:{'all' if sees_all(user) else user.pk}"
    counts = cache.get(key)
    if counts is None:
        counts = state_counts(visible_articles(user))
        cache.set(key, counts, STATE_COUNTS_SECONDS)
    return counts


def forget_state_counts():
    cache.set(_STATE_COUNTS_GENERATION, time.time_ns(), None)


def upcoming(articles, *, limit=10):
    """Scheduled articles, soonest first."""
    return articles.filter(scheduled_q()).select_related("section").order_by("published_at", "pk")[:limit]


# --- Who may do what (articles.access owns the rules; kept here by name for the workflow's callers) ---


def refusal_for(user, article, action, *, now=None):
    """Why `user` may not take `action` on `article` now (ignoring publishing checks), or None."""
    state = current_state(article, now=now)
    if state not in action.sources:
        return f"An article that is {STATE_LABELS[state].lower()} cannot be {action.done}."
    if not user.has_perm(action.permission):
        return f"Your role cannot do this: only an editor can have an article {action.done}."
    if not (sees_all(user) or is_owner(user, article)):
        return "You can only work on your own articles."
    return None


def available_actions(user, article, *, now=None):
    """The actions whose buttons `user` should see on this article."""
    return [action for action in ACTIONS.values() if refusal_for(user, article, action, now=now) is None]


# --- Publishing checks ----------------------------------------------------------------------


def with_publication_facts(articles):
    """Annotate what missing_for_publication() needs, so a list of N articles costs no extra query per row."""
    return articles.select_related("section__default_disclaimer", "disclaimer").annotate(
        wf_has_authors=Exists(ArticleAuthor.objects.filter(article=OuterRef("pk"))),
        wf_has_tags=Exists(TaggedArticle.objects.filter(content_object=OuterRef("pk"))),
        wf_has_site_disclaimer=Exists(Disclaimer.objects.active().filter(is_default=True)),
    )


def _has_disclaimer(article):
    if not hasattr(article, "wf_has_site_disclaimer"):
        return article.applicable_disclaimer is not None
    if article.disclaimer_id and article.disclaimer.active:
        return True
    section_default = article.section.default_disclaimer if article.section_id else None
    return (section_default is not None and section_default.active) or article.wf_has_site_disclaimer


def _has_body(article):
    return says_something(article.body or "")


# Checks other apps add (evidence: animal or cell studies said to be so); each registers from its ready().
_publication_checks = []
_publication_annotations = []


def use_publication_check(check, *, annotate=None, overridable=False):
    """`check(article)`: what else the article lacks before it may go, as a list of words (empty: nothing).

    `annotate(queryset)` adds what `check` reads, so that a list of N articles costs no query per row.
    `overridable`: an editor may go past it with a reason (articles.overrides).
    """
    if check not in _publication_checks:
        _publication_checks.append(check)
        if annotate is not None:
            _publication_annotations.append(annotate)
        if overridable:
            overrides.use_overridable_check(check)


def annotate_publication_checks(articles):
    """`articles` with what the registered checks read (see with_publication_facts)."""
    for annotate in _publication_annotations:
        articles = annotate(articles)
    return articles


def missing_for_publication(article):
    """What the article still lacks before it may be approved, published or scheduled, in words.

    An empty list means it may go. The change form shows these words and refusals repeat them.
    """
    has_authors = getattr(article, "wf_has_authors", None)
    if has_authors is None:
        has_authors = article.pk is not None and article.bylines.exists()
    has_tags = getattr(article, "wf_has_tags", None)
    if has_tags is None:
        has_tags = article.pk is not None and TaggedArticle.objects.filter(content_object=article).exists()
    checks = [
        (bool(article.title.strip()), "a title"),
        (bool(article.slug.strip()), "a slug (the article's address)"),
        (bool(article.dek.strip()), "a standfirst (dek)"),
        (_has_body(article), "a body"),
        (article.section_id is not None, "a section"),
        (has_authors, "at least one author on the byline"),
        (has_tags, "at least one tag"),
        (not article.hero_image or bool(article.hero_alt.strip()), "alt text for the hero image"),
        (bool(article.source_name.strip()) or article.original_reporting,
         'a source (a source name, or tick "Original reporting")'),
        (article.section_id is not None and _has_disclaimer(article),
         "a disclaimer (the article's own, its section's default, or an active site-wide default)"),
    ]  # fmt: skip
    missing = [words for ok, words in checks if not ok]
    for check in _publication_checks:
        missing += check(article)
    return missing


def missing_sentence(missing):
    return "Still missing: " + "; ".join(missing) + "."


# --- Transitions ---------------------------------------------------------------------------


def _action_for(state, to, publish_at, now):
    if to == Status.PUBLISHED and publish_at is not None and publish_at > now:
        to = SCHEDULED
    for action in ACTIONS.values():
        if action.target == to and state in action.sources:
            return action
    raise WorkflowError(
        f"An article that is {STATE_LABELS[state].lower()} cannot become {STATE_LABELS.get(to, to).lower()}."
    )


# Who else hears of each recorded transition (notifications registers from its ready()).
_transition_listeners = []


def use_transition_listener(listener):
    """`listener(transition, action=<the action's name>)` runs once the transaction that recorded it commits.

    A listener that fails is logged and never undoes nor breaks the workflow action.
    """
    if listener not in _transition_listeners:
        _transition_listeners.append(listener)


def announce(record, *, action):
    """Tell the listeners of a recorded step once its transaction commits (articles.pending records its own)."""
    for listener in _transition_listeners:
        transaction.on_commit(partial(listener, record, action=action), robust=True)


def transition(*, article, to, by, comment="", publish_at=None):
    """Move `article` to state `to` (a Status value or SCHEDULED) as user `by`; return the Transition.

    Raises WorkflowError (or WorkflowPermissionError) with the reason when the edge,
    the role or the publishing checks forbid it; the article is then unchanged.
    """
    now = timezone.now()
    action = _action_for(current_state(article, now=now), to, publish_at, now)
    return perform(article=article, action=action.name, by=by, comment=comment, publish_at=publish_at)


def perform(*, article, action, by, comment="", publish_at=None, override_reason=""):
    """Take the named action (see ACTIONS) on `article` as user `by`; return the Transition.

    `override_reason`: an editor's word on why it may go despite what needs a reason (articles.overrides).
    """
    if action not in ACTIONS:
        raise WorkflowError(f'"{action}" is not a workflow action.')
    action = ACTIONS[action]
    comment, override_reason = (comment or "").strip(), (override_reason or "").strip()
    with transaction.atomic():
        # Lock the row: two editors pressing buttons at once must not both pass the checks.
        locked = Article.objects.select_for_update().get(pk=article.pk)
        now = timezone.now()
        state = current_state(locked, now=now)
        refusal = refusal_for(by, locked, action, now=now)
        if refusal:
            error_class = WorkflowError if state not in action.sources else WorkflowPermissionError
            raise error_class(refusal)
        if action.needs_comment and not comment:
            raise WorkflowError("Say what needs changing: returning an article needs a comment for the writer.")
        published_at = _publication_time(action, locked, publish_at, now)
        warned = needing_reason(locked, action.name, by) if action.needs_checks else []
        if action.needs_checks:
            missing = [words for words in missing_for_publication(locked) if words not in warned]
            if missing:
                message = f'Cannot {action.name} "{locked.title}" yet. {missing_sentence(missing)}'
                raise WorkflowError(message, problems=missing)
            if refusal := overrides.refusal(action.name, locked.title, warned, override_reason):
                raise WorkflowError(refusal, problems=warned)

        from_status = locked.status
        locked.status = Status.PUBLISHED if action.target == SCHEDULED else action.target
        locked.published_at = published_at
        locked.save(update_fields=["status", "published_at", "updated_at"])
        # Related lists are stored (articles.related): kept right here, where stories go live or come down.
        if locked.status == Status.PUBLISHED:
            related.stories_changed([locked.pk])
        elif from_status == Status.PUBLISHED:
            related.story_withdrawn(locked.pk)
        # A story taken down or put away is not for outside readers either: its share links stop working.
        if locked.status in (Status.UNPUBLISHED, Status.ARCHIVED):
            preview.revoke_all(locked, reason=f"The article was {action.done}.", by=by)
        record = Transition.objects.create(
            article=locked,
            from_state=from_status,
            to_state=locked.status,
            by=by,
            at=now,
            comment=comment,
            scheduled_for=published_at if action.target == SCHEDULED else None,
            override_reason=override_reason if warned else "",
            overridden=warned,
        )
    transaction.on_commit(forget_state_counts)
    announce(record, action=action.name)
    article.status, article.published_at, article.updated_at = locked.status, locked.published_at, locked.updated_at
    if article is not locked:
        article.remember_stored("status", "published_at", "updated_at")
    return record


def _publication_time(action, article, publish_at, now):
    """published_at after the action: now for "publish", a future time for "schedule", unchanged otherwise."""
    if action.name == "publish":
        return now
    if action.name == "unschedule":
        return None
    if action.name == "schedule":
        when = publish_at or article.published_at
        if when is None:
            raise WorkflowError("Give the date and time it should go live to schedule it.")
        if when <= now:
            raise WorkflowError(
                f"{format_time(when)} is not in the future: pick a later time, or publish it now instead."
            )
        return when
    return article.published_at


def transition_many(*, articles, action, by, **fields):
    """Apply one action to each article on its own (`fields`: perform()'s comment, publish_at, override_reason);
    return (done titles, [(title, reason)] refused)."""
    done, refused = [], []
    for article in articles:
        try:
            perform(article=article, action=action, by=by, **fields)
        except WorkflowError as error:
            refused.append((article.title, str(error)))
        else:
            done.append(article.title)
    return done, refused
