"""PostgreSQL full-text search: a weighted tsvector per article, websearch queries, ts_headline."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from articles.models import Article

from ..models import SearchDocument
from ..query import to_prefix_tsquery, to_websearch
from ..services import search_config
from ..text import MARK_END, MARK_START
from .base import SearchBackend, make_hit, public_articles

# ts_rank weights for D, C, B, A: title (A) above dek and tags (B) above body (C).
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
HEADLINE_OPTIONS = {"start_sel": MARK_START, "stop_sel": MARK_END, "max_words": 35, "min_words": 15}
# Search documents newest first (undated drafts before all). The planner walks the documents' date
# index testing each row's vector (a common word stops after a few rows per match) or, for a rare
# word, reads the full-text index and sorts. An archive lies on disk in publication order, so the
# newest rows are its last pages.
NEWEST_FIRST = ("-published_at", "-article")


def relevance(query):
    """A search document's rank for `query`: title above dek and tags above body (RANK_WEIGHTS)."""
    return SearchRank(F("vector"), query, weights=RANK_WEIGHTS)


def newest_first(documents, limit):
    """The article ids of these search documents, newest first, at most `limit`: one query."""
    return list(documents.order_by(*NEWEST_FIRST).values_list("article", flat=True)[:limit])


class PostgresBackend(SearchBackend):
    def _query(self, parsed, *, prefix=False):
        if prefix:
            return SearchQuery(to_prefix_tsquery(parsed), search_type="raw", config=search_config())
        return SearchQuery(to_websearch(parsed), search_type="websearch", config=search_config())

    def newest_matches(self, parsed, *, section=None, tag=None, limit):
        query = self._query(parsed)
        if section or tag:
            # A filter narrows the door itself; the planner joins it with the full-text index.
            matches = public_articles(section=section, tag=tag).filter(search_document__vector=query)
            ids = matches.order_by("-published_at", "-pk").values_list("pk", flat=True)[:limit]
            return [(pk, None) for pk in ids]
        # One query: the walk of the documents keeps only public stories (a story taken down keeps its
        # document's date), so the limit counts public matches, and ranks each row it keeps.
        public = Exists(Article.objects.published().filter(pk=OuterRef("article")))
        documents = SearchDocument.objects.filter(public, vector=query, published_at__lte=timezone.now())
        ranked = documents.annotate(rank=relevance(query))
        return list(ranked.order_by(*NEWEST_FIRST).values_list("article", "rank")[:limit])

    def ranks(self, parsed, ids, *, prefix=False):
        rank = relevance(self._query(parsed, prefix=prefix))
        return dict(SearchDocument.objects.filter(pk__in=ids).annotate(rank=rank).values_list("pk", "rank"))

    def desk_matches(self, parsed, *, limit):
        # Every state: drafts (no publication time) first, then the newest, read as readers' matches are.
        ids = newest_first(SearchDocument.objects.filter(vector=self._query(parsed, prefix=True)), limit)
        return [(pk, None) for pk in ids]

    def hits(self, parsed, ranked, *, section=None, tag=None):
        query = self._query(parsed)
        config = search_config()
        articles = (
            Article.objects.published()
            .for_cards()
            .filter(pk__in=[pk for pk, _ in ranked])
            .annotate(
                title_fragment=SearchHeadline(
                    "search_document__title", query, config=config, highlight_all=True, **_marks()
                ),
                body_fragment=SearchHeadline("search_document__body", query, config=config, **HEADLINE_OPTIONS),
                meta_fragment=SearchHeadline("search_document__meta", query, config=config, **HEADLINE_OPTIONS),
            )
            .in_bulk()
        )
        return [
            make_hit(article, rank, article.title_fragment, [article.body_fragment, article.meta_fragment])
            for pk, rank in ranked
            if (article := articles.get(pk)) is not None
        ]


def _marks():
    return {"start_sel": MARK_START, "stop_sel": MARK_END}
