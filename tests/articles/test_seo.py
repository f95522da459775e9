"""Head metadata, structured data, breadcrumbs and section navigation on public pages."""

import json
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from lxml import html as lxml_html

from articles.models import Status
from tests.support.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "</script><script>alert(1)</script>"


@pytest.fixture
def newsroom(settings):
    settings.SITE_URL = "https://news.example"
    cardio = make_section("Cardiology", description="Heart news.")
    lupus = make_tag("lupus")
    ada = make_author("Ada Lane", credentials="MD, PhD", job_title="Cardiologist", slug="ada-lane")
    reviewer = make_author("Rita Review", credentials="MD", slug="rita-review")
    stories = {
        "oldest": make_article("Oldest story", section=cardio, days_ago=9),
        "lead": make_article(
            "Lead story",
            section=cardio,
            authors=[ada],
            tags=[lupus],
            days_ago=3,
            reviewed_by=reviewer,
            last_reviewed=date(2026, 1, 15),
        ),  # fmt: skip
        "newest": make_article("Newest story", section=cardio, days_ago=1),
        "other": make_article("Vaccine story", section=make_section("Vaccines"), days_ago=2),
        "draft": make_article("Secret draft", section=cardio, days_ago=2, status=Status.DRAFT),
        "future": make_article("Future story", section=cardio, published_at=timezone.now() + timedelta(hours=5)),
    }
    return stories


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, lxml_html.fromstring(response.content)


def meta(doc, key):
    found = doc.xpath(f"//meta[@property='{key}' or @name='{key}']/@content")
    return found[0] if found else None


def json_ld(doc):
    return [json.loads(script.text) for script in doc.xpath("//script[@type='application/ld+json']")]


def of_type(blocks, type_name):
    return next(block for block in blocks if block["@type"] == type_name)


