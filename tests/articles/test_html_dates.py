"""`<time>` elements: the machine-readable time and the short date lists show, in the site's time zone."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

FILTERS = Template('{% load html_dates %}<time datetime="{{ v|html_datetime }}">{{ v|date:"j M Y" }}</time>')
TAG = Template("{% load html_dates %}{% short_time v %}")

MOMENTS = [
    datetime(2026, 12, 5, 23, 30, tzinfo=UTC),  # already the 6th in Paris
    datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),  # the minute summer time starts there
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),  # and ends
    datetime(2024, 2, 29, 12, 0, tzinfo=UTC),
    date(2026, 5, 1),
]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/Los_Angeles", "Asia/Kolkata"])
@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_the_short_time_writes_what_the_two_filters_write(zone, moment):
    with timezone.override(zone):
        assert TAG.render(Context({"v": moment})) == FILTERS.render(Context({"v": moment}))


def test_a_missing_date_writes_nothing():
    assert TAG.render(Context({"v": None})) == ""


def test_month_names_follow_the_active_language():
    with translation.override("de"):
        assert TAG.render(Context({"v": date(2026, 3, 1)})) == FILTERS.render(Context({"v": date(2026, 3, 1)}))
        assert "Mär" in TAG.render(Context({"v": date(2026, 3, 1)}))
