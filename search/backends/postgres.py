"""PostgreSQL full-text search: a weighted tsvector per article, websearch queries, ts_headline."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F

from ..query import to_websearch
from ..services import search_config
from ..text import MARK_END, MARK_START
from .base import SearchBackend, make_hit, public_articles

# ts_rank weights for D, C, B, A: title (A) above dek and tags (B) above body (C).
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
HEADLINE_OPTIONS = {"start_sel": MARK_START, "stop_sel": MARK_END, "max_words": 35, "min_words": 15}


class PostgresBackend(SearchBackend):
    def _query(self, parsed):
        return SearchQuery(to_websearch(parsed), search_type="websearch", config=search_config())

    def _matches(self, parsed, section, tag):
        return public_articles(section=section, tag=tag).filter(search_document__vector=self._query(parsed))

    def count(self, parsed, *, section=None, tag=None, limit):
        # COUNT(*) over a LIMITed subquery: stops reading after `limit` matches.
        return self._matches(parsed, section, tag).order_by()[:limit].count()

    def fetch(self, parsed, *, offset, limit, section=None, tag=None):
        query = self._query(parsed)
        config = search_config()
        articles = (
            self._matches(parsed, section, tag)
            .for_cards()
            .annotate(
                rank=SearchRank(F("search_document__vector"), query, weights=RANK_WEIGHTS),
                title_fragment=SearchHeadline(
                    "search_document__title", query, config=config, highlight_all=True, **_marks()
                ),
                body_fragment=SearchHeadline("search_document__body", query, config=config, **HEADLINE_OPTIONS),
                meta_fragment=SearchHeadline("search_document__meta", query, config=config, **HEADLINE_OPTIONS),
            )
            .order_by("-rank", "-published_at", "-pk")[offset : offset + limit]
        )
        return [
            make_hit(article, article.rank, article.title_fragment, [article.body_fragment, article.meta_fragment])
            for article in articles
        ]


def _marks():
    return {"start_sel": MARK_START, "stop_sel": MARK_END}
