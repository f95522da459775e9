"""A story's workflow history as editors read it: who moved it where, and when."""

from django.utils import timezone
from django.utils.dateformat import format as format_date


def format_time(moment):
    return format_date(timezone.localtime(moment), "j M Y, H:i T")


def history(article):
    """The article's transitions, newest first, with who made them."""
    return article.transitions.select_related("by").order_by("-at", "-id")


def labelled_history(article, *, limit=100, step_labels=None):
    """history() with `from_label` and `to_label` on each step, as the editor saw the states.

    A scheduled story is stored as published: the step that took it from its schedule reads
    "Scheduled for …", not "Published", which is what the previous step left it as.
    A step of a live story's pending version keeps the state and reads as what it did to the changes
    (`step_labels`, from articles.pending: "Changes published directly as a small fix").
    """
    steps = list(history(article)[:limit])
    for step in steps:
        step.to_label = (
            f"Scheduled for {format_time(step.scheduled_for)}" if step.scheduled_for else step.get_to_state_display()
        )
    for step, earlier in zip(steps, [*steps[1:], None], strict=False):
        left_scheduled = earlier is not None and earlier.scheduled_for is not None and earlier.scheduled_for > step.at
        step.from_label = earlier.to_label if left_scheduled else step.get_from_state_display()
        if step.step:
            step.from_label = step.get_from_state_display()
            step.to_label = (step_labels or {}).get(step.step, step.step)
    return steps
