"""Pages lose nothing to a concurrent edit: the publish and take-down actions and a revision restore
save rows read under a lock, so what another editor committed in between is kept."""

import pytest
from django.urls import reverse

from editorial.models import PageRevision
from pages.models import Page, PageKind, PageStatus
from tests.pages.conftest import make_page
from tests.support.races import before_first_call, postgresql_only
from tests.support.staff import make_staff

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]


def test_a_body_fixed_while_the_publish_action_runs_is_kept(client, monkeypatch):
    draft = make_page("Privacy", kind=PageKind.PRIVACY, status=PageStatus.DRAFT)
    client.force_login(make_staff("editor", "eddie"))
    fixed = "<p>Privacy: how we work, fixed.</p>"
    meanwhile = before_first_call(
        monkeypatch, Page, "save", lambda: Page.objects.filter(pk=draft.pk).update(body=fixed)
    )

    client.post(reverse("admin:pages_page_changelist"), {"action": "publish_pages", "_selected_action": [draft.pk]})
    meanwhile.finish()

    draft.refresh_from_db()
    assert (draft.status, draft.body) == (PageStatus.PUBLISHED, fixed)


def test_a_take_down_made_while_a_revision_is_restored_is_kept(client, monkeypatch):
    policy = make_page("Corrections policy", kind=PageKind.CORRECTIONS_POLICY, body="<p>We correct within a day.</p>")
    client.force_login(make_staff("editor", "eddie"))
    PageRevision.objects.create(page=policy, number=1, snapshot={"title": policy.title, "body": policy.body})
    Page.objects.filter(pk=policy.pk).update(body="<p>Wrong text.</p>")
    meanwhile = before_first_call(
        monkeypatch, Page, "save", lambda: Page.objects.filter(pk=policy.pk).update(status=PageStatus.DRAFT)
    )

    response = client.post(reverse("admin:pages_page_revision_restore", args=[policy.pk, 1]))
    meanwhile.finish()

    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.status, policy.body) == (PageStatus.DRAFT, "<p>We correct within a day.</p>")
