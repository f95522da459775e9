"""Pagination that does not count a whole archive on every list page."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most LIST_COUNT_CAP stories: COUNT(*) over a 100 000-article tag costs more than the page.

    Pages past the cap answer 404 like any page past the end; the template shows "of N+"
    so readers know the archive goes on (search and section pages reach older stories).
    """

    capped = False

    def count_cap(self):
        return settings.LIST_COUNT_CAP

    @cached_property
    def count(self):
        cap = self.count_cap()
        # Only the keys are counted: annotations a page shows (workflow facts, search positions) are not computed.
        counted = self.object_list.order_by().values("pk")[: cap + 1].count()
        self.capped = counted > cap
        return min(counted, cap)


class PageWindowPaginator(CappedPaginator):
    """Readers' lists: counts only as far as LIST_PAGES_AHEAD pages past the page asked for ("Page 3 of 8+").

    A list page's count then reads about as many rows as the page itself, at any archive size, where
    counting all of a prolific author's stories would cost more than the page. Every page up to the
    cap stays reachable, each "Older" link counting a little further.
    """

    asked = 1

    def validate_number(self, number):
        try:
            self.asked = max(1, int(number))
        except (TypeError, ValueError):
            pass  # Django's own check answers it (PageNotAnInteger: a 404)
        return super().validate_number(number)

    def count_cap(self):
        return min(super().count_cap(), (self.asked + settings.LIST_PAGES_AHEAD) * self.per_page)
