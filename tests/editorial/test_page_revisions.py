"""Standing pages keep revisions like articles: every admin save, a diff, and a restore that loses nothing."""

import pytest
from django.urls import reverse

from editorial.models import PageRevision
from pages.models import Page, PageKind, PageStatus
from tests.pages.conftest import make_page
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


def page_form(page, **fields):
    return {
        "title": page.title,
        "slug": page.slug,
        "kind": page.kind,
        "summary": page.summary,
        "body": page.body,
        "status": page.status,
        "position": str(page.position),
        "opened_version": page.updated_at.isoformat(),  # the form as opened now (articles.admin_stale)
        **fields,
    }


def save(client, page, **fields):
    response = client.post(reverse("admin:pages_page_change", args=[page.pk]), page_form(page, **fields))
    assert response.status_code == 302, response.content.decode()[:1500]
    page.refresh_from_db()


@pytest.fixture
def editor(client):
    user = make_staff("editor", "eddie")
    client.force_login(user)
    return user


@pytest.fixture
def policy():
    return make_page("Corrections policy", kind=PageKind.CORRECTIONS_POLICY, body="<p>We correct within a day.</p>")


def test_each_save_from_the_admin_is_a_numbered_revision_by_its_editor(client, editor, policy):
    save(client, policy)
    save(client, policy, body="<p>We correct within a working day.</p>")
    revisions = list(PageRevision.objects.filter(page=policy).order_by("number"))
    assert [(r.number, r.by) for r in revisions] == [(1, editor), (2, editor)]
    assert revisions[1].snapshot["body"] == "<p>We correct within a working day.</p>"


def test_the_history_lists_what_changed_and_the_diff_marks_the_words(client, editor, policy):
    save(client, policy)
    save(client, policy, body="<p>We correct within a working day.</p>")
    history = client.get(reverse("admin:pages_page_revisions", args=[policy.pk])).content.decode()
    assert "Body" in history and "First version" in history
    assert 'href="/admin/pages/page/"' in history  # breadcrumbs lead to the pages, not the articles
    diff = client.get(reverse("admin:pages_page_revision_diff", args=[policy.pk]), {"a": 1, "b": 2})
    assert "<ins>working </ins>" in diff.content.decode() or "<ins>working</ins>" in diff.content.decode()
    assert "Back to the page" in diff.content.decode()


def test_restoring_saves_a_new_revision_and_keeps_the_status(client, editor, policy):
    save(client, policy)
    save(client, policy, title="Corrections policy (draft wording)", body="<p>Wrong text.</p>")
    url = reverse("admin:pages_page_revision_restore", args=[policy.pk, 1])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    policy.refresh_from_db()
    assert (policy.title, policy.body, policy.status) == (
        "Corrections policy",
        "<p>We correct within a day.</p>",
        PageStatus.PUBLISHED,
    )
    latest = PageRevision.objects.filter(page=policy).latest()
    assert (latest.number, latest.note) == (3, "Restored revision 1")


def test_writers_cannot_restore_and_unknown_revisions_are_404(client, policy):
    editor = make_staff("editor", "eddie")
    client.force_login(editor)
    save(client, policy)
    draft = make_page("Privacy", kind=PageKind.PRIVACY, status=PageStatus.DRAFT)
    save(client, draft)
    client.force_login(make_staff("writer", "wendy"))
    assert client.post(reverse("admin:pages_page_revision_restore", args=[draft.pk, 1])).status_code == 403
    diff = client.get(reverse("admin:pages_page_revision_diff", args=[draft.pk]), {"a": 1, "b": 99})
    assert diff.status_code == 404
    assert Page.objects.get(pk=draft.pk).status == PageStatus.DRAFT


def test_a_page_without_revisions_shows_an_empty_history(client, editor, policy):
    """Pages made outside the admin (seed_demo, the shell, before revisions existed) have none yet."""
    assert not PageRevision.objects.filter(page=policy).exists()
    assert client.get(reverse("admin:pages_page_revisions", args=[policy.pk])).status_code == 200


@pytest.mark.parametrize("b", ["99999999999999999999999", str(2**31), "0", "-1"])
def test_a_diff_of_a_revision_number_no_revision_can_have_is_a_404(client, editor, policy, b):
    save(client, policy)
    diff = client.get(reverse("admin:pages_page_revision_diff", args=[policy.pk]), {"a": 1, "b": b})
    assert diff.status_code == 404


@pytest.mark.parametrize("number", [0, 2**31, 10**23])
def test_a_restore_of_a_number_no_revision_can_have_is_a_404(client, editor, policy, number):
    save(client, policy)
    page_url = reverse("admin:pages_page_revision_restore", args=[policy.pk, number])
    assert client.post(page_url).status_code == 404
