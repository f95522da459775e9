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


class SearchResults:
    """Ranked hits, fetched a page at a time: Paginator calls count() then slices.

    Counting stops at SEARCH_MAX_COUNT: a word found in half the archive costs a full
    count otherwise, and no reader pages past the first hundred pages. `capped` says
    there are more ("More than 1000 results").
    """

    def __init__(self, backend, parsed, *, section=None, tag=None):
        self.backend = backend
        self.parsed = parsed
        self.section = section
        self.tag = tag
        self._count = None
        self.capped = False

    def count(self):
        if self._count is None:
            cap = settings.SEARCH_MAX_COUNT
            found = 0
            if self.parsed:
                found = self.backend.count(self.parsed, section=self.section, tag=self.tag, limit=cap + 1)
            self.capped = found > cap
            self._count = min(found, cap)
        return self._count

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
        return self.backend.fetch(self.parsed, offset=start, limit=stop - start, section=self.section, tag=self.tag)


class SearchBackend:
    def search(self, query, section=None, tag=None):
        """Published articles matching `query`, best first (see the package docstring)."""
        parsed = parse_query(query)
        return SearchResults(self, parsed, section=section, tag=tag)

    def count(self, parsed, *, section=None, tag=None, limit):
        """How many public articles match, counting no further than `limit`."""
        raise NotImplementedError

    def fetch(self, parsed, *, offset, limit, section=None, tag=None):
        raise NotImplementedError
