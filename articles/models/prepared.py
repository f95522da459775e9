"""Querysets compiled to SQL once per process and run again with each request's values.

Building and compiling the article page's queryset (a dozen joins, JSON subqueries, the
section neighbours and the related stories) costs several times what running it costs. A
PreparedQuery builds its queryset once per database with marker values, for "now" (the
published door asks `now()`) and for each argument, and keeps the compiler: its SQL and
the layout of its rows. Each fetch copies that compiler, puts the request's values where
the markers were and hands it to Django's own ModelIterable, so the instances, the
select_related objects and the annotations are those the ORM gives.

What a shape may hold: marker values where the request's values go; every other parameter
is kept as it was compiled. A setting change forgets every shape (tests override settings).
"""

import copy
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.signals import setting_changed
from django.db import connections, router
from django.db.models.query import ModelIterable
from django.utils import timezone

# An instant no query compares with, so a compiled parameter equal to it is "now".
NOW_MARKER = datetime(2000, 1, 1, 0, 0, 0, 424242, tzinfo=UTC)

_building = ContextVar("prepared_query_building", default=False)


def now():
    """The time a query compares with: now, or the marker while a prepared shape is being built."""
    return NOW_MARKER if _building.get() else timezone.now()


class _Shape:
    """One database's compiled form of a PreparedQuery: the compiler, its SQL and where the values go."""

    def __init__(self, queryset, alias, markers):
        connection = connections[alias]
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(using=alias)
        self.sql, params = self.compiler.as_sql()
        now_marker = connection.ops.adapt_datetimefield_value(NOW_MARKER)
        by_marker = {(type(marker), marker): name for name, marker in markers.items()}
        # Each parameter: ("now", None), ("value", name) or ("kept", the compiled value).
        self.slots = [
            ("now", None)
            if param == now_marker
            else ("value", by_marker[type(param), param])
            if isinstance(param, str | int) and (type(param), param) in by_marker
            else ("kept", param)
            for param in params
        ]
        missing = set(markers) - {name for kind, name in self.slots if kind == "value"}
        if missing:
            raise ValueError(f"the prepared query does not use its arguments {sorted(missing)}")

    def params(self, connection, values):
        current = connection.ops.adapt_datetimefield_value(timezone.now())
        return tuple(
            current if kind == "now" else values[item] if kind == "value" else item for kind, item in self.slots
        )


def _marker(name, kind, n):
    if kind is str:
        return f"prepared-query-marker:{name}"
    if kind is int:
        return -4_240_000_000_000 - n  # below any key; still a bigint
    raise TypeError(f"a prepared query's argument is a str or an int, not {kind!r}")


class _Replay:
    """Stands in for the queryset's Query: ModelIterable asks it for a compiler and gets the kept one, refilled."""

    def __init__(self, shape, values):
        self.shape, self.values = shape, values

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = copy.copy(self.shape.compiler)
        compiler.connection = connection or connections[using]
        sql, params = self.shape.sql, self.shape.params(compiler.connection, self.values)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler


class PreparedQuery:
    """`build(**arguments)`, a queryset of `model`, compiled once per database; `fetch(**arguments)` runs it.

    `build` must take the time from the published door (or `prepared.now()`) and pass each
    argument to the query unchanged (an exact match or an exclusion), so its marker reaches the
    compiled parameters.
    """

    def __init__(self, model, build, **arguments):
        """`arguments`: each argument's name and type, str or int (its marker is a value no real row has)."""
        self.model, self.build = model, build
        self.markers = {name: _marker(name, kind, n) for n, (name, kind) in enumerate(arguments.items())}
        self._shapes = {}
        setting_changed.connect(self._forget, weak=False)

    def _forget(self, **kwargs):
        self._shapes.clear()

    def _shape(self, alias):
        key = (alias, connections[alias].vendor)
        shape = self._shapes.get(key)
        if shape is None:
            token = _building.set(True)
            try:
                queryset = self.build(**self.markers).using(alias)
            finally:
                _building.reset(token)
            if queryset.model is not self.model:
                raise TypeError(f"the build returned {queryset.model.__name__}s, not {self.model.__name__}s")
            shape = self._shapes[key] = _Shape(queryset, alias, self.markers)
        return shape

    def fetch(self, **values):
        """The rows of the query for these argument values: a list of model instances."""
        if set(values) != set(self.markers):
            raise TypeError(f"expected the arguments {sorted(self.markers)}")
        alias = router.db_for_read(self.model)
        return list(ModelIterable(_Source(self._shape(alias), alias, values)))


class _Source:
    """What ModelIterable reads of a queryset, for one fetch of a shape."""

    def __init__(self, shape, alias, values):
        self.db = alias
        self.model = shape.queryset.model
        self.query = _Replay(shape, values)
        self._fetch_mode = shape.queryset._fetch_mode
        self._known_related_objects = {}
