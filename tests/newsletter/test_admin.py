"""The newsletter in the admin: subscribers and their choices, issues with counts, export and erase."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Delivery, Issue, Subscriber
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "admin:newsletter_subscriber_changelist"


@pytest.fixture
def readers(small_site):
    confirmed = Subscriber.objects.create(email="kept@example.org", frequency="daily", confirmed_at=timezone.now())
    confirmed.sections.set([small_site.section])
    pending = Subscriber.objects.create(email="pending@example.org", frequency="weekly")
    issue = Issue.objects.create(
        frequency="daily",
        sections_key=str(small_site.section.pk),
        sections_label=small_site.section.name,
        since=timezone.now(),
        until=timezone.now(),
        subject="Newsroom daily digest",
        completed_at=timezone.now(),
    )
    Delivery.objects.create(issue=issue, subscriber=confirmed, sent_at=timezone.now())
    return confirmed, pending, issue


def act(client, action, *subscribers):
    return client.post(
        reverse(SUBSCRIBERS), {"action": action, "_selected_action": [subscriber.pk for subscriber in subscribers]}
    )


def test_the_list_shows_confirmed_and_unconfirmed_readers_with_their_choices(admin_client, readers):
    page = admin_client.get(reverse(SUBSCRIBERS)).content.decode()
    assert "kept@example.org" in page and "pending@example.org" in page
    assert "Heart health" in page and "All sections" in page
    unconfirmed = admin_client.get(reverse(SUBSCRIBERS), {"confirmed_at__isempty": "1"}).content.decode()
    assert "pending@example.org" in unconfirmed and "kept@example.org" not in unconfirmed


def test_the_issue_list_shows_readers_and_sent_counts(admin_client, readers):
    page = admin_client.get(reverse("admin:newsletter_issue_changelist")).content.decode()
    assert "Newsroom daily digest" in page
    assert '<td class="field-recipients">1</td>' in page and '<td class="field-sent">1</td>' in page


def test_export_downloads_one_readers_data_as_json(admin_client, readers):
    confirmed, _, _ = readers
    response = act(admin_client, "export_data", confirmed)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    (data,) = json.loads(response.content)
    assert data["email"] == "kept@example.org"
    assert data["frequency"] == "daily" and data["sections"] == ["Heart health"]
    assert data["issues"][0]["subject"] == "Newsroom daily digest"


def test_erase_removes_the_reader_but_keeps_the_issue_counts(admin_client, readers):
    confirmed, pending, issue = readers
    response = act(admin_client, "erase", confirmed)
    assert response.status_code == 302
    assert list(Subscriber.objects.all()) == [pending]
    counted = Issue.objects.with_counts().get()
    assert (counted.recipient_count, counted.sent_count) == (1, 1)
    assert not Delivery.objects.filter(subscriber__isnull=False).exists()


def test_staff_without_the_permissions_can_neither_see_export_nor_erase(client, readers):
    confirmed, _, _ = readers
    editor = make_staff("editor", "ed")
    client.force_login(editor)
    assert client.get(reverse(SUBSCRIBERS)).status_code == 403
    editor.user_permissions.add(Permission.objects.get(codename="view_subscriber"))
    client.force_login(editor)
    page = client.get(reverse(SUBSCRIBERS)).content.decode()
    assert "kept@example.org" in page
    assert 'value="export_data"' not in page and 'value="erase"' not in page
    act(client, "export_data", confirmed)
    act(client, "erase", confirmed)
    assert Subscriber.objects.filter(pk=confirmed.pk).exists()


def test_nobody_adds_or_edits_a_reader_in_the_admin(admin_client, readers):
    confirmed, _, _ = readers
    assert admin_client.get(reverse("admin:newsletter_subscriber_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:newsletter_subscriber_change", args=[confirmed.pk]), {"email": "x@example.org"}
    )
    assert response.status_code == 403
    confirmed.refresh_from_db()
    assert confirmed.email == "kept@example.org"


def test_one_readers_page_offers_export_and_erase(admin_client, readers):
    confirmed, _, _ = readers
    page = admin_client.get(reverse("admin:newsletter_subscriber_change", args=[confirmed.pk])).content.decode()
    assert "kept@example.org" in page
    assert "Export this subscriber" in page and "Erase this subscriber" in page
