"""The article list's search box and the admin pickers' searches, bounded whatever the archive's size.

The domain keeps no full-text index: the search app gives its engine (`use_engine`) from its
AppConfig.ready(). An engine takes the term and returns the ids of the matching articles, best
first, at most DESK_SEARCH_LIMIT; the list then shows those of them its filters and the
editor's rights allow. Without an engine, Django's own search over the admin's search_fields answers.
"""

from django.db.models import Case, IntegerField, Value, When

# Articles an editor's search can reach: the best and newest matches, never the whole archive.
DESK_SEARCH_LIMIT = 1000
# Of those, this many (two pages) keep their order (relevance); the rest follow the list's own order.
POSITIONED = 100
POSITION = "desk_search_position"
# Pickers (tags, authors, sections) offer this many names: those starting with the term first.
PICKER_LIMIT = 20

_engine = None


def use_engine(engine):
    """engine(term) -> [article id, best first] (at most DESK_SEARCH_LIMIT); None removes it."""
    global _engine
    _engine = engine


def has_engine():
    return _engine is not None


def search(queryset, term):
    """`queryset` narrowed to the engine's matches for `term`, annotated with their POSITION."""
    ids = _engine(term)[:DESK_SEARCH_LIMIT]
    return in_order(queryset.filter(pk__any_of=ids), ids)


def in_order(queryset, ids):
    whens = [When(pk=pk, then=Value(position)) for position, pk in enumerate(ids[:POSITIONED])]
    position = Case(*whens, default=Value(POSITIONED), output_field=IntegerField()) if whens else Value(0)
    return queryset.annotate(**{POSITION: position})


def picker_matches(queryset, term, field="name"):
    """At most PICKER_LIMIT rows whose `field` contains `term`, those starting with it first."""
    term = term.strip()
    if not term:
        return queryset.order_by(field)[:PICKER_LIMIT]
    starting = list(
        queryset.filter(**{f"{field}__istartswith": term}).order_by(field).values_list("pk", flat=True)[:PICKER_LIMIT]
    )
    inside = []
    if len(starting) < PICKER_LIMIT:
        inside = list(
            queryset.filter(**{f"{field}__icontains": term})
            .exclude(pk__in=starting)
            .order_by(field)
            .values_list("pk", flat=True)[: PICKER_LIMIT - len(starting)]
        )
    ids = starting + inside
    return in_order(queryset.filter(pk__in=ids), ids).order_by(POSITION)
