"""Querysets compiled to SQL once per process and run again with each request's values.

Building and compiling the article page's queryset (a dozen joins, JSON subqueries, the
section neighbours and the related stories) costs several times what running it costs. A
PreparedQuery builds its queryset once per database with marker values, for "now" (the
published door asks `now()`) and for each argument, and keeps the compiler: its SQL and
the layout of its rows. Each fetch copies that compiler, puts the request's values where
the markers were and hands it to Django's own iterable (ModelIterable, or the values_list
ones), so the instances, the select_related objects, the annotations and the tuples are
those the ORM gives.

The shape is built twice, with two sets of markers, and must compile to the same SQL with
every differing parameter exactly a marker: a value the ORM transformed (escaped for LIKE,
a time computed from now) would be kept as compiled and is refused instead. A build must not
run queries (that would freeze rows into the shape), and what cannot be replayed from the
compiler alone (values() dicts, named tuples, prefetches) is refused too.
A setting change forgets every shape (tests override settings).
"""

import copy
from contextlib import nullcontext
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connections, router
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable
from django.utils import timezone

# Two instants no query compares with: a compiled parameter equal to one of them is "now".
NOW_MARKERS = (datetime(2000, 1, 1, 0, 0, 0, 424242, tzinfo=UTC), datetime(2001, 2, 3, 4, 5, 6, 535353, tzinfo=UTC))

_building = ContextVar("prepared_query_building", default=None)  # which marker set a build uses, or None


def now():
    """The time a query compares with: now, or a marker while a prepared shape is being built."""
    build = _building.get()
    return timezone.now() if build is None else _now_marker(build)


def _now_marker(build):
    marker = NOW_MARKERS[build]
    return marker if settings.USE_TZ else marker.replace(tzinfo=None)


# The iterables that read nothing of a queryset but its compiler's rows (and, for instances, its model).
REPLAYABLE = (ModelIterable, ValuesListIterable, FlatValuesListIterable)


class PreparedQueryError(ValueError):
    """A build that cannot be replayed faithfully; the message says why."""


def _refuse_queries(execute, sql, params, many, context):
    raise PreparedQueryError("a prepared query's build ran a query; it may only describe one")


class _Shape:
    """One database's compiled form of a PreparedQuery: the compiler, its SQL and where the values go."""

    def __init__(self, prepared, alias):
        (self.queryset, self.compiler, self.sql, params), (_, _, other_sql, other_params) = (
            prepared.compiled(alias, build) for build in (0, 1)
        )
        if other_sql != self.sql or len(other_params) != len(params):
            raise PreparedQueryError("the build's SQL depends on its markers")
        self.slots = [self._slot(prepared, alias, pair) for pair in zip(params, other_params, strict=True)]
        missing = set(prepared.arguments) - {item for kind, item in self.slots if kind == "value"}
        if missing:
            raise PreparedQueryError(f"the prepared query does not use its arguments {sorted(missing)}")

    @staticmethod
    def _slot(prepared, alias, pair):
        """("now", None), ("value", argument name) or ("kept", the compiled value) for one parameter."""
        first, second = pair
        if type(first) is type(second) and first == second:
            return ("kept", first)
        adapt = connections[alias].ops.adapt_datetimefield_value
        if (first, second) == tuple(adapt(_now_marker(build)) for build in (0, 1)):
            return ("now", None)
        for name in prepared.arguments:
            if (first, second) == (prepared.marker(name, 0), prepared.marker(name, 1)):
                return ("value", name)
        raise PreparedQueryError(f"a parameter derived from an argument or the time: {first!r}")

    def params(self, connection, values):
        current = connection.ops.adapt_datetimefield_value(timezone.now())
        return tuple(
            current if kind == "now" else values[item] if kind == "value" else item for kind, item in self.slots
        )


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

    `build` must take the time from the published door (or `prepared.now()`) as it is, and pass
    each argument to the query unchanged (an exact match or an exclusion); anything else is
    refused when the shape is first built.
    """

    def __init__(self, model, build, **arguments):
        """`arguments`: each argument's name and type, str or int (its markers are values no real row has)."""
        self.model, self.build = model, build
        for kind in arguments.values():
            if kind not in (str, int):
                raise TypeError(f"a prepared query's argument is a str or an int, not {kind!r}")
        self.arguments = arguments
        self._shapes = {}
        setting_changed.connect(self._forget)

    def _forget(self, **kwargs):
        self._shapes.clear()

    def marker(self, name, build):
        if self.arguments[name] is str:
            return f"prepared%_\\{name}:{build}"  # LIKE's special characters: an escaped copy is refused
        return -4_240_000_000_000 - 2 * list(self.arguments).index(name) - build  # below any key; still a bigint

    def compiled(self, alias, build):
        """(queryset, compiler, sql, params) of the build with marker set `build`.

        The second build may run no query: one that reads rows would freeze them into the shape.
        (The first may: the backend probes some of its features once, on first use.)
        """
        token = _building.set(build)
        try:
            with connections[alias].execute_wrapper(_refuse_queries) if build else nullcontext():
                queryset = self.build(**{name: self.marker(name, build) for name in self.arguments}).using(alias)
                if queryset.model is not self.model:
                    raise TypeError(f"the build returned {queryset.model.__name__}s, not {self.model.__name__}s")
                if queryset._iterable_class not in REPLAYABLE or queryset._prefetch_related_lookups:
                    raise PreparedQueryError("a prepared query loads instances or values_list rows, without prefetches")
                if queryset._known_related_objects or queryset._hints:
                    raise PreparedQueryError("a prepared query starts from a manager, not from a related object")
                compiler = queryset.query.get_compiler(using=alias)
                try:
                    sql, params = compiler.as_sql()
                except EmptyResultSet:
                    raise PreparedQueryError("the build matches nothing whatever its arguments") from None
        finally:
            _building.reset(token)
        return queryset, compiler, sql, params

    def _shape(self, alias):
        key = (alias, connections[alias].vendor)
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = _Shape(self, alias)
        return shape

    def fetch(self, **values):
        """The rows of the query for these argument values: a list of model instances (or values_list rows)."""
        if set(values) != set(self.arguments):
            raise TypeError(f"expected the arguments {sorted(self.arguments)}")
        for name, value in values.items():
            if type(value) is not self.arguments[name]:
                raise TypeError(f"{name} is a {self.arguments[name].__name__}, not {type(value).__name__}")
        alias = router.db_for_read(self.model)
        shape = self._shape(alias)
        return list(shape.queryset._iterable_class(_Source(shape, alias, values)))


class _Source:
    """What the replayable iterables read of a queryset, for one fetch of a shape."""

    def __init__(self, shape, alias, values):
        self.db = alias
        self.model = shape.queryset.model
        self.query = _Replay(shape, values)
        self._fetch_mode = shape.queryset._fetch_mode
        self._known_related_objects = {}
