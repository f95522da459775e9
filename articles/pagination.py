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

    @cached_property
    def count(self):
        cap = settings.LIST_COUNT_CAP
        # Only the keys are counted: annotations a page shows (workflow facts, search positions) are not computed.
        counted = self.object_list.order_by().values("pk")[: cap + 1].count()
        self.capped = counted > cap
        return min(counted, cap)
