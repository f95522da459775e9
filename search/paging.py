"""What the readers' search page reads: one page of results and a count that reaches a few pages past it.

The count stops where a list page's does (articles.pagination.PageWindowPaginator:
LIST_PAGES_AHEAD pages past the page asked for, "Page 1 of 5+"), but never before the
RANKED_MATCHES that are ordered by relevance, so every page in that window shows the same
order whichever page was asked first, and never past SEARCH_MAX_COUNT. A word found in half
the archive then costs page 1 its newest RANKED_MATCHES + 1 matches, not SEARCH_MAX_COUNT + 1.
"""

from django.conf import settings

from articles.pagination import PageWindowPaginator

from .backends import base


class SearchPaginator(PageWindowPaginator):
    """Pages over SearchResults, counting them with count_up_to()."""

    def count_cap(self):
        return min(settings.SEARCH_MAX_COUNT, max(base.RANKED_MATCHES, self.window_end()))

    def count_up_to(self, limit):
        return self.object_list.count_up_to(limit)


def results_page(results, number):
    """(paginator, page) of `results` for the page number a reader asked for (Django's get_page rules)."""
    paginator = SearchPaginator(results, settings.SEARCH_RESULTS_PER_PAGE)
    return paginator, paginator.get_page(number)