class TestArticleHead:
    def test_title_description_canonical_and_cards(self, client, newsroom):
        _, doc = page(client, "/article/lead-story/")
        assert doc.findtext(".//title") == "Lead story · Newsroom Health"
        assert meta(doc, "description") == "What Lead story means for patients."
        assert doc.xpath("//link[@rel='canonical']/@href") == ["https://news.example/article/lead-story/"]
        assert meta(doc, "og:type") == "article"
        assert meta(doc, "og:title") == "Lead story"
        assert meta(doc, "og:url") == "https://news.example/article/lead-story/"
        assert meta(doc, "twitter:card") == "summary"
        assert meta(doc, "article:section") == "Cardiology"

    def test_hero_image_makes_a_large_card(self, client, newsroom):
        lead = newsroom["lead"]
        lead.hero_image.save("hero.jpg", ContentFile(b"\xff\xd8" + b"0" * 100), save=False)
        type(lead).objects.filter(pk=lead.pk).update(hero_image=lead.hero_image.name, hero_alt="A heart")
        _, doc = page(client, "/article/lead-story/")
        assert meta(doc, "twitter:card") == "summary_large_image"
        assert meta(doc, "og:image").startswith("https://news.example/media/heroes/")
        assert meta(doc, "og:image:alt") == "A heart"
        assert of_type(json_ld(doc), "NewsArticle")["image"] == [meta(doc, "og:image")]

    def test_feed_links(self, client, newsroom):
        _, doc = page(client, "/article/lead-story/")
        feeds = doc.xpath("//link[@rel='alternate']/@href")
        assert "https://news.example/feed/" in feeds
        assert "https://news.example/feed/atom/" in feeds
        assert "https://news.example/section/cardiology/feed/" in feeds

    def test_news_article_json_ld_field_by_field(self, client, newsroom, settings):
        _, doc = page(client, "/article/lead-story/")
        article = of_type(json_ld(doc), "NewsArticle")
        lead = newsroom["lead"]
        assert article["@context"] == "https://schema.org"
        assert article["headline"] == "Lead story"
        assert article["description"] == "What Lead story means for patients."
        assert article["datePublished"] == timezone.localtime(lead.published_at).replace(microsecond=0).isoformat()
        assert article["dateModified"] >= article["datePublished"]
        assert article["author"] == [
            {
                "@type": "Person",
                "name": "Ada Lane",
                "url": "https://news.example/author/ada-lane/",
                "jobTitle": "Cardiologist",
                "honorificSuffix": "MD, PhD",
                "hasCredential": {"@type": "EducationalOccupationalCredential", "name": "MD, PhD"},
            }
        ]
        assert article["publisher"]["@type"] == "Organization"
        assert article["publisher"]["name"] == settings.SITE_NAME
        assert article["publisher"]["logo"]["url"].startswith("https://news.example/static/img/logo")
        assert article["articleSection"] == "Cardiology"
        assert article["keywords"] == ["lupus"]
        page_entity = article["mainEntityOfPage"]
        assert page_entity["@id"] == "https://news.example/article/lead-story/"
        assert page_entity["@type"] == "MedicalWebPage"
        assert page_entity["lastReviewed"] == "2026-01-15"
        assert page_entity["reviewedBy"]["name"] == "Rita Review"
        assert "image" not in article

    def test_unreviewed_article_is_a_plain_web_page(self, client, newsroom):
        _, doc = page(client, "/article/newest-story/")
        page_entity = of_type(json_ld(doc), "NewsArticle")["mainEntityOfPage"]
        assert page_entity == {"@type": "WebPage", "@id": "https://news.example/article/newest-story/"}

    def test_breadcrumbs_visible_and_in_json_ld(self, client, newsroom):
        _, doc = page(client, "/article/lead-story/")
        crumbs = doc.xpath("//nav[@aria-label='Breadcrumb']//li")
        assert [crumb.text_content().strip() for crumb in crumbs] == ["Home", "Cardiology", "Lead story"]
        assert doc.xpath("//nav[@aria-label='Breadcrumb']//a/@href") == ["/", "/section/cardiology/"]
        trail = of_type(json_ld(doc), "BreadcrumbList")["itemListElement"]
        assert [(item["position"], item["name"], item["item"]) for item in trail] == [
            (1, "Home", "https://news.example/"),
            (2, "Cardiology", "https://news.example/section/cardiology/"),
            (3, "Lead story", "https://news.example/article/lead-story/"),
        ]

    def test_previous_and_next_story_in_the_section_skip_drafts_and_scheduled(self, client, newsroom):
        _, doc = page(client, "/article/lead-story/")
        nav = doc.xpath("//nav[@id='section-stories']")[0]
        assert nav.xpath(".//a[@rel='prev']/@href") == ["/article/oldest-story/"]
        assert nav.xpath(".//a[@rel='next']/@href") == ["/article/newest-story/"]
        _, doc = page(client, "/article/newest-story/")
        assert doc.xpath("//nav[@id='section-stories']//a[@rel='next']") == []  # the future story is not public

    def test_neighbours_with_the_same_publication_time_are_ordered_by_id(self, client):
        section = make_section("Same")
        moment = timezone.now() - timedelta(days=1)
        first, second, third = (make_article(f"Twin {n}", section=section, published_at=moment) for n in range(3))
        _, doc = page(client, second.get_absolute_url())
        assert doc.xpath("//nav[@id='section-stories']//a[@rel='prev']/@href") == [first.get_absolute_url()]
        assert doc.xpath("//nav[@id='section-stories']//a[@rel='next']/@href") == [third.get_absolute_url()]

    def test_json_ld_never_names_unpublished_stories(self, client, newsroom):
        for url in ["/", "/article/lead-story/", "/article/newest-story/", "/section/cardiology/"]:
            response = client.get(url)
            assert b"Secret draft" not in response.content and b"Future story" not in response.content


