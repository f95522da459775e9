"""Fold the article views waiting in the shared cache into the database, and drop old hourly rows.

The most-read list folds by itself whenever it is refreshed; run this from a timer as well
(every few minutes) so views are kept in the database even while nobody renders the list.
"""

from django.core.management.base import BaseCommand

from mostread import services


class Command(BaseCommand):
    help = "Move counted article views from the shared cache into the database; delete rows past MOST_READ_KEEP_DAYS."

    def handle(self, *args, **options):
        folded = services.fold()
        pruned = services.prune()
        self.stdout.write(f"Views folded: {folded}; old hourly rows deleted: {pruned}")
