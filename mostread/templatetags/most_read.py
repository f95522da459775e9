"""`{% most_read %}`: the most-read list, rendered once per refresh and kept in the cache.

Its key holds the `lists` generation token (articles.changes replaces it whenever a story is
published, taken down or changes its card), so a story taken down leaves the list at once,
and the refresh period, so views are folded in and ranked again every
MOST_READ_REFRESH_SECONDS. Rendering a new list folds the waiting views and ranks them first.
"""

import time

from django import template
from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string

from articles import changes

from .. import services

register = template.Library()
TEMPLATE = "mostread/includes/most_read.html"


def render_list():
    label, stories = services.most_read()
    return render_to_string(TEMPLATE, {"most_read_label": label, "most_read_stories": stories})


def fresh_list():
    state = changes.page_state([changes.LISTS])
    if state is None:
        return render_list()  # no shared cache, or a story going live this moment: no keeping
    refresh = int(time.time() // settings.MOST_READ_REFRESH_SECONDS)
    key = f"mostread:list:{state.tokens[0]}:{refresh}"
    cache = caches["default"]
    html = cache.get(key)
    if html is None:
        services.refresh()
        html = render_list()
        cache.set(key, html, settings.MOST_READ_REFRESH_SECONDS)
    return html


@register.simple_tag
def most_read():
    return fresh_list()
