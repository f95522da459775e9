"""Load the demo site (newsroom.demo) and one local login per newsroom role.

    python manage.py seed_demo            # only with DEBUG or NEWSROOM_LOCAL=1
    python manage.py seed_demo --force    # anywhere (it creates staff logins with stored passwords!)

Idempotent: what exists is never overwritten, so a second run creates nothing and
changes nothing visible (newsroom.demo.seeder says how rows are matched).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles import changes
from newsroom.demo.desk import seed_desk
from newsroom.demo.formatting import seed_formatting
from newsroom.demo.most_read import seed_views
from newsroom.demo.notifications import seed_notifications
from newsroom.demo.pending import seed_pending_changes
from newsroom.demo.previews import seed_preview_link
from newsroom.demo.revisions import seed_revision_slip
from newsroom.demo.richmedia import seed_rich_media
from newsroom.demo.seeder import Seeder
from newsroom.demo.trust import seed_trust
from newsroom.demo.users import DEMO_USERS, demo_logins_path, ensure_demo_users


class Command(BaseCommand):
    help = "Load original demo articles, sections, authors, tags and disclaimers, and local writer/editor/admin logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when neither DEBUG nor LOCAL_MODE is on. Creates staff logins with stored passwords.",
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or settings.LOCAL_MODE or force):
            raise CommandError(
                "seed_demo creates demo content and staff logins with stored passwords; it is for local use. "
                "Run it with NEWSROOM_LOCAL=1 (make serve) or DJANGO_DEBUG=1, or pass --force if you really mean it."
            )

        with transaction.atomic():
            logins = ensure_demo_users(self.stdout)
            User = get_user_model()
            editor = User._default_manager.filter(**{User.USERNAME_FIELD: DEMO_USERS[0]["username"]}).first()
            seeder = Seeder(timezone.now(), created_by=editor)
            seeder.run()
            seed_rich_media(seeder)
            seed_formatting(seeder)
            seed_views(seeder.now)
            seed_trust(seeder)
            seed_preview_link(seeder)
            seed_desk(seeder)
            seed_revision_slip(seeder)
            seed_pending_changes(seeder)
            seed_notifications(seeder)
        if seeder.wrote_around_save:
            changes.bulk_changed()

        for label, counts in seeder.stats.items():
            self.stdout.write(
                f"{label}: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged"
            )
        self.stdout.write(f"Hero images generated: {seeder.heroes}")
        for label, username, password in logins:
            self.stdout.write(self.style.SUCCESS(f"{label}: {username} / {password}"))
        self.stdout.write(f"(Demo passwords are kept in {demo_logins_path()}; local use only.)")
