"""Public pages: /about/ and /policies/<slug>/ show published pages only; hostile markup never runs."""

import pytest
from django.urls import reverse

from pages.models import PageKind, PageStatus
from tests.pages.conftest import make_page

pytestmark = pytest.mark.django_db


def test_the_published_about_page_is_at_about(client, about):
    response = client.get(reverse("pages:about"))
    assert response.status_code == 200
    assert "About us" in response.content.decode()


def test_a_published_policy_is_public(client, corrections_policy):
    response = client.get(corrections_policy.get_absolute_url())
    assert response.status_code == 200
    assert "Corrections policy: how we work." in response.content.decode()
    assert response["ETag"]


def test_a_draft_answers_404(client):
    draft = make_page("Privacy", kind=PageKind.PRIVACY, status=PageStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("pages:about")).status_code == 404


def test_a_page_taken_down_answers_404(client, corrections_policy):
    assert client.get(corrections_policy.get_absolute_url()).status_code == 200
    corrections_policy.status = PageStatus.DRAFT
    corrections_policy.save()
    assert client.get(corrections_policy.get_absolute_url()).status_code == 404


def test_the_about_page_is_not_served_twice(client, about):
    assert client.get(reverse("pages:policy", kwargs={"slug": about.slug})).status_code == 404


def test_unknown_or_malformed_addresses_answer_404_not_500(client):
    assert client.get("/policies/no-such-page/").status_code == 404
    assert client.get("/policies/%3Cscript%3E/").status_code == 404


def test_hostile_markup_is_escaped_or_removed(client):
    page = make_page(
        "<script>alert('title')</script>",
        slug="hostile",
        summary='"><img src=x onerror=alert(1)>',
        body="<p>Fine</p><script>alert('body')</script><img src=x onerror=alert(2)>",
    )
    html = client.get(page.get_absolute_url()).content.decode()
    assert "<script>alert(" not in html
    assert "<img src=x onerror" not in html
    assert "alert(2)" not in html
    assert "&lt;script&gt;alert(" in html
