"""Re-check cited DOIs and PMIDs for retractions and other notices; safe to run on a schedule."""

from django.core.management.base import BaseCommand

from evidence import watch


class Command(BaseCommand):
    help = (
        "Re-check cited works for retractions, expressions of concern, withdrawals and corrections. "
        "Idempotent; a stopped run resumes with the citations checked longest ago."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Check at most this many citations.")
        parser.add_argument("--all", action="store_true", help="Also re-check citations checked recently.")

    def handle(self, *args, limit=None, all=False, **options):
        checked, flagged, failed = watch.check_citations(limit=limit, every=all, report=self.stdout.write)
        self.stdout.write(f"Checked {checked} citations: {flagged} newly flagged, {failed} left for the next run.")
