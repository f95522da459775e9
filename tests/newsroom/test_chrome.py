"""The chrome of every page: navigation sections and footer pages, read together in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom import chrome
from pages.models import Page, PageKind, PageStatus
from tests.support.factories import make_section

pytestmark = pytest.mark.django_db


def make_page(title, *, position, status=PageStatus.PUBLISHED, kind=PageKind.OTHER):
    slug = title.lower().replace(" ", "-")
    return Page.objects.create(title=title, slug=slug, position=position, status=status, kind=kind, body="<p>x</p>")


def test_both_lists_come_from_one_query_each_in_its_own_order():
    make_section("Oncology", position=2)
    make_section("Cardiology", position=2)
    make_section("Nutrition", position=1)
    make_section("Imported", position=0, show_in_navigation=False)
    make_page("Corrections policy", position=3)
    make_page("About", position=1, kind=PageKind.ABOUT)
    make_page("Draft policy", position=0, status=PageStatus.DRAFT)
    with CaptureQueriesContext(connection) as queries:
        sections, pages = chrome.load()
    assert len(queries) == 1
    assert [section.name for section in sections] == ["Nutrition", "Cardiology", "Oncology"]
    assert [page.title for page in pages] == ["About", "Corrections policy"]
    assert pages[0].get_absolute_url() == "/about/"
    assert sections[1].get_absolute_url() == "/section/cardiology/"


def test_a_page_without_the_chrome_reads_neither_list(client):
    make_section("Cardiology")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/robots.txt").status_code == 200
    assert not any("pages_page" in query["sql"] for query in queries)


def test_the_footer_and_the_disclaimer_link_share_the_navigations_query(client, settings, small_site):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    make_page("Disclaimer", position=2, kind=PageKind.DISCLAIMER)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(small_site.story.get_absolute_url()).content.decode()
    assert '<a href="/policies/disclaimer/">Read the full disclaimer</a>' in page
    assert '<li><a href="/policies/disclaimer/">Disclaimer</a></li>' in page
    assert '<li><a href="/section/heart-health/">Heart health</a></li>' in page
    assert sum("pages_page" in query["sql"] for query in queries) == 1
