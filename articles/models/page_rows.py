"""An article's own lists (bylines, tags, corrections) read inside the query that loads it.

Each list is a correlated subquery aggregating its rows to a JSON array
(json_group_array on SQLite, jsonb_agg on PostgreSQL), one indexed read by article id:
the article page gets them with the article, not in three more queries, and always
current, so nothing has to be kept in step when an author, a tag or a correction changes.
"""

from datetime import UTC
from operator import attrgetter

from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.dateparse import parse_datetime


class JSONRows(models.Aggregate):
    """The aggregated values as one JSON array (order not kept: callers sort)."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def rows_subquery(queryset, link, **fields):
    """A JSON array of `fields` ({key: field path}) of the `queryset` rows whose `link` is the outer row."""
    aggregated = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(rows=JSONRows(JSONObject(**fields)))
        .values("rows")
    )
    return Subquery(aggregated, output_field=models.JSONField())


def model_fields(model):
    """{attname: attname} of `model`'s concrete fields: the whole row, for rebuild()."""
    return {field.attname: field.attname for field in model._meta.concrete_fields}


def _value(field, value):
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        # SQLite keeps UTC without an offset; PostgreSQL's JSON carries one.
        return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment
    return field.to_python(value) if value is not None else None


def rebuild(model, row, **renamed):
    """A `model` instance from one JSON row; `renamed` maps the model's attnames to other keys of the row."""
    values = {}
    for field in model._meta.concrete_fields:
        key = renamed.get(field.attname, field.attname)
        if key in row:
            values[field.attname] = _value(field, row[key])
    return model(**values)


def sorted_rows(instances, ordering):
    """`instances` in the order of a Meta.ordering list (e.g. ["-created_at", "-id"])."""
    for name in reversed(ordering):
        descending = name.startswith("-")
        name = name.lstrip("-")
        name = "pk" if name == "id" else name
        instances.sort(key=attrgetter(name), reverse=descending)
    return instances
