"""Medical re-review cycles: when an article's review falls due, by its section's interval.

The due date is stored on the article when it or its section is saved (work at write time),
so the desk's "review due" lists, the reminders and the public line read one indexed date.
A section without an interval (news that is not evergreen) has no re-review: never due.
An article in a section with one that was never reviewed is due from the day it was written.
"""

from datetime import timedelta

from django.db.models import Case, DateField, F, Func, Q, Value, When
from django.db.models.functions import TruncDate
from django.db.models.lookups import LessThanOrEqual
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


class _NotAnIndexKeyOnSQLite(Func):
    """The column as it is, which SQLite's planner may not use as an index key (a unary +).

    Most of an archive is due for review, but SQLite without range statistics takes the
    due-date index for any range and then sorts every match, 250 ms at 30 000 stories, where
    walking the newest-first index and checking each row fills a page of the desk's list
    in a millisecond. PostgreSQL's planner has the statistics to choose.
    """

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def review_due_q(today=None):
    """Articles whose medical review is due today or overdue."""
    due_on = _NotAnIndexKeyOnSQLite(F("review_due_on"), output_field=DateField())
    return Q(LessThanOrEqual(due_on, today or timezone.localdate()))


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
