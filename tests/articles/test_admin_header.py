"""The admin header names the person signed in and their role, not the account name."""

import pytest
from django.contrib.auth import get_user_model

from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "expected"),
    [("writer", "Wren Adeyemi</strong> (Writer)"), ("editor", "Wren Adeyemi</strong> (Editor)"),
     ("admin", "Wren Adeyemi</strong> (Admin)")],
)  # fmt: skip
def test_the_header_shows_the_real_name_and_role(client, role, expected):
    client.force_login(make_staff(role, "demo", first_name="Wren", last_name="Adeyemi"))
    page = client.get("/admin/").content.decode()
    assert expected in page
    assert "Welcome," not in page


def test_an_account_without_a_name_shows_its_username(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw"))  # noqa: S106
    assert "Signed in as <strong>root</strong> (Admin)." in client.get("/admin/").content.decode()