class TestHostileTitle:
    @pytest.fixture
    def hostile(self, newsroom):
        return make_article(HOSTILE_TITLE, slug="hostile", section=newsroom["lead"].section, days_ago=0,
                            dek=HOSTILE_TITLE)  # fmt: skip

    @pytest.mark.parametrize("url", ["/article/hostile/", "/", "/section/cardiology/", "/article/newest-story/"])
    def test_stays_inert_on_every_page(self, client, hostile, url):
        response, doc = page(client, url)
        assert b"<script>alert(1)</script>" not in response.content
        # No inline script but the JSON-LD, which parses back to the exact title; any other script
        # is one of our own static files, with nothing inside the element.
        scripts = doc.xpath("//script")
        inline = [script for script in scripts if not script.get("src")]
        assert inline and all(script.get("type") == "application/ld+json" for script in inline)
        for script in scripts:
            if script.get("src"):
                assert script.get("src").startswith(settings.STATIC_URL) and not (script.text or "").strip()
        assert all(isinstance(block, dict) for block in json_ld(doc))

    def test_json_ld_escapes_and_round_trips(self, client, hostile):
        response, doc = page(client, "/article/hostile/")
        raw = response.content.decode()
        assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E" in raw
        assert of_type(json_ld(doc), "NewsArticle")["headline"] == HOSTILE_TITLE
        assert meta(doc, "og:title") == HOSTILE_TITLE

    def test_search_results(self, client, hostile):
        response = client.get("/search/", {"q": "alert"})
        assert response.status_code == 200
        assert b"<script>alert(1)</script>" not in response.content


def test_json_ld_scripts_carry_the_csp_nonce(client, newsroom):
    response, doc = page(client, "/article/lead-story/")
    nonces = doc.xpath("//script[@type='application/ld+json']/@nonce")
    assert nonces and all(nonces)
    assert f"'nonce-{nonces[0]}'" in response["Content-Security-Policy"]


def test_home_has_website_with_search_action(client, newsroom):
    _, doc = page(client, "/")
    website = of_type(json_ld(doc), "WebSite")
    assert website["url"] == "https://news.example/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "https://news.example/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert doc.xpath("//link[@rel='canonical']/@href") == ["https://news.example/"]


def test_paginated_lists_have_prev_next_and_self_canonical(client, newsroom, monkeypatch):
    from articles import views

    section = make_section("Busy")
    for n in range(5):
        make_article(f"Busy {n}", section=section, days_ago=n + 1)
    monkeypatch.setattr(views.PublicListView, "paginate_by", 2)
    _, first = page(client, "/section/busy/")
    _, second = page(client, "/section/busy/?page=2")
    _, last = page(client, "/section/busy/?page=3")
    assert first.xpath("//link[@rel='canonical']/@href") == ["https://news.example/section/busy/"]
    assert first.xpath("//head/link[@rel='prev']") == []
    assert first.xpath("//head/link[@rel='next']/@href") == ["https://news.example/section/busy/?page=2"]
    assert second.xpath("//link[@rel='canonical']/@href") == ["https://news.example/section/busy/?page=2"]
    assert second.xpath("//head/link[@rel='prev']/@href") == ["https://news.example/section/busy/"]
    assert second.xpath("//head/link[@rel='next']/@href") == ["https://news.example/section/busy/?page=3"]
    assert last.xpath("//head/link[@rel='next']") == []


@pytest.mark.parametrize(
    "url, feed",
    [("/section/cardiology/", "/section/cardiology/feed/"), ("/tag/lupus/", "/tag/lupus/feed/")],
)
def test_section_and_tag_pages_offer_their_feeds(client, newsroom, url, feed):
    _, doc = page(client, url)
    assert f"https://news.example{feed}" in doc.xpath("//link[@rel='alternate']/@href")
    assert doc.xpath("//link[@rel='canonical']/@href") == [f"https://news.example{url}"]


def test_author_page_has_a_profile(client, newsroom):
    _, doc = page(client, "/author/ada-lane/")
    profile = of_type(json_ld(doc), "ProfilePage")
    assert profile["mainEntity"]["name"] == "Ada Lane"


def test_news_article_lists_the_citations_a_registered_app_gives(client, newsroom, monkeypatch):
    from articles import seo

    story = newsroom["lead"]
    entry = {"@type": "ScholarlyArticle", "name": "</script><b>", "sameAs": "https://doi.org/10.1/x"}
    monkeypatch.setitem(seo._citations, "for", lambda article: [entry] if article.pk == story.pk else [])
    page = client.get(story.get_absolute_url()).content.decode()
    assert "</script><b>" not in page
    blocks = [json.loads(s.text) for s in lxml_html.fromstring(page).xpath('//script[@type="application/ld+json"]')]
    assert next(b for b in blocks if b["@type"] == "NewsArticle")["citation"] == [entry]
