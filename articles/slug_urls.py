"""Addresses of public pages by slug, reversed once per process: a page links to dozens of stories,
sections, tags and pages, and Django's reverse() walks the URL patterns each time.

Kept per script prefix and URLconf, so a site mounted under a path or a request with its own
URLconf gets its own addresses; a ROOT_URLCONF change (tests) forgets them all.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=20_000)
def _reversed(prefix, urlconf, name, slug):
    return reverse(name, urlconf=urlconf, kwargs={"slug": slug})


def slug_url(name, slug):
    """reverse(name, kwargs={"slug": slug}), remembered."""
    return _reversed(get_script_prefix(), get_urlconf(), name, slug)


def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()


setting_changed.connect(_forget, weak=False)
