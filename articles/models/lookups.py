"""`<field>__any_of=[…]`: `IN (…)` everywhere, one array parameter on PostgreSQL.

A list page looks stories up by a few thousand ids (a tag's, an editor's search matches). As
`IN (%s, %s, …)` every id is a placeholder the driver splits, quotes and sends one by one,
which costs more than PostgreSQL's work; `= ANY(%s)` sends them as one array.
"""

from django.db import models
from django.db.models.lookups import In


@models.BigAutoField.register_lookup
class AnyOf(In):
    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        if not isinstance(self.rhs, (list, tuple, set, frozenset)):
            return self.as_sql(compiler, connection)  # a subquery: IN (SELECT …) as ever
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, [int(value) for value in self.rhs if value is not None])
