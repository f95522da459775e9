"""`python manage.py invalidate_pages`: every cached page is rendered again on its next request.

For changes that send no model signal — bulk_create(), QuerySet.update(), raw SQL,
a restored database dump. Every worker and server sharing the cache sees it at once.
"""

from django.core.management.base import BaseCommand

from newsroom import pagecache


class Command(BaseCommand):
    help = "Invalidate every page in the shared page cache (after bulk changes that send no signals)."

    def handle(self, *args, **options):
        pagecache.bump(pagecache.SITE)
        self.stdout.write("Page cache invalidated: every page renders afresh on its next request.")
