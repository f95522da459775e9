"""Sitemaps, the Google News sitemap and robots.txt, read with a real XML parser."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from lxml import etree

from articles.models import Status
from tests.support.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@pytest.fixture
def newsroom(settings):
    settings.SITE_URL = "https://news.example"
    cardio, empty = make_section("Cardiology"), make_section("Empty")
    lupus, unused = make_tag("lupus"), make_tag("unused")
    ada, ghost = make_author("Ada Lane", slug="ada-lane"), make_author("Ghost Writer", slug="ghost")
    return {
        "fresh": make_article("Fresh story", section=cardio, authors=[ada], tags=[lupus], days_ago=0),
        "old": make_article("Old story", section=cardio, authors=[ada], days_ago=5),
        "draft": make_article("Secret draft", section=empty, authors=[ghost], tags=[unused], status=Status.DRAFT),
        "future": make_article(
            "Future story",
            section=empty,
            authors=[ghost],
            tags=[unused],
            published_at=timezone.now() + timedelta(hours=3),
        ),  # fmt: skip
    }


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def locs(root):
    return [loc.text for loc in root.iter(f"{SM}loc")]


class TestSitemapIndex:
    def test_index_lists_one_sitemap_per_kind_on_the_site_address(self, client, newsroom):
        root = xml(client, "/sitemap.xml")
        assert root.tag == f"{SM}sitemapindex"
        assert locs(root) == [
            "https://news.example/sitemap-articles.xml",
            "https://news.example/sitemap-sections.xml",
            "https://news.example/sitemap-tags.xml",
            "https://news.example/sitemap-authors.xml",
            "https://news.example/sitemap-pages.xml",
        ]
        lastmod = root.find(f"{SM}sitemap/{SM}lastmod").text
        assert W3C_DATETIME.match(lastmod)

    def test_large_sites_are_split_into_pages(self, client, newsroom, settings):
        from articles import sitemaps

        sitemaps.ArticleSitemap.limit = 1
        try:
            root = xml(client, "/sitemap.xml")
            assert "https://news.example/sitemap-articles.xml?p=2" in locs(root)
            page_two = xml(client, "/sitemap-articles.xml?p=2")
            assert locs(page_two) == ["https://news.example/article/old-story/"]
        finally:
            sitemaps.ArticleSitemap.limit = settings.SITEMAP_PAGE_SIZE

    def test_articles_sitemap_has_public_articles_with_lastmod(self, client, newsroom):
        root = xml(client, "/sitemap-articles.xml")
        assert locs(root) == ["https://news.example/article/fresh-story/", "https://news.example/article/old-story/"]
        for url in root.findall(f"{SM}url"):
            lastmod = url.findtext(f"{SM}lastmod")
            assert W3C_DATETIME.match(lastmod), lastmod

    def test_sections_tags_and_authors_only_with_public_stories(self, client, newsroom):
        assert locs(xml(client, "/sitemap-sections.xml")) == ["https://news.example/section/cardiology/"]
        assert locs(xml(client, "/sitemap-tags.xml")) == ["https://news.example/tag/lupus/"]
        assert locs(xml(client, "/sitemap-authors.xml")) == ["https://news.example/author/ada-lane/"]

    @pytest.mark.parametrize("url", ["/sitemap-nope.xml", "/sitemap-articles.xml?p=99", "/sitemap-articles.xml?p=x"])
    def test_unknown_sections_and_pages_are_404(self, client, newsroom, url):
        assert client.get(url).status_code == 404


class TestNewsSitemap:
    def test_recent_public_articles_with_news_elements(self, client, newsroom, settings):
        root = xml(client, "/news-sitemap.xml")
        assert root.nsmap == {None: SM[1:-1], "news": NEWS[1:-1]}
        urls = root.findall(f"{SM}url")
        assert [url.findtext(f"{SM}loc") for url in urls] == ["https://news.example/article/fresh-story/"]
        news = urls[0].find(f"{NEWS}news")
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == settings.SITE_NAME
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == settings.SITE_LANGUAGE
        assert news.findtext(f"{NEWS}title") == "Fresh story"
        date = news.findtext(f"{NEWS}publication_date")
        assert W3C_DATETIME.match(date)
        assert abs(datetime.fromisoformat(date) - newsroom["fresh"].published_at) < timedelta(seconds=1)

    def test_stories_older_than_two_days_leave_it_and_scheduled_ones_join_when_live(
        self, client, newsroom, time_machine
    ):
        time_machine.move_to(timezone.now() + timedelta(days=2, hours=2))
        assert locs(xml(client, "/news-sitemap.xml")) == ["https://news.example/article/future-story/"]

    def test_at_most_the_limit(self, client, newsroom, settings):
        settings.NEWS_SITEMAP_LIMIT = 1
        make_article("Second fresh", days_ago=0)
        assert len(xml(client, "/news-sitemap.xml").findall(f"{SM}url")) == 1

    def test_a_hostile_title_is_escaped_text(self, client, newsroom):
        title = "</script><script>alert(1)</script> & <b>"
        make_article(title, slug="hostile", days_ago=0)
        response = client.get("/news-sitemap.xml")
        assert b"<script>" not in response.content
        assert title in [el.text for el in etree.fromstring(response.content).iter(f"{NEWS}title")]


@pytest.mark.parametrize(
    "url", ["/sitemap-articles.xml", "/sitemap-sections.xml", "/sitemap-tags.xml", "/sitemap-authors.xml",
            "/news-sitemap.xml"],
)  # fmt: skip
def test_nothing_unpublished_or_scheduled_in_any_sitemap(client, newsroom, url):
    body = client.get(url).content.decode()
    for hidden in ["secret-draft", "future-story", "/section/empty/", "/tag/unused/", "/author/ghost/"]:
        assert hidden not in body


def test_robots_txt_names_both_sitemaps_and_keeps_crawlers_out(client, newsroom):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for disallowed in ["/admin/", "/preview/", "/search/"]:
        assert f"Disallow: {disallowed}" in lines
    assert "Sitemap: https://news.example/sitemap.xml" in lines
    assert "Sitemap: https://news.example/news-sitemap.xml" in lines
