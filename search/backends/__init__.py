"""One small search interface, two engines.

    results = get_backend().search("heart failure", section="cardiology", tag=None)
    results.count()      # how many published articles match
    results[0:10]        # a page of SearchHit(article, rank, title_html, snippet_html)

`search` raises `InvalidQuery` (a reader-facing message) for a query it cannot run.
The engine follows the database: FTS5 on SQLite, full-text search on PostgreSQL.
"""

from django.db import connection

from .base import SearchHit, SearchResults

__all__ = ["SearchHit", "SearchResults", "get_backend"]


def get_backend():
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from .sqlite import SqliteFtsBackend

        return SqliteFtsBackend()
    raise NotImplementedError(f"No search backend for {connection.vendor}")
