from django.core.management.base import BaseCommand

from articles import changes
from search import services


class Command(BaseCommand):
    help = "Index every article for the site search again (after imports, loaddata or bulk writes)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Articles written per transaction.")

    def handle(self, *args, batch_size, **options):
        count = services.rebuild_index(batch_size=batch_size)
        changes.bulk_changed()  # cached search pages, and ETags with them
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} article{'s' if count != 1 else ''}."))
