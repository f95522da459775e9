"""Fold the article views waiting in the shared cache into the database, and drop old hourly rows.

The most-read list folds and ranks by itself whenever it is refreshed; run this from a timer as
well (every few minutes) so views are kept and ranked even while nobody renders the list.
"""

from django.core.management.base import BaseCommand

from mostread import services


class Command(BaseCommand):
    help = "Fold counted views into the database and rank the most-read list; delete rows past MOST_READ_KEEP_DAYS."

    def handle(self, *args, **options):
        refreshed = services.refresh()
        pruned = services.prune()
        if refreshed is None:
            self.stdout.write(f"Another fold is running; old hourly rows deleted: {pruned}")
            return
        folded, places = refreshed
        self.stdout.write(f"Views folded: {folded}; places ranked: {places}; old hourly rows deleted: {pruned}")
