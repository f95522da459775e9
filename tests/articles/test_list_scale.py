"""Readers' list pages and sitemaps cost the same at any archive size: a tag or author is read from its own
links (tests/articles/test_link_dates.py), a page counts only a few pages ahead, and the articles sitemap is
paged by key ranges."""

import pytest
from lxml import etree

from articles import sitemaps
from articles.models import Article, Status
from tests.support.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def titles(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return [story.title for story in response.context["page_obj"].object_list]


def test_tag_and_author_pages_list_their_public_stories_newest_first(client):
    make_section("Cardiology")
    ada, other = make_author("Ada Byline"), make_author("Someone Else")
    statins = make_tag("Statins")
    make_article("Hers, tagged", authors=[ada], tags=[statins], days_ago=1)
    make_article("Someone else's, tagged", authors=[other], tags=[statins], days_ago=2)
    make_article("Hers, untagged", authors=[ada], days_ago=3)
    make_article("Her draft, tagged", authors=[ada], tags=[statins], status=Status.DRAFT, days_ago=None)

    assert titles(client, statins.get_absolute_url()) == ["Hers, tagged", "Someone else's, tagged"]
    assert titles(client, ada.get_absolute_url()) == ["Hers, tagged", "Hers, untagged"]


def test_a_list_counts_only_a_few_pages_past_the_one_shown(client, settings):
    settings.LIST_PAGES_AHEAD = 1
    per_page = settings.ARTICLES_PER_PAGE
    section = make_section("Cardiology")
    for number in range(per_page * 3 + 2):  # three full pages and two stories on a fourth
        make_article(f"Story {number}", section=section, days_ago=number + 1)

    first = client.get(section.get_absolute_url()).content.decode()
    assert "Page 1 of 2+" in first  # counted two pages: there are more
    third = client.get(section.get_absolute_url(), {"page": 3}).content.decode()
    assert "Page 3 of 4</span>" in third  # counted to the end: four pages, no "+"
    assert titles(client, section.get_absolute_url(), page=4) == [f"Story {per_page * 3}", f"Story {per_page * 3 + 1}"]
    assert client.get(section.get_absolute_url(), {"page": 5}).status_code == 404
    assert client.get(section.get_absolute_url(), {"page": "x"}).status_code == 404


def sitemap_page(client, page):
    response = client.get("/sitemap-articles.xml", {"p": page})
    assert response.status_code == 200
    return [loc.text.rsplit("/", 2)[-2] for loc in etree.fromstring(response.content).iter(f"{SM}loc")]


def test_the_articles_sitemap_is_paged_by_key_and_a_page_keeps_its_stories(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    make_section("Cardiology")
    for number in range(5):
        make_article(f"Story {number}", days_ago=number + 1)
    Article.objects.filter(slug="story-1").update(status=Status.DRAFT)
    before = [sitemap_page(client, page) for page in (1, 2, 3)]
    assert before == [["story-0"], ["story-2", "story-3"], ["story-4"]]  # the draft's key leaves a gap

    make_article("Story 5", days_ago=10)
    assert [sitemap_page(client, page) for page in (1, 2)] == before[:2]  # a new story changes no earlier page
    assert sitemap_page(client, 3) == ["story-4", "story-5"]
    assert client.get("/sitemap-articles.xml", {"p": 4}).status_code == 404
