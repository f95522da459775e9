"""manage.py send_review_reminders: tell each medical reviewer which of their stories are due again."""

from django.core.management.base import BaseCommand

from editorial.reminders import send_review_reminders


class Command(BaseCommand):
    help = "E-mail each medical reviewer (at most once a week) the public stories whose review is due."

    def handle(self, *args, **options):
        run = send_review_reminders()
        self.stdout.write(f"{run.due_stories} public stories are due for a new medical review.")
        for reviewer, address, stories in run.sent:
            self.stdout.write(f"Reminded {reviewer.name} <{address}> of {len(stories)} stories.")
        for reviewer in run.recently_reminded:
            self.stdout.write(f"Skipped {reviewer.name}: reminded within the last week.")
        for reviewer in run.no_address:
            self.stdout.write(self.style.WARNING(f"No e-mail address for {reviewer.name}: set one on their author."))
        for reviewer in run.failed:
            message = f"Could not send the reminder to {reviewer.name}; it is tried next run."
            self.stderr.write(self.style.ERROR(message))
        if run.failed:
            raise SystemExit(1)
