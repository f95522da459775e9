"""Medical re-review cycles: when an article's review falls due, by its section's interval.

The due date is stored on the article when it or its section is saved (work at write time),
so the desk's "review due" lists, the reminders and the public line read one indexed date.
A section without an interval (news that is not evergreen) has no re-review: never due.
An article in a section with one that was never reviewed is due from the day it was written.
"""

from datetime import timedelta

from django.db.models import Case, DateField, F, Q, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

# An interval is set in months; a month counts as an average calendar month of days.
DAYS_PER_MONTH = 365.25 / 12


def interval(months):
    return timedelta(days=round(months * DAYS_PER_MONTH))


def due_on(*, last_reviewed, created_on, months):
    """The date a new review is due, or None when the section asks for none."""
    if not months:
        return None
    if last_reviewed is None:
        return created_on
    return last_reviewed + interval(months)


def review_due_q(today=None):
    """Articles whose medical review is due today or overdue."""
    return Q(review_due_on__lte=today or timezone.localdate())


def refresh_due_dates(articles, months):
    """Recompute the stored due date of `articles` (one section's) in one UPDATE, for `months`."""
    if not months:
        return articles.update(review_due_on=None)
    return articles.update(
        review_due_on=Case(
            When(last_reviewed__isnull=True, then=TruncDate("created_at")),
            default=F("last_reviewed") + Value(interval(months)),
            output_field=DateField(),
        )
    )
