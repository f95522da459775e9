"""The desk's calendar: scheduled and published stories by day, a month or an ISO week at a time.

Days are the site's time zone's days. A day lists its first DAY_SHOWN stories and says how many
more it has. Two queries, each an index range read on status and published_at
(`article_public_idx`): the first DAY_SHOWN stories of every day of the period (UNION ALL of one
small slice per day), and the period's count by day. However busy a month is, the page reads at
most DAY_SHOWN stories a day.
"""

import calendar as pycalendar
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Status

DAY_SHOWN = 6
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class BadPeriod(ValueError):
    """A month or week the calendar cannot show; `str()` says what to type instead."""


@dataclass
class Period:
    kind: str  # "month" or "week"
    first: date  # first day of the period
    end: date  # the day after its last day
    label: str
    previous: str  # query string of the period before, e.g. "month=2026-11"
    following: str
    other_view: str  # the same moment in the other kind of view


@dataclass
class Day:
    date: date
    in_period: bool
    is_today: bool
    stories: list = field(default_factory=list)
    more: int = 0
    all_url: str = ""  # the article list filtered to this day: every story of a busy day


def _month_period(year, month):
    first = date(year, month, 1)
    end = (first + timedelta(days=32)).replace(day=1)
    before = (first - timedelta(days=1)).strftime("%Y-%m")
    week = first.isocalendar()
    return Period(
        "month",
        first,
        end,
        first.strftime("%B %Y"),
        f"month={before}",
        f"month={end:%Y-%m}",
        f"week={week.year}-W{week.week:02d}",
    )


def _week_period(year, week):
    first = date.fromisocalendar(year, week, 1)
    end = first + timedelta(days=7)
    last = end - timedelta(days=1)
    before, after = (first - timedelta(days=7)).isocalendar(), end.isocalendar()
    return Period(
        "week",
        first,
        end,
        f"Week {week}, {first:%-d %b} – {last:%-d %b %Y}",
        f"week={before.year}-W{before.week:02d}",
        f"week={after.year}-W{after.week:02d}",
        f"month={first:%Y-%m}",
    )


def period_for(query, today):
    """The period a request asks for (`?month=YYYY-MM` or `?week=YYYY-Www`), this month by default."""
    month, week = query.get("month"), query.get("week")
    try:
        if week is not None:
            found = WEEK.match(week.strip())
            if not found:
                raise BadPeriod(f'"{week}" is not a week: write it as YYYY-Www, e.g. week=2026-W49.')
            return _week_period(int(found[1]), int(found[2]))
        if month is not None:
            found = MONTH.match(month.strip())
            if not found:
                raise BadPeriod(f'"{month}" is not a month: write it as YYYY-MM, e.g. month=2026-12.')
            return _month_period(int(found[1]), int(found[2]))
    except ValueError as error:
        if isinstance(error, BadPeriod):
            raise
        raise BadPeriod(f"There is no such {'week' if week is not None else 'month'}: {error}.") from error
    except OverflowError as error:  # the period, or the one before or after it, falls outside years 1 to 9999
        kind, value = ("week", week) if week is not None else ("month", month)
        raise BadPeriod(f'The calendar cannot show the {kind} "{value}": it is too close to year 1 or 9999.') from error
    return _month_period(today.year, today.month)


def _moment(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _days(period):
    day = period.first
    while day < period.end:
        yield day
        day += timedelta(days=1)


def _bounds(day):
    return _moment(day), _moment(day + timedelta(days=1))


# Bounds no real day has: where they land among a compiled slice's parameters is where each day's go.
_MARK_START = datetime(1901, 2, 3, 4, 5, 6, 111111, tzinfo=UTC)
_MARK_END = datetime(1901, 2, 3, 4, 5, 6, 222222, tzinfo=UTC)


def _first_of_each_day(visible, days):
    """The first DAY_SHOWN stories of each of `days`, in one UNION ALL of a small slice per day.

    One slice is compiled and its SQL reused with each day's bounds: compiling a queryset per day
    costs more than running them all. Django's union() refuses sliced parts on SQLite; wrapped in
    a subquery each, a slice keeps its LIMIT on both databases.
    """
    one_day = visible.filter(published_at__gte=_MARK_START, published_at__lt=_MARK_END)
    one_day = one_day.order_by("published_at", "pk").only("pk", "title", "published_at", "status")[:DAY_SHOWN]
    sql, template = one_day.query.sql_with_params()
    adapt = connection.ops.adapt_datetimefield_value
    at_start, at_end = list(template).index(adapt(_MARK_START)), list(template).index(adapt(_MARK_END))
    parts, params = [], []
    for n, day in enumerate(days):
        day_params = list(template)
        since, until = _bounds(day)
        day_params[at_start], day_params[at_end] = adapt(since), adapt(until)
        parts.append(f"SELECT * FROM ({sql}) AS day_{n}")  # noqa: S608 (the ORM's own SQL; values stay parameters)
        params.extend(day_params)
    return Article.objects.raw(" UNION ALL ".join(parts), params)


def stories_in(user, period):
    """Scheduled and published stories `user` may see in the period: ({day: its first DAY_SHOWN}, {day: count})."""
    visible = workflow.visible_articles(user, Article.objects.filter(status=Status.PUBLISHED))
    shown = {}
    for story in _first_of_each_day(visible, list(_days(period))):
        shown.setdefault(timezone.localtime(story.published_at).date(), []).append(story)
    for stories in shown.values():
        stories.sort(key=lambda story: (story.published_at, story.pk))
    in_period = visible.filter(published_at__gte=_moment(period.first), published_at__lt=_moment(period.end))
    by_day = in_period.annotate(day=TruncDate("published_at", tzinfo=timezone.get_current_timezone()))
    counts = dict(by_day.order_by().values("day").annotate(stories=Count("pk")).values_list("day", "stories"))
    return shown, counts


def _day_in_list(day, now):
    """The article list filtered to the stories the calendar counts on `day`: live ones on a past
    day, scheduled ones on a future day (today has both, so the list also shows taken-down ones)."""
    since, until = _bounds(day)
    query = {"published_at__gte": since.isoformat(), "published_at__lt": until.isoformat()}
    if until <= now:
        query["state"] = Status.PUBLISHED
    elif since >= now:
        query["state"] = workflow.SCHEDULED
    query = urlencode(query)
    return f"{reverse('admin:articles_article_changelist')}?{query}"


def weeks(period, stories, *, today, now):
    """Rows of seven Days (Monday first) covering the period, from what stories_in() read."""
    by_day, counts = stories
    for listed in by_day.values():
        for story in listed:
            story.scheduled = story.published_at > now
    first = period.first - timedelta(days=period.first.weekday())
    rows = []
    day = first
    while day < period.end:
        row = []
        for _ in range(7):
            in_period = period.first <= day < period.end
            listed = by_day.get(day, []) if in_period else []
            more = max(0, counts.get(day, 0) - len(listed)) if in_period else 0
            row.append(Day(day, in_period, day == today, listed, more, _day_in_list(day, now) if more else ""))
            day += timedelta(days=1)
        rows.append(row)
    return rows


WEEKDAYS = list(pycalendar.day_name)
