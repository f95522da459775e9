"""Where an article sits: its breadcrumb trail and its neighbours in its section."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from .models import Article


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


def _older(field):
    same_section = Article.objects.published().filter(section=OuterRef("section"))
    older = same_section.filter(published_at__lte=OuterRef("published_at")).exclude(
        published_at=OuterRef("published_at"), pk__gte=OuterRef("pk")
    )
    return Subquery(older.order_by("-published_at", "-pk").values(field)[:1])


def _newer(field):
    same_section = Article.objects.published().filter(section=OuterRef("section"))
    newer = same_section.filter(published_at__gte=OuterRef("published_at")).exclude(
        published_at=OuterRef("published_at"), pk__lte=OuterRef("pk")
    )
    return Subquery(newer.order_by("published_at", "pk").values(field)[:1])


def with_section_neighbours(articles):
    """`articles` annotated with the previous (older) and next (newer) public story of their section.

    Four small scalar subqueries, each an index range read on (section, status,
    published_at), inside the query that loads the article: the page gains links,
    not a query.
    """
    return articles.annotate(
        older_slug=_older("slug"),
        older_title=_older("title"),
        newer_slug=_newer("slug"),
        newer_title=_newer("title"),
    )


def section_neighbours(article):
    """(older, newer) Neighbours of an article loaded through with_section_neighbours()."""

    def neighbour(prefix):
        slug = getattr(article, f"{prefix}_slug", None)
        if not slug:
            return None
        return Neighbour(getattr(article, f"{prefix}_title"), reverse("articles:article", kwargs={"slug": slug}))

    return neighbour("older"), neighbour("newer")
