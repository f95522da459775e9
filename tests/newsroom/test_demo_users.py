"""The demo has one staff account per role, with printed local logins (seed_demo's ensure_demo_users)."""

import io

import pytest
from django.contrib.auth import get_user_model

from articles.models import Author
from newsroom.demo.users import ensure_demo_users

pytestmark = pytest.mark.django_db


@pytest.fixture
def logins(settings, tmp_path):
    settings.DEMO_LOGINS_FILE = tmp_path / "demo_logins.txt"
    return {label: (username, password) for label, username, password in ensure_demo_users(io.StringIO())}


def test_one_login_per_role_none_a_superuser(logins):
    assert set(logins) == {"Writer login", "Editor login", "Admin login"}
    for label, (username, _) in logins.items():
        user = get_user_model().objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [label.removesuffix(" login")]


def test_each_printed_login_opens_the_admin(client, logins):
    for username, password in logins.values():
        assert client.login(username=username, password=password)
        assert client.get("/admin/articles/article/").status_code == 200
        client.logout()


def test_the_writer_writes_as_a_demo_author(logins):
    writer = get_user_model().objects.get(username=logins["Writer login"][0])
    author = Author.objects.get(user=writer)
    assert author.slug == "daniel-whitcombe" and author.credentials


def test_a_second_run_keeps_the_same_logins(settings, logins):
    again = {label: (username, password) for label, username, password in ensure_demo_users(io.StringIO())}
    assert again == logins
    assert Author.objects.filter(user__isnull=False).count() == 1
