"""Links to the published standing pages: the footer of every page (with the site's organization
and its policies in structured data) and an article's disclaimer block.

Both read one list, loaded at most once per render (one query, shared with the navigation's where
the request's context has it) and never on a page-cache hit.
"""

from django import template

from articles import seo

from .. import trust
from ..models import Page

register = template.Library()

_RENDER_KEY = "pages.published_links"


def _published_pages(context):
    # Read with the navigation in one query where the chrome context processor runs (newsroom.chrome).
    shared = context.get("published_pages")
    if shared is not None:
        return shared
    # render_context is shared by a template and the templates it extends, so the footer and the
    # article's disclaimer block share one query.
    pages = context.render_context.get(_RENDER_KEY)
    if pages is None:
        pages = list(Page.objects.published().for_links())
        context.render_context[_RENDER_KEY] = pages
    return pages


@register.inclusion_tag("pages/footer_links.html", takes_context=True)
def footer_pages(context):
    pages = _published_pages(context)
    return {
        "footer_pages": pages,
        "organization_json_ld": seo.json_ld(trust.organization(pages)),
        "csp_nonce": context.get("csp_nonce", ""),
    }


@register.simple_tag(takes_context=True)
def standing_page(context, kind):
    """The published page of `kind` (e.g. "disclaimer"), or None."""
    return next((page for page in _published_pages(context) if page.kind == kind), None)
