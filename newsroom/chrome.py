"""The chrome of every page: the sections in the main navigation and the published standing pages
(footer links, the disclaimer link), read together in one query on a page-cache miss.

The rules stay with their owners (`Section.objects.in_navigation()`, `Page.objects.published()`);
this module, which wires apps together, only reads both lists in one round trip.
"""

from django.db.models import CharField, Value
from django.utils.functional import SimpleLazyObject

from articles.models import Section
from articles.models.prepared import PreparedQuery
from pages.models import Page

_SECTION, _PAGE = "section", "page"


def _chrome_query():
    sections = (
        Section.objects.in_navigation()
        .order_by()
        .annotate(chrome=Value(_SECTION, output_field=CharField()), chrome_kind=Value("", output_field=CharField()))
        .values_list("chrome", "pk", "name", "slug", "chrome_kind", "position")
    )
    pages = (
        Page.objects.published()
        .for_links()
        .order_by()
        .annotate(chrome=Value(_PAGE, output_field=CharField()))
        .values_list("chrome", "pk", "title", "slug", "kind", "position")
    )
    # Ordered by the database (its collation, as the lists were before), each kind keeping its own order.
    return sections.union(pages, all=True).order_by("position", "name")


# Compiled once per process: building the union cost far more than running it.
_CHROME_ROWS = PreparedQuery(Section, _chrome_query)


def load(using="default"):
    """(navigation sections, published pages), each in its own order, from one query."""
    sections, pages = [], []
    section_fields, page_fields = ["id", "name", "slug", "position"], ["id", "title", "slug", "kind", "position"]
    for chrome, pk, name, slug, kind, position in _CHROME_ROWS.fetch():
        if chrome == _SECTION:
            sections.append(Section.from_db(using, section_fields, [pk, name, slug, position]))
        else:
            pages.append(Page.from_db(using, page_fields, [pk, name, slug, kind, position]))
    return sections, pages


def chrome(request):
    """Context processor: `nav_sections` and `published_pages`, lazily, from one shared query.

    Both lists are loaded on first use, once per request; a page that shows neither pays nothing.
    """
    lists = SimpleLazyObject(load)
    return {
        "nav_sections": SimpleLazyObject(lambda: lists[0]),
        "published_pages": SimpleLazyObject(lambda: lists[1]),
    }
