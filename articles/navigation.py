"""Where an article sits: its breadcrumb trail and its neighbours in its section."""

from dataclasses import dataclass

from django.db.models import JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.urls import reverse

from .models import Article
from .slug_urls import slug_url


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str  # a path; the last crumb's is the page itself


@dataclass(frozen=True)
class Neighbour:
    title: str
    url: str


def breadcrumbs(article):
    """Home › Section › Article (needs `section` loaded)."""
    return [
        Crumb("Home", reverse("articles:home")),
        Crumb(article.section.name, article.section.get_absolute_url()),
        Crumb(article.title, article.get_absolute_url()),
    ]


# Each neighbour query filters on the place's bound before the published door's: SQLite walks the
# index from the first of two upper bounds on a column, and from the door's "now" the older query
# would pass every newer story of the section before reaching the place.


def _older_than(section, published_at, pk):
    """Public stories of `section` before the place (published_at, pk), nearest first."""
    before = Article.objects.filter(published_at__lte=published_at).published().filter(section=section)
    return before.exclude(published_at=published_at, pk__gte=pk).order_by("-published_at", "-pk")


def _newer_than(section, published_at, pk):
    """Public stories of `section` after the place (published_at, pk), nearest first."""
    after = Article.objects.filter(published_at__gte=published_at).published().filter(section=section)
    return after.exclude(published_at=published_at, pk__lte=pk).order_by("published_at", "pk")


def _older():
    return _link(_older_than(OuterRef("section"), OuterRef("published_at"), OuterRef("pk")))


def _newer():
    return _link(_newer_than(OuterRef("section"), OuterRef("published_at"), OuterRef("pk")))


def _link(stories):
    """The first of `stories` as a JSON {slug, title}: one subquery per neighbour, not one per field."""
    return Subquery(stories.values(link=JSONObject(slug="slug", title="title"))[:1], output_field=JSONField())


def with_section_neighbours(articles):
    """`articles` annotated with the previous (older) and next (newer) public story of their section.

    Two small scalar subqueries, each an index range read on (section, status,
    published_at), inside the query that loads the article: the page gains links,
    not a query.
    """
    return articles.annotate(older_link=_older(), newer_link=_newer())


def section_neighbours(article):
    """(older, newer) Neighbours of an article loaded through with_section_neighbours()."""

    def neighbour(prefix):
        link = getattr(article, f"{prefix}_link", None)
        if not link:
            return None
        return Neighbour(link["title"], slug_url("articles:article", link["slug"]))

    return neighbour("older"), neighbour("newer")


def neighbour_slugs(section_id, published_at, pk):
    """Slugs of the public stories either side of a place in a section: the pages that link to a story there."""
    places = (_older_than(section_id, published_at, pk or 0), _newer_than(section_id, published_at, pk or 0))
    return [slug for query in places for slug in query.values_list("slug", flat=True)[:1]]
