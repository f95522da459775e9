"""manage.py send_newsletter --frequency daily|weekly: finish unfinished issues, build new ones, send them."""

from django.core.management.base import BaseCommand, CommandError

from newsletter import issues
from newsletter.models import Frequency


class Command(BaseCommand):
    help = (
        "Send the newsletter of one frequency: first whatever an interrupted run left unsent, then one new "
        "issue per section choice with the stories published since that choice's last issue. "
        "Safe to run again: nobody receives an issue twice (a copy a crash interrupted is not sent again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", required=True, choices=Frequency.values)
        parser.add_argument("--batch-size", type=int, default=None, help="Copies per SMTP connection.")

    def handle(self, *, frequency, batch_size, **options):
        resumed = list(issues.unfinished_issues(frequency))
        built = issues.build_issues(frequency)
        if not resumed and not built:
            self.stdout.write(f"No new {frequency} issue: no stories since the last one (or no confirmed readers).")
            return
        for issue in resumed + built:
            kind = "Resumed" if issue in resumed else "Built"
            try:
                sent = issues.send_issue(issue, batch_size=batch_size)
            except Exception as error:
                raise CommandError(
                    f"Sending “{issue.subject}” stopped: {error}. Run the command again to resume it."
                ) from error
            self.stdout.write(f"{kind} “{issue.subject}”: {sent} sent.")
            interrupted = issue.deliveries.filter(error=issues.INTERRUPTED).count()
            if interrupted:
                self.stdout.write(
                    f"  {interrupted} copies were interrupted by an earlier run while the mail server had them: "
                    "they may have arrived, so they were not sent again (the admin's issue list counts them)."
                )
