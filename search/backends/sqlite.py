"""SQLite FTS5: bm25 ranking with column weights, snippet() and highlight()."""

from django.db import DatabaseError, connection

from ..query import InvalidQuery, to_fts5
from ..text import MARK_END, MARK_START
from .base import SearchBackend, make_hit, public_articles

# bm25 column weights: a word in the title counts ten times one in the body,
# one in the dek or tags four times.
WEIGHTS = (10.0, 4.0, 1.0)
SNIPPET_TOKENS = 32


class SqliteFtsBackend(SearchBackend):
    def _public_ids_sql(self, section, tag):
        sql, params = public_articles(section=section, tag=tag).values("pk").query.sql_with_params()
        return sql, list(params)

    def _run(self, sql, params):
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        except DatabaseError as error:
            # Every word is quoted, so this is not expected; still a reader's query
            # must never turn into a server error.
            raise InvalidQuery("That search could not be run. Try plain words.") from error

    def count(self, parsed, *, section=None, tag=None):
        public_sql, public_params = self._public_ids_sql(section, tag)
        rows = self._run(
            # public_sql is Django's own compiled SQL; every value is a parameter.
            f"SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({public_sql})",  # noqa: S608
            [to_fts5(parsed), *public_params],
        )
        return rows[0][0]

    def fetch(self, parsed, *, offset, limit, section=None, tag=None):
        public_sql, public_params = self._public_ids_sql(section, tag)
        marks = [MARK_START, MARK_END]
        rows = self._run(
            "SELECT rowid, bm25(search_fts, %s, %s, %s) AS score, "  # noqa: S608 (as in count())
            "highlight(search_fts, 0, %s, %s), "
            "snippet(search_fts, 2, %s, %s, '…', %s), "
            "snippet(search_fts, 1, %s, %s, '…', %s) "
            f"FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({public_sql}) "
            "ORDER BY score, rowid DESC LIMIT %s OFFSET %s",
            [
                *WEIGHTS,
                *marks,
                *marks,
                SNIPPET_TOKENS,
                *marks,
                SNIPPET_TOKENS,
                to_fts5(parsed),
                *public_params,
                limit,
                offset,
            ],
        )
        if not rows:
            return []
        articles = public_articles(section=section, tag=tag).for_cards().in_bulk([row[0] for row in rows])
        return [
            # bm25() is lower for better matches; the hit's rank is higher-is-better.
            make_hit(articles[pk], -score, title, [body, meta])
            for pk, score, title, body, meta in rows
            if pk in articles
        ]
