"""Published pages are in the sitemap index and their own sitemap; drafts never are."""

import pytest
from django.urls import reverse
from lxml import etree

from pages.models import PageKind, PageStatus
from tests.pages.conftest import make_page

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locs(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text for loc in etree.fromstring(response.content).iter(f"{SM}loc")]


def test_the_pages_sitemap_lists_published_pages_only(client, settings, about, corrections_policy):
    settings.SITE_URL = "https://news.example"
    make_page("Privacy", kind=PageKind.PRIVACY, status=PageStatus.DRAFT)
    assert "https://news.example/sitemap-pages.xml" in locs(client, reverse("sitemap_index"))
    assert locs(client, reverse("sitemap_section", kwargs={"section": "pages"})) == [
        "https://news.example/about/",
        "https://news.example/policies/corrections-policy/",
    ]
