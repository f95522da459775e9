"""Production settings with every cache alias swapped for Django's DummyCache: the site cold.

The benchmark's "cold" mode serves the site with these, so every request renders the whole
page (no page cache, no cached fragments or tokens) on the production middleware, database
and templates.
"""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import CACHES as PRODUCTION_CACHES

CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in PRODUCTION_CACHES}
