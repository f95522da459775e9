"""The editor's embed lookup: who may ask, and what it answers."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db
URL = reverse("richmedia:embed_lookup")


def test_a_writer_learns_which_embed_a_link_is(client):
    client.force_login(make_staff("writer", "bea"))
    response = client.get(URL, {"url": "https://youtu.be/dQw4w9WgXcQ"})
    assert response.status_code == 200
    assert response.json() == {
        "embed": {"provider": "youtube", "label": "YouTube", "id": "dQw4w9WgXcQ", "url": "https://youtu.be/dQw4w9WgXcQ"}
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url", ["https://example.org/page", "javascript:alert(1)", "https://www.youtube.com/watch?v=<x>"]
)
def test_an_unknown_link_is_no_embed_and_says_why(client, url):
    client.force_login(make_staff("writer", "bea"))
    response = client.get(URL, {"url": url})
    assert response.status_code == 200
    assert response.json()["embed"] is None
    assert "stays a link" in response.json()["reason"]


def test_no_link_answers_400(client):
    client.force_login(make_staff("writer", "bea"))
    assert client.get(URL).status_code == 400


def test_readers_are_sent_to_sign_in(client):
    response = client.get(URL, {"url": "https://youtu.be/dQw4w9WgXcQ"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_who_may_not_edit_articles_are_refused(client):
    user = get_user_model().objects.create_user("clerk", is_staff=True)
    client.force_login(user)
    assert client.get(URL, {"url": "https://youtu.be/dQw4w9WgXcQ"}).status_code == 403
