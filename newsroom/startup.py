"""Checks the web process makes before it accepts a single request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_to_serve_without_a_secret():
    """A site serving sessions and signed links with a missing or placeholder key is not started."""
    if settings.SERVE_REFUSAL_REASON:
        raise ImproperlyConfigured(settings.SERVE_REFUSAL_REASON)
