"""Dates written for machines in HTML: the `datetime` attribute of `<time>`."""

from datetime import date, datetime

from django import template
from django.utils import timezone

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
