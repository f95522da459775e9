"""Pages in the admin: writers draft, editors publish; the body is written in the articles' editor."""

import pytest
from django.urls import reverse

from pages.models import Page, PageKind, PageStatus
from tests.pages.conftest import make_page
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:pages_page_add")


def change_url(page):
    return reverse("admin:pages_page_change", args=[page.pk])


def page_form(**fields):
    return {
        "title": "Contact",
        "slug": "contact",
        "kind": PageKind.CONTACT,
        "summary": "How to reach the desk.",
        "body": "<p>Write to desk@example.org.</p>",
        "position": "3",
        **fields,
    }


def test_a_writer_drafts_a_page_and_a_crafted_status_is_ignored(client):
    client.force_login(make_staff("writer", "wendy"))
    response = client.post(ADD_URL, page_form(status=PageStatus.PUBLISHED))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Page.objects.get(slug="contact").status == PageStatus.DRAFT


def test_a_writer_cannot_edit_or_publish_a_published_page(client):
    page = make_page("Contact", kind=PageKind.CONTACT)
    client.force_login(make_staff("writer", "wendy"))
    client.post(change_url(page), page_form(title="Defaced"))
    assert Page.objects.get(pk=page.pk).title == "Contact"
    draft = make_page("Privacy", kind=PageKind.PRIVACY, status=PageStatus.DRAFT)
    client.post(
        reverse("admin:pages_page_changelist"),
        {"action": "publish_pages", "_selected_action": [draft.pk]},
    )
    assert Page.objects.get(pk=draft.pk).status == PageStatus.DRAFT


def test_an_editor_publishes_from_the_form_and_with_the_action(client):
    client.force_login(make_staff("editor", "eddie"))
    client.post(ADD_URL, page_form(status=PageStatus.PUBLISHED))
    assert Page.objects.published().filter(slug="contact").exists()
    draft = make_page("Privacy", kind=PageKind.PRIVACY, status=PageStatus.DRAFT)
    client.post(
        reverse("admin:pages_page_changelist"),
        {"action": "publish_pages", "_selected_action": [draft.pk]},
    )
    assert Page.objects.get(pk=draft.pk).status == PageStatus.PUBLISHED


def test_the_form_uses_the_article_body_editor_and_the_sanitizer(client):
    client.force_login(make_staff("editor", "eddie"))
    form = client.get(ADD_URL).content.decode()
    assert "data-django-prose-editor-configurable" in form
    body = '<p>Hi</p><script>alert(1)</script><a href="javascript:x()">x</a>'
    client.post(ADD_URL, page_form(status=PageStatus.DRAFT, body=body))
    page = Page.objects.get(slug="contact")
    assert "<script" not in page.body and "javascript:" not in page.body


def test_a_second_page_of_a_standing_kind_is_a_form_error_not_a_500(client):
    make_page("Contact", kind=PageKind.CONTACT)
    client.force_login(make_staff("editor", "eddie"))
    response = client.post(ADD_URL, page_form(slug="contact-us", status=PageStatus.DRAFT))
    assert response.status_code == 200
    assert Page.objects.filter(kind=PageKind.CONTACT).count() == 1


def test_a_writer_reads_a_published_page_without_a_save_button(client):
    page = make_page("Contact", kind=PageKind.CONTACT)
    client.force_login(make_staff("writer", "wendy"))
    response = client.get(change_url(page))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


def test_the_writer_and_editor_roles_carry_the_page_permissions():
    writer, editor = make_staff("writer", "wendy"), make_staff("editor", "eddie")
    assert writer.has_perm("pages.add_page") and writer.has_perm("pages.change_page")
    assert not writer.has_perm("pages.publish_page") and not writer.has_perm("pages.delete_page")
    assert editor.has_perm("pages.publish_page") and editor.has_perm("pages.delete_page")
