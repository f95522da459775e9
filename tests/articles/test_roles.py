"""The Writer, Editor and Admin groups, and `manage.py create_staff`."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Author
from articles.roles import sync_role_groups
from tests.support.factories import make_author

pytestmark = pytest.mark.django_db


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


class TestGroups:
    def test_the_migration_made_three_groups(self):
        assert set(Group.objects.values_list("name", flat=True)) >= {"Writer", "Editor", "Admin"}

    def test_writer_drafts_and_submits_but_never_publishes(self):
        writer = perms("Writer")
        assert {"articles.add_article", "articles.change_article", "articles.submit_article",
                "articles.preview_article"} <= writer  # fmt: skip
        assert not writer & {"articles.publish_article", "articles.schedule_article", "articles.review_article",
                             "articles.change_any_article", "articles.delete_article",
                             "articles.share_preview"}  # fmt: skip

    def test_editor_does_everything_editorial_but_not_users_sections_or_disclaimers(self):
        editor = perms("Editor")
        assert {"articles.review_article", "articles.publish_article", "articles.schedule_article",
                "articles.unpublish_article", "articles.archive_article", "articles.share_preview",
                "articles.change_any_article"} <= editor  # fmt: skip
        assert not editor & {"auth.add_user", "auth.change_user", "articles.change_section",
                             "articles.change_disclaimer", "articles.delete_article"}  # fmt: skip

    def test_admin_also_manages_users_sections_and_disclaimers(self):
        admin = perms("Admin")
        assert perms("Editor") <= admin
        assert {"auth.add_user", "auth.change_user", "articles.change_section", "articles.add_disclaimer",
                "articles.delete_article"} <= admin  # fmt: skip

    def test_sync_only_adds(self):
        extra = Group.objects.get(name="Writer")
        from django.contrib.auth.models import Permission

        hand_granted = Permission.objects.get(codename="add_author")
        extra.permissions.add(hand_granted)
        sync_role_groups()
        assert "articles.add_author" in perms("Writer")


class TestCreateStaff:
    def run(self, *args):
        out = io.StringIO()
        call_command("create_staff", *args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    @pytest.mark.parametrize(("role", "group"), [("writer", "Writer"), ("editor", "Editor"), ("admin", "Admin")])
    def test_makes_a_staff_user_with_one_role_and_prints_a_generated_password(self, client, role, group):
        out = self.run("--role", role, "pat", "--email", "pat@example.org", "--generate-password")
        password = re.search(r"Password \(shown once\): (\S+)", out).group(1)
        user = get_user_model().objects.get(username="pat")
        assert user.is_staff and not user.is_superuser and user.email == "pat@example.org"
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert client.login(username="pat", password=password)
        assert client.get("/admin/articles/article/").status_code == 200

    def test_without_a_terminal_a_password_is_generated(self):
        out = self.run("--role", "writer", "quinn")
        assert "Password (shown once):" in out

    def test_given_password_is_validated(self):
        with pytest.raises(CommandError, match="Password refused"):
            self.run("--role", "editor", "rita", "--password", "123")
        assert not get_user_model().objects.filter(username="rita").exists()

    def test_given_strong_password_works(self, client):
        self.run("--role", "editor", "rita", "--password", "Plenty-long-and-odd-42")
        assert client.login(username="rita", password="Plenty-long-and-odd-42")  # noqa: S106

    def test_changing_role_replaces_the_old_one_and_keeps_the_password(self, client):
        self.run("--role", "writer", "sam", "--password", "Plenty-long-and-odd-42")
        self.run("--role", "editor", "sam")
        user = get_user_model().objects.get(username="sam")
        assert list(user.groups.values_list("name", flat=True)) == ["Editor"]
        assert client.login(username="sam", password="Plenty-long-and-odd-42")  # noqa: S106

    def test_links_an_existing_author_or_creates_one(self):
        make_author("Ada Lane", slug="ada-lane")
        self.run("--role", "writer", "ada", "--author", "ada-lane")
        assert Author.objects.get(slug="ada-lane").user.username == "ada"
        out = self.run("--role", "writer", "ben", "--author", "Ben Okafor")
        assert Author.objects.get(slug="ben-okafor").user.username == "ben"
        assert "Byline: Ben Okafor" in out

    def test_an_author_of_someone_else_is_refused(self):
        self.run("--role", "writer", "ada", "--author", "Ada Lane")
        with pytest.raises(CommandError, match="belongs to another account"):
            self.run("--role", "writer", "eve", "--author", "ada-lane")

    def test_unknown_role_is_refused(self):
        with pytest.raises(CommandError):
            self.run("--role", "intern", "ivy")


def test_every_migrate_tops_the_groups_up():
    """Permissions of apps migrated after the roles migration still reach the groups (post_migrate)."""
    from django.contrib.auth.models import Permission
    from django.core.management.sql import emit_post_migrate_signal

    admin = Group.objects.get(name="Admin")
    later_app_permission = Permission.objects.get(content_type__app_label="taggit", codename="add_tag")
    admin.permissions.remove(later_app_permission)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert admin.permissions.filter(pk=later_app_permission.pk).exists()
