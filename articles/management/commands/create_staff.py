"""Create (or re-role) a newsroom staff account.

    python manage.py create_staff --role writer alice --email alice@example.org --author "Alice Moreau"
    python manage.py create_staff --role editor bob                 # asks for a password on a terminal
    python manage.py create_staff --role admin carol --generate-password

Without --password, a terminal is asked for one; elsewhere (scripts, CI) a strong
password is generated and printed once. An existing user keeps their password
unless one is given, and gets the new role in place of the old one.
"""

import getpass
import secrets
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from articles.models import Author
from articles.roles import ROLES, assign_role


class Command(BaseCommand):
    help = "Create a staff account with one newsroom role: writer, editor or admin."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES), help="writer, editor or admin")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        password = parser.add_mutually_exclusive_group()
        password.add_argument("--password", help="Avoid on shared machines: it stays in the shell history.")
        password.add_argument(
            "--generate-password", action="store_true", help="Generate a strong password and print it once."
        )
        parser.add_argument(
            "--author",
            help="Byline to link: an author's slug, or a new author's name. Writers own articles carrying it.",
        )

    def handle(self, *args, username, role, email, first_name, last_name, password, generate_password, author,
               **options):  # fmt: skip
        User = get_user_model()
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        created = user is None
        if created:
            user = User(**{User.USERNAME_FIELD: username})
        for field, value in {"email": email, "first_name": first_name, "last_name": last_name}.items():
            if value:
                setattr(user, field, value)

        generated = False
        if password is None and (generate_password or (created and not self._interactive())):
            password, generated = secrets.token_urlsafe(18), True
        elif password is None and created:
            password = self._prompt_password(user)
        if password is not None and not generated:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError("Password refused: " + " ".join(error.messages)) from error

        with transaction.atomic():
            if password is not None:
                user.set_password(password)
            user.is_active = True
            user.save()
            group = assign_role(user, role)
            linked = self._link_author(user, author) if author else None

        self.stdout.write(self.style.SUCCESS(f"{'Created' if created else 'Updated'} {username}: {group.name}."))
        if linked is not None:
            self.stdout.write(f"Byline: {linked.name} (/author/{linked.slug}/).")
        if generated:
            self.stdout.write(f"Password (shown once): {password}")

    def _interactive(self):
        return sys.stdin.isatty()

    def _prompt_password(self, user):
        for _ in range(3):
            first = getpass.getpass("Password: ")
            if first != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords differ; try again.")
                continue
            try:
                validate_password(first, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return first
        raise CommandError("No password set.")

    def _link_author(self, user, name_or_slug):
        author = Author.objects.filter(slug=name_or_slug).first()
        if author is None:
            slug = slugify(name_or_slug)
            if not slug:
                raise CommandError(f'"{name_or_slug}" is neither an author slug nor a usable name.')
            author = Author.objects.filter(slug=slug).first() or Author.objects.create(name=name_or_slug, slug=slug)
        if author.user_id not in (None, user.pk):
            raise CommandError(f"The author {author.name} already belongs to another account.")
        Author.objects.filter(user=user).exclude(pk=author.pk).update(user=None)
        author.user = user
        author.save(update_fields=["user", "updated_at"])
        return author
