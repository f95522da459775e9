"""The demo shows notifications: the demo editor signs in to two unread ones about the draft, assigned to them."""

import pytest
from django.urls import reverse

from articles.models import Article, Status
from notifications.models import Assignment, Kind, Notification
from tests.newsroom.test_seed_demo import local, seed  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.django_db


def test_the_demo_editor_has_two_unread_notifications_and_a_rerun_adds_none(local, client):  # noqa: F811
    seed()
    draft = Article.objects.get(status=Status.DRAFT)
    notes = Notification.objects.filter(recipient__username="editor").unread()
    assert sorted(notes.values_list("kind", flat=True)) == [Kind.ASSIGNED, Kind.MENTION]
    assert {note.article for note in notes} == {draft}
    assert Assignment.objects.get(article=draft).editor.username == "editor"
    seed()
    assert Notification.objects.count() == 2
    client.force_login(notes.first().recipient)
    page = client.get(reverse("admin:index")).content.decode()
    assert '<strong id="notifications-unread">2</strong>' in page
