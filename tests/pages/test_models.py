"""The Page model: the published door, the stored body, addresses, one page per standing kind."""

import pytest
from django.db import IntegrityError

from pages.models import Page, PageKind, PageStatus
from tests.pages.conftest import make_page

pytestmark = pytest.mark.django_db


def test_only_published_pages_go_through_the_door():
    public = make_page("Editorial policy", kind=PageKind.EDITORIAL_POLICY)
    make_page("Privacy", kind=PageKind.PRIVACY, status=PageStatus.DRAFT)
    assert list(Page.objects.published()) == [public]


def test_the_body_is_sanitized_with_the_articles_allowlist_on_every_save():
    page = make_page(
        "Contact",
        kind=PageKind.CONTACT,
        body='<p onclick="steal()">Write to us</p><script>alert(1)</script><a href="javascript:x()">here</a>',
    )
    page.refresh_from_db()
    assert "<script" not in page.body and "onclick" not in page.body and "javascript:" not in page.body
    assert "Write to us" in page.body_html


def test_about_lives_at_about_and_the_others_under_policies(about, corrections_policy):
    assert about.get_absolute_url() == "/about/"
    assert corrections_policy.get_absolute_url() == "/policies/corrections-policy/"


def test_publishing_stamps_the_first_publication_time_once():
    page = make_page("Disclaimer", kind=PageKind.DISCLAIMER, status=PageStatus.DRAFT)
    assert page.published_at is None
    page.status = PageStatus.PUBLISHED
    page.save()
    first = page.published_at
    assert first is not None
    page.title = "Our disclaimer"
    page.save()
    assert page.published_at == first


def test_each_standing_kind_exists_once_but_other_pages_are_many():
    make_page("Masthead", slug="masthead")
    make_page("Advertising", slug="advertising")
    make_page("About us", kind=PageKind.ABOUT)
    with pytest.raises(IntegrityError):
        make_page("About the team", kind=PageKind.ABOUT)
