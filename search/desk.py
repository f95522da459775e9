"""The desk's article search (the admin's search box), from the readers' index and query code.

What an editor types is read as readers' queries are (search.query), with the last word
matching as a prefix while they type; the full-text index covers title, dek, tag names and
body. An exact id or slug comes first, then the matches by relevance (the newest
RANKED_MATCHES ranked, as for readers), then the stories of authors whose name matches.
Every step reads an index with a LIMIT, so the cost does not grow with the archive.
"""

from articles.admin_search import DESK_SEARCH_LIMIT, PICKER_LIMIT
from articles.models import Article, ArticleAuthor, Author

from .backends import get_backend
from .backends.base import best_first
from .query import MAX_QUERY_LENGTH, InvalidQuery, parse_query

# Stories an author match adds: the newest of each matching author's, past the text matches.
AUTHOR_STORIES = 200


def exact_ids(term):
    """The article whose id or slug is exactly `term`."""
    term = term.strip()
    by_slug = Article.objects.filter(slug=term)
    if term.isdigit() and len(term) < 19:
        by_slug = by_slug | Article.objects.filter(pk=int(term))
    return list(by_slug.order_by().values_list("pk", flat=True)[:2])


def text_ids(term):
    """Articles of any state whose indexed text matches `term`, best first."""
    parsed = parse_query(term[:MAX_QUERY_LENGTH])
    if not parsed:
        return []
    backend = get_backend()
    try:
        matches = backend.desk_matches(parsed, limit=DESK_SEARCH_LIMIT)
    except InvalidQuery:
        return []
    return [pk for pk, _ in best_first(matches, lambda ids: backend.ranks(parsed, ids, prefix=True))]


def author_ids(term):
    """The newest stories by authors whose name holds `term`."""
    term = term.strip()[:MAX_QUERY_LENGTH]
    authors = list(Author.objects.filter(name__icontains=term).values_list("pk", flat=True)[:PICKER_LIMIT])
    if not authors:
        return []
    bylines = ArticleAuthor.objects.filter(author__in=authors).order_by("-article_id")
    return list(bylines.values_list("article_id", flat=True)[:AUTHOR_STORIES])


def desk_search(term):
    """Article ids for the admin's search box, best first, each once."""
    ids = dict.fromkeys([*exact_ids(term), *text_ids(term), *author_ids(term)])
    return list(ids)[:DESK_SEARCH_LIMIT]
