"""Old public addresses: where a page whose slug changed (or a merged tag) lives now.

The domain keeps no history of addresses. The app that does (editorial) registers one
lookup per kind of page in its AppConfig.ready(); public pages and feeds ask here before
answering 404, so an old link answers 301 to the page's current address.
"""

from django.http import Http404, HttpResponsePermanentRedirect

ARTICLE, TAG = "article", "tag"

_lookups = {}


def register(kind, lookup):
    """`lookup(slug)` returns what now stands at the old address `slug` of a `kind` page, or None."""
    _lookups[kind] = lookup


def current(kind, slug):
    """The article or tag an old slug now belongs to, or None (no lookup registered, or none found)."""
    lookup = _lookups.get(kind)
    return lookup(slug) if lookup is not None else None


def redirect_or_404(kind, slug):
    """301 to where the page of the old `slug` lives now; 404 when it lives nowhere readers may go."""
    found = current(kind, slug)
    if found is None:
        raise Http404(f"No such {kind}.")
    return HttpResponsePermanentRedirect(found.get_absolute_url())
