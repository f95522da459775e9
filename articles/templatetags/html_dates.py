"""Dates written for machines in HTML: the `datetime` attribute of `<time>`, and the short `<time>`
element every story list and card shows."""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.filter
def html_datetime(value):
    """ISO 8601 to the second in the current time zone; HTML allows at most three fraction digits."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return ""


_month_names = {}  # (language, month) -> "Dec", as the `date` filter's "M" writes it, escaped


def _short_month(month):
    key = (get_language(), month)
    if key not in _month_names:
        _month_names[key] = escape(str(MONTHS_3[month]).title())
    return _month_names[key]


@register.simple_tag
def short_time(value):
    """`<time datetime="…">5 Dec 2026</time>`: what `html_datetime` and `date:"j M Y"` write, converted to the
    current time zone once. Lists show dozens of these per page, so it is not two filters each."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not isinstance(value, date):
        return ""
    machine = value.isoformat(timespec="seconds") if isinstance(value, datetime) else value.isoformat()
    # Digits, ISO punctuation and an escaped month name: nothing here needs escaping again.
    return mark_safe(f'<time datetime="{machine}">{value.day} {_short_month(value.month)} {value.year}</time>')  # noqa: S308
