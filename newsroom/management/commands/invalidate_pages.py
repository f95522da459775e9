"""`python manage.py invalidate_pages`: every public page is rendered again on its next request.

For changes that bypass Article.save() — bulk_create(), QuerySet.update(), raw SQL,
a restored database dump. Every worker and server sharing the cache sees it at once.
First the tag links' and bylines' copies of their articles' publication times are mended
(articles.models.link_dates): such writers, a dump from before those copies existed, and
workers of an older release during an upgrade leave them unset or stale.
"""

from django.core.management.base import BaseCommand, CommandError

from articles import changes
from articles.models.link_dates import copy_to_links


class Command(BaseCommand):
    help = "Invalidate every public page and ETag (after bulk changes that bypass Article.save())."

    def handle(self, *args, **options):
        mended = copy_to_links()
        if mended:
            self.stdout.write(f"Publication times copied to {mended} tag link(s) and byline(s).")
        if not changes.bulk_changed():
            raise CommandError("The shared cache did not record the change: is Redis up? Run this again.")
        self.stdout.write("Page cache invalidated: every page renders afresh on its next request.")
