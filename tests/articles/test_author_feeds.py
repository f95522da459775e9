"""RSS and Atom per author, linked from the author page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles.models import Status
from tests.support.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def bylines(settings):
    settings.SITE_URL = "https://news.example"
    section = make_section("Cardiology")
    ada = make_author("Ada Lane", slug="ada-lane")
    bo = make_author("Bo Park", slug="bo-park", credentials="")
    make_article("Shared story", section=section, authors=[bo, ada], days_ago=0)
    make_article("Ada alone", section=section, authors=[ada], days_ago=2)
    make_article("Bo alone", section=section, authors=[bo], days_ago=1)
    make_article("Ada's draft", section=section, authors=[ada], status=Status.DRAFT)
    make_article("Ada's scheduled", section=section, authors=[ada], published_at=timezone.now() + timedelta(days=1))
    return ada, bo


def test_the_rss_feed_lists_the_authors_public_stories_newest_first(client, bylines, settings):
    ada, _ = bylines
    response = client.get(reverse("articles:author_feed", kwargs={"slug": ada.slug}))
    root = etree.fromstring(response.content)
    assert root.tag == "rss"
    assert root.findtext("./channel/title") == f"Ada Lane · {settings.SITE_NAME}"
    assert root.findtext("./channel/link") == "https://news.example/author/ada-lane/"
    assert [item.findtext("title") for item in root.findall("./channel/item")] == ["Shared story", "Ada alone"]


def test_the_atom_feed_names_itself_and_every_author_of_a_shared_story(client, bylines):
    ada, _ = bylines
    response = client.get(reverse("articles:author_feed_atom", kwargs={"slug": ada.slug}))
    root = etree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "https://news.example/author/ada-lane/feed/atom/"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Shared story", "Ada alone"]
    shared_authors = [author.findtext(f"{ATOM}name") for author in entries[0].findall(f"{ATOM}author")]
    assert shared_authors == ["Bo Park", "Ada Lane, MD"]
    assert "Ada Lane" in root.findtext(f"{ATOM}subtitle")


def test_an_unknown_author_is_404(client, bylines):
    assert client.get("/author/nobody/feed/").status_code == 404
    assert client.get("/author/nobody/feed/atom/").status_code == 404


def test_the_author_page_links_both_feeds_in_its_head_and_visibly(client, bylines):
    ada, _ = bylines
    page = client.get(ada.get_absolute_url()).content.decode()
    rss = reverse("articles:author_feed", kwargs={"slug": ada.slug})
    atom = reverse("articles:author_feed_atom", kwargs={"slug": ada.slug})
    assert '<link rel="alternate" type="application/rss+xml" title="Ada Lane' in page
    assert f'href="https://news.example{rss}"' in page and f'href="https://news.example{atom}"' in page
    assert f'id="author-feed-rss" href="{rss}"' in page and f'id="author-feed-atom" href="{atom}"' in page


@pytest.mark.parametrize("url_name", ["articles:author_feed", "articles:author_feed_atom"])
def test_query_count_does_not_depend_on_the_number_of_items(client, url_name):
    author = make_author("Ada Lane", slug="ada-lane")
    section = make_section("Cardiology")
    counts = []
    for size in (1, 6):
        while section.articles.count() < size:
            make_article(section=section, authors=[author, make_author()], days_ago=section.articles.count() + 1)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name, kwargs={"slug": author.slug})).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
