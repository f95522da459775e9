"""The list's bulk actions that readers would notice ask first, naming the stories and the consequence."""

from datetime import timedelta

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from articles import admin_bulk
from articles.models import Article, Status
from tests.support.admin import messages_of
from tests.support.factories import ready_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def editor(client):
    user = make_staff("editor", "ed")
    client.force_login(user)
    return user


def live(title):
    return ready_article(title, status=Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1))


def test_unpublishing_in_bulk_asks_first_then_does_it(client, editor):
    stories = [live("First live story"), live("Second live story")]
    data = {"action": "unpublish_selected", "_selected_action": [s.pk for s in stories], "index": 0,
            "comment": "Legal hold."}  # fmt: skip
    page = client.post(CHANGELIST, data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Readers lose it at once" in html and "2 of them are live now." in html
    assert "First live story" in html and "Second live story" in html
    assert set(Article.objects.values_list("status", flat=True)) == {Status.PUBLISHED}  # nothing done yet

    form = next(
        f
        for f in lxml.html.document_fromstring(html).forms
        if f.get_element_by_id("bulk-confirm-button", None) is not None
    )
    confirmed = {}
    for name, value in form.form_values():
        confirmed.setdefault(name, []).append(value)
    response = client.post(CHANGELIST, confirmed)
    assert response.status_code == 302
    assert "2 articles unpublished: First live story, Second live story." in messages_of(response)
    assert set(Article.objects.values_list("status", flat=True)) == {Status.UNPUBLISHED}
    assert set(Article.objects.first().transitions.values_list("comment", flat=True)) == {"Legal hold."}


def test_an_action_readers_would_not_notice_runs_at_once(client, editor):
    story = ready_article("In review", status=Status.IN_REVIEW)
    data = {"action": "approve_selected", "_selected_action": [story.pk], "index": 0}
    assert client.post(CHANGELIST, data).status_code == 302
    assert Article.objects.get(pk=story.pk).status == Status.APPROVED


def test_an_action_on_more_articles_than_one_page_can_confirm_is_refused_with_a_message(client, editor, monkeypatch):
    monkeypatch.setattr(admin_bulk, "BULK_LIMIT", 2)
    stories = [live(f"Live story {n}") for n in range(3)]
    data = {"action": "unpublish_selected", "_selected_action": [s.pk for s in stories], "index": 0}

    response = client.post(CHANGELIST, data)

    assert response.status_code == 302
    assert any("Choose at most 2 articles" in message for message in messages_of(response))
    assert set(Article.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
