"""Each event, from the place it happens: who is told what. Called explicitly, never from a save signal."""

from django.db import transaction
from django.utils import timezone

from articles.workflow import format_time

from . import recipients
from .delivery import display_name, notify
from .models import Assignment, Kind

# The steps that tell the writer their story moved on, in the words of the notification.
PROGRESS = {"approve": "approved", "schedule": "scheduled", "publish": "published"}


def _quoted(comment):
    return f"\n\n\u201c{comment}\u201d" if comment else ""


def _describe(transition, action, actor):
    """(kind, recipients, text) for a workflow step, or None when only the people its comment names are told."""
    article, who, title = transition.article, display_name(actor), transition.article.title
    comment = _quoted(transition.comment)
    if action == "submit":
        assigned = Assignment.objects.filter(article=article).exists()
        text = f'{who} submitted "{title}" for review' + (" (assigned to you)." if assigned else ".")
        return Kind.SUBMITTED, recipients.reviewers_of(article), text + comment
    if action == "return":
        return Kind.RETURNED, recipients.writers_of(article), f'{who} returned "{title}" to you.' + comment
    if action in PROGRESS:
        done = PROGRESS[action]
        if action == "schedule":
            done = f"scheduled for {format_time(transition.scheduled_for)}"
        return Kind.PROGRESS, recipients.writers_of(article), f'{who} {done} "{title}".' + comment
    return None


def transition_recorded(transition, *, action):
    """The workflow's listener (registered in apps.py): runs after the step's transaction has committed."""
    actor = transition.by
    told = {getattr(actor, "pk", None)}
    with transaction.atomic():
        described = _describe(transition, action, actor)
        if described is not None:
            kind, people, text = described
            notify(kind=kind, article=transition.article, actor=actor, recipients=people, text=text)
            told |= {user.pk for user in people}
        named = recipients.mentioned_in(transition.comment, transition.article)
        mentioned = [user for user in named if user.pk not in told]
        if mentioned:
            text = f'{display_name(actor)} mentioned you on "{transition.article.title}".' + _quoted(transition.comment)
            notify(kind=Kind.MENTION, article=transition.article, actor=actor, recipients=mentioned, text=text)


def correction_added(correction, *, by):
    """Editorial's corrections panel calls this for each new note: the story's writers are told."""
    article = correction.article
    text = f'{display_name(by)} added a {correction.get_kind_display().lower()} to "{article.title}".'
    notify(kind=Kind.CORRECTION, article=article, actor=by, recipients=recipients.writers_of(article),
           text=text + _quoted(correction.note))  # fmt: skip


def assign(*, article, editor, by):
    """Assign `article` to `editor` (None: back to the section's editors); a newly assigned editor is told."""
    with transaction.atomic():
        current = Assignment.objects.filter(article=article).first()
        if editor is None:
            if current is not None:
                current.delete()
            return None
        if current is not None and current.editor_id == editor.pk:
            return current
        assignment, _ = Assignment.objects.update_or_create(
            article=article, defaults={"editor": editor, "assigned_by": by, "assigned_at": timezone.now()}
        )
        text = f'{display_name(by)} assigned "{article.title}" to you for review.'
        notify(kind=Kind.ASSIGNED, article=article, actor=by, recipients=[editor], text=text)
        return assignment
