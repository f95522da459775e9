"""Pagination that does not count a whole archive on every list page."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .models import Article
from .models.link_dates import walked_from_links
from .models.prepared import PreparedQuery


class CappedPaginator(Paginator):
    """Counts at most LIST_COUNT_CAP stories: COUNT(*) over a 100 000-article tag costs more than the page.

    Pages past the cap answer 404 like any page past the end; the template shows "of N+"
    so readers know the archive goes on (search and section pages reach older stories).
    """

    capped = False

    def count_cap(self):
        return settings.LIST_COUNT_CAP

    def count_limit(self):
        """How many keys the count reads: one past the cap, to tell whether there are more."""
        return self.count_cap() + 1

    @cached_property
    def count(self):
        cap = self.count_cap()
        counted = self.count_up_to(self.count_limit())
        self.capped = counted > cap
        return min(counted, cap)

    def count_up_to(self, limit):
        return counted_keys(self.object_list, limit).count()


def counted_keys(stories, limit):
    """The keys a capped count reads: annotations a page shows (workflow facts, search positions) are not computed.

    The order goes too (a count need not sort), except for a list walked from its links: that order is
    what makes the database read the newest links first and stop, rather than walk the archive.
    """
    keys = stories.values_list("pk", flat=True)
    return (keys if walked_from_links(stories) else keys.order_by())[:limit]


class PageWindowPaginator(CappedPaginator):
    """Readers' lists: counts only as far as LIST_PAGES_AHEAD pages past the page asked for ("Page 3 of 8+").

    A list page's count then reads about as many rows as the page itself, at any archive size, where
    counting all of a prolific author's stories would cost more than the page. Every page up to the
    cap stays reachable, each "Older" link counting a little further.
    """

    asked = 1

    def __init__(self, object_list, per_page, *args, first_page=None, **kwargs):
        """`first_page`: a PreparedFirstPage bound to this list, which answers page 1 (and its count)."""
        super().__init__(object_list, per_page, *args, **kwargs)
        self.first_page = first_page

    def _prepared(self, number=None):
        first_page = self.first_page
        if first_page is None or (number or self.asked) != 1 or first_page.per_page != self.per_page:
            return None
        return first_page

    def count_up_to(self, limit):
        prepared = self._prepared()
        if prepared is None or prepared.keys_limit != limit:
            return super().count_up_to(limit)
        return len(prepared.keys())

    def page(self, number):
        number = self.validate_number(number)
        prepared = self._prepared(number)
        if prepared is None or self.orphans:
            return super().page(number)
        return self._get_page(prepared.rows()[: self.count], number, self)

    def validate_number(self, number):
        try:
            self.asked = max(1, int(number))
        except (TypeError, ValueError):
            pass  # Django's own check answers it (PageNotAnInteger: a 404)
        return super().validate_number(number)

    def count_cap(self):
        return min(super().count_cap(), self.window_end())

    def window_end(self):
        """How far a count reaches: the last item of the page LIST_PAGES_AHEAD pages past the one asked for."""
        return (self.asked + settings.LIST_PAGES_AHEAD) * self.per_page


class PreparedFirstPage:
    """Page 1 of a readers' list view, the page most asked for, from two queries compiled once per process
    (articles.models.prepared): the keys its capped count reads and the page's stories.

    The queries are the view's own: `view_class(**key).get_queryset()`, where `key` names the one int
    attribute its list depends on, if any. Other pages, another page size or count limit, and
    subclasses of the view build their queries as before.
    """

    def __init__(self, view_class, **key):
        self.view_class = view_class
        self.per_page = per_page = view_class.paginate_by
        self.keys_limit = limit = PageWindowPaginator((), per_page).count_limit()  # page 1's, as the paginator counts

        def listed(**values):
            return view_class(**values).get_queryset()

        self._keys = PreparedQuery(Article, lambda **values: counted_keys(listed(**values), limit), **key)
        self._rows = PreparedQuery(Article, lambda **values: listed(**values)[:per_page], **key)

    def serves(self, view):
        return type(view) is self.view_class

    def bind(self, **values):
        """This list's page 1 for these argument values (a section's key, or none)."""
        return _BoundFirstPage(self, values)


class _BoundFirstPage:
    def __init__(self, prepared, values):
        self.per_page, self.keys_limit = prepared.per_page, prepared.keys_limit
        self.keys = lambda: prepared._keys.fetch(**values)
        self.rows = lambda: prepared._rows.fetch(**values)
