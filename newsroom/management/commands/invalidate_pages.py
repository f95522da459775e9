"""`python manage.py invalidate_pages`: every public page is rendered again on its next request.

For changes that bypass Article.save() — bulk_create(), QuerySet.update(), raw SQL,
a restored database dump. Every worker and server sharing the cache sees it at once.
"""

from django.core.management.base import BaseCommand, CommandError

from articles import changes


class Command(BaseCommand):
    help = "Invalidate every public page and ETag (after bulk changes that bypass Article.save())."

    def handle(self, *args, **options):
        if not changes.bulk_changed():
            raise CommandError("The shared cache did not record the change: is Redis up? Run this again.")
        self.stdout.write("Page cache invalidated: every page renders afresh on its next request.")
