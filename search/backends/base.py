"""What both engines share: the published door with filters, and lazily paged results."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.safestring import SafeString

from articles.models import Article

from ..query import parse_query
from ..text import has_highlight, highlight_html


@dataclass
class SearchHit:
    article: Article
    rank: float
    title_html: SafeString
    snippet_html: SafeString


def public_articles(*, section=None, tag=None):
    """The articles a search may return: the published door, narrowed by the filters."""
    articles = Article.objects.published()
    if section:
        articles = articles.filter(section__slug=section)
    if tag:
        articles = articles.filter(tagged_items__tag__slug=tag)
    return articles


def make_hit(article, rank, title_fragment, fragments):
    """A hit whose snippet is the first fragment with a highlighted word (else the first)."""
    snippet = next((fragment for fragment in fragments if has_highlight(fragment)), fragments[0] if fragments else "")
    return SearchHit(
        article=article,
        rank=rank,
        title_html=highlight_html(title_fragment or article.title),
        snippet_html=highlight_html(snippet),
    )


# Of the newest matches, this many are ranked by relevance (first pages); the rest follow newest first.
RANKED_MATCHES = 200


def best_first(matches, ranks_of):
    """[(id, rank)]: the first RANKED_MATCHES of `matches` (newest first) by relevance, the rest as read.

    matches: [(id, relevance or None)]; ranks_of(ids) -> {id: relevance} is asked when the engine gave none.
    """
    window = matches[:RANKED_MATCHES]
    ranks = dict(window)
    if any(rank is None for rank in ranks.values()):
        ranks = ranks_of(list(ranks))
    # Best rank first; among equals (and past the window) the newest first, as read.
    order = sorted(range(len(window)), key=lambda index: (-ranks.get(window[index][0], 0.0), index))
    ordered = [(window[index][0], ranks.get(window[index][0], 0.0)) for index in order]
    return ordered + [(pk, 0.0) for pk, _ in matches[RANKED_MATCHES:]]


class SearchResults:
    """Hits for one query, fetched a page at a time: a paginator counts (count_up_to) then slices.

    The work is bounded whatever the word: the backend reads at most a count's limit of public
    matches, newest first, through indexes (a word found in half the archive costs its newest
    matches, not all of them). The readers' page counts only a few pages past the one asked
    for (search.paging); read alone, a count reaches SEARCH_MAX_COUNT (`capped` past it). The
    newest RANKED_MATCHES of the matches read are ordered by relevance (title above dek and
    tags above body, as each engine ranks), the rest stay newest first; each page then loads
    only its own articles and highlighted fragments.
    """

    def __init__(self, backend, parsed, *, section=None, tag=None):
        self.backend = backend
        self.parsed = parsed
        self.section = section
        self.tag = tag
        self._order = None
        self.capped = False

    def _read(self, cap):
        matches = []
        if self.parsed:
            matches = self.backend.newest_matches(self.parsed, section=self.section, tag=self.tag, limit=cap + 1)
        self.capped = len(matches) > cap
        self._order = best_first(matches[:cap], lambda ids: self.backend.ranks(self.parsed, ids))

    def _ordered_ids(self):
        if self._order is None:
            self._read(settings.SEARCH_MAX_COUNT)
        return self._order

    def count_up_to(self, limit):
        """The matches counted reading at most `limit` (as articles.pagination counts keys: one past its cap)."""
        self._read(limit - 1)
        return len(self._order) + self.capped

    def count(self):
        return len(self._ordered_ids())

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            hits = self[key : key + 1]
            if not hits:
                raise IndexError(key)
            return hits[0]
        start, stop = key.start or 0, key.stop
        if key.step not in (None, 1) or stop is None or start < 0 or stop <= start or not self.parsed:
            return []
        page = self._ordered_ids()[start:stop]
        if not page:
            return []
        return self.backend.hits(self.parsed, page, section=self.section, tag=self.tag)


class SearchBackend:
    def search(self, query, section=None, tag=None):
        """Published articles matching `query`, best first (see the package docstring)."""
        parsed = parse_query(query)
        return SearchResults(self, parsed, section=section, tag=tag)

    def newest_matches(self, parsed, *, section=None, tag=None, limit):
        """[(id, relevance or None)] of up to `limit` public articles matching `parsed`, newest first.

        Read through indexes; an engine that ranks as it reads gives the relevance (higher is
        better), else None and ranks() is asked for the ones that are ranked.
        """
        raise NotImplementedError

    def ranks(self, parsed, ids, *, prefix=False):
        """{id: relevance, higher is better} for these matching articles."""
        raise NotImplementedError

    def desk_matches(self, parsed, *, limit):
        """[(id, relevance or None)] of up to `limit` articles of any state matching `parsed`, newest first.

        The desk's search: the last word typed matches as a prefix; read through the same indexes.
        """
        raise NotImplementedError

    def hits(self, parsed, ranked, *, section=None, tag=None):
        """SearchHits for [(id, rank)], in that order; articles no longer public are left out."""
        raise NotImplementedError
