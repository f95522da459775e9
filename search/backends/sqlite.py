"""SQLite FTS5: bm25 ranking with column weights, snippet() and highlight().

Two steps, because of how SQLite plans a virtual table:

1. newest matches, ranked: the FTS index is read in descending rowid order (FTS5 gives
   that order itself, so reading stops after `limit` public matches), each match looked
   up in the published door by primary key (CROSS JOIN fixes that order: SQLite would
   otherwise walk every published article and re-run the full-text query for each), and
   bm25() computed for those rows only. Newest here is the newest written (the article
   id), which follows publication in a newsroom; FTS5 cannot read in another column's
   order without reading every match;
2. snippets: highlight() and snippet() only for the page's few rows.
"""

from django.db import DatabaseError, connection

from articles.models import Article

from ..query import InvalidQuery, to_fts5
from ..text import MARK_END, MARK_START
from .base import SearchBackend, make_hit, public_articles

# bm25 column weights: a word in the title counts ten times one in the body,
# one in the dek or tags four times.
WEIGHTS = (10.0, 4.0, 1.0)
SNIPPET_TOKENS = 32


class SqliteFtsBackend(SearchBackend):
    def _public_ids_sql(self, section, tag):
        articles = public_articles(section=section, tag=tag).order_by().values("pk")
        sql, params = articles.query.sql_with_params()
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

    def newest_matches(self, parsed, *, section=None, tag=None, limit):
        public_sql, public_params = self._public_ids_sql(section, tag)
        rows = self._run(
            # public_sql is Django's own compiled SQL; every value is a parameter.
            "SELECT search_fts.rowid, bm25(search_fts, %s, %s, %s) FROM search_fts "  # noqa: S608
            f"CROSS JOIN ({public_sql}) AS public ON public.pk = search_fts.rowid "
            "WHERE search_fts MATCH %s ORDER BY search_fts.rowid DESC LIMIT %s",
            [*WEIGHTS, *public_params, to_fts5(parsed), limit],
        )
        # bm25() is lower for better matches; a rank is higher-is-better.
        return [(pk, -score) for pk, score in rows]

    def desk_matches(self, parsed, *, limit):
        rows = self._run(
            "SELECT rowid, bm25(search_fts, %s, %s, %s) FROM search_fts "
            "WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s",
            [*WEIGHTS, to_fts5(parsed, prefix=True), limit],
        )
        return [(pk, -score) for pk, score in rows]

    def hits(self, parsed, ranked, *, section=None, tag=None):
        ids = [pk for pk, _ in ranked]
        marks = [MARK_START, MARK_END]
        placeholders = ", ".join(["%s"] * len(ids))
        fragments = {
            pk: (title, body, meta)
            for pk, title, body, meta in self._run(
                "SELECT rowid, highlight(search_fts, 0, %s, %s), "  # noqa: S608 (placeholders only)
                "snippet(search_fts, 2, %s, %s, '…', %s), snippet(search_fts, 1, %s, %s, '…', %s) "
                f"FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({placeholders})",
                [*marks, *marks, SNIPPET_TOKENS, *marks, SNIPPET_TOKENS, to_fts5(parsed), *ids],
            )
        }
        articles = Article.objects.published().for_cards().in_bulk(ids)
        hits = []
        for pk, rank in ranked:
            if pk in articles:
                title, body, meta = fragments.get(pk, ("", "", ""))
                hits.append(make_hit(articles[pk], rank, title, [body, meta]))
        return hits
