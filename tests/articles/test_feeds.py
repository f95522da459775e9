"""RSS 2.0 and Atom feeds, read with a real XML parser."""

from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from articles.models import Status
from tests.support.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
HOSTILE_TITLE = "</script><script>alert(1)</script>"


@pytest.fixture
def newsroom(settings):
    settings.SITE_URL = "https://news.example"
    cardio = make_section("Cardiology", description="Heart news.")
    lupus = make_tag("lupus")
    ada = make_author("Ada Lane", credentials="MD", slug="ada-lane")
    bo = make_author("Bo Park", credentials="", slug="bo-park")
    return {
        "lead": make_article("Lead story", section=cardio, authors=[ada, bo], tags=[lupus], days_ago=0),
        "older": make_article("Older story", section=cardio, authors=[ada], days_ago=2),
        "other": make_article("Vaccine story", section=make_section("Vaccines"), tags=[lupus], days_ago=3),
        "draft": make_article("Secret draft", section=cardio, tags=[lupus], status=Status.DRAFT),
        "future": make_article(
            "Future story", section=cardio, tags=[lupus], published_at=timezone.now() + timedelta(days=1)
        ),
    }


def parse(response):
    assert response.status_code == 200
    return etree.fromstring(response.content)


def rss_items(client, url):
    root = parse(client.get(url))
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root, root.findall("./channel/item")


def atom_entries(client, url):
    root = parse(client.get(url))
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


class TestRss:
    def test_site_feed_lists_public_stories_newest_first(self, client, newsroom):
        root, items = rss_items(client, "/feed/")
        assert [item.findtext("title") for item in items] == ["Lead story", "Older story", "Vaccine story"]
        assert root.findtext("./channel/link") == "https://news.example/"

    def test_item_elements(self, client, newsroom):
        _, items = rss_items(client, "/feed/")
        lead = items[0]
        assert lead.findtext("link") == "https://news.example/article/lead-story/"
        assert lead.findtext("description") == "What Lead story means for patients."
        assert [c.text for c in lead.findall(f"{DC}creator")] == ["Ada Lane, MD", "Bo Park"]
        assert [c.text for c in lead.findall("category")] == ["lupus"]
        published = parsedate_to_datetime(lead.findtext("pubDate"))  # RFC 822 date
        assert abs(published - newsroom["lead"].published_at) < timedelta(seconds=1)
        guid = lead.find("guid")
        assert guid.get("isPermaLink") == "false"
        assert guid.text == f"tag:news.example,{newsroom['lead'].created_at:%Y-%m-%d}:article:{newsroom['lead'].pk}"

    def test_guid_survives_a_change_of_slug(self, client, newsroom):
        before = rss_items(client, "/feed/")[1][0].findtext("guid")
        newsroom["lead"].slug = "renamed-lead"
        newsroom["lead"].save()
        after_items = rss_items(client, "/feed/")[1]
        assert after_items[0].findtext("guid") == before
        assert after_items[0].findtext("link").endswith("/article/renamed-lead/")

    def test_section_and_tag_feeds(self, client, newsroom):
        root, items = rss_items(client, "/section/cardiology/feed/")
        assert [item.findtext("title") for item in items] == ["Lead story", "Older story"]
        assert root.findtext("./channel/description") == "Heart news."
        _, items = rss_items(client, "/tag/lupus/feed/")
        assert [item.findtext("title") for item in items] == ["Lead story", "Vaccine story"]

    def test_every_feed_names_the_sites_language(self, client, newsroom, settings):
        settings.SITE_LANGUAGE = "en-GB"
        for url in ("/feed/", "/section/cardiology/feed/", "/tag/lupus/feed/", "/author/ada-lane/feed/"):
            assert parse(client.get(url)).findtext("./channel/language") == "en-GB", url
        assert parse(client.get("/feed/atom/")).get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"

    def test_unknown_section_or_tag_is_404(self, client, newsroom):
        assert client.get("/section/nope/feed/").status_code == 404
        assert client.get("/tag/nope/feed/atom/").status_code == 404

    def test_hero_image_is_an_enclosure_with_type_and_size(self, client, newsroom):
        lead = newsroom["lead"]
        lead.hero_image.save("hero.jpg", ContentFile(b"\xff\xd8" + b"0" * 998), save=False)
        type(lead).objects.filter(pk=lead.pk).update(hero_image=lead.hero_image.name)
        enclosure = rss_items(client, "/feed/")[1][0].find("enclosure")
        assert enclosure.get("type") == "image/jpeg"
        assert enclosure.get("length") == "1000"
        assert enclosure.get("url").startswith("https://news.example/media/")

    def test_a_missing_image_file_leaves_the_enclosure_out(self, client, newsroom):
        type(newsroom["lead"]).objects.filter(pk=newsroom["lead"].pk).update(hero_image="heroes/gone.jpg")
        items = rss_items(client, "/feed/")[1]
        assert items[0].find("enclosure") is None


class TestAtom:
    def test_entry_elements_and_rfc3339_dates(self, client, newsroom):
        root, entries = atom_entries(client, "/feed/atom/")
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://news.example/feed/atom/"
        lead = entries[0]
        assert lead.findtext(f"{ATOM}title") == "Lead story"
        assert lead.find(f"{ATOM}link").get("href") == "https://news.example/article/lead-story/"
        assert lead.findtext(f"{ATOM}summary") == "What Lead story means for patients."
        assert [a.findtext(f"{ATOM}name") for a in lead.findall(f"{ATOM}author")] == ["Ada Lane, MD", "Bo Park"]
        assert lead.find(f"{ATOM}author/{ATOM}uri").text == "https://news.example/author/ada-lane/"
        assert [c.get("term") for c in lead.findall(f"{ATOM}category")] == ["lupus"]
        for element in ["published", "updated"]:
            value = lead.findtext(f"{ATOM}{element}")
            assert value.endswith(("Z", "+00:00")) and "T" in value
        assert lead.findtext(f"{ATOM}id").startswith("tag:news.example,")

    def test_section_and_tag_atom_feeds(self, client, newsroom):
        _, entries = atom_entries(client, "/tag/lupus/feed/atom/")
        assert [e.findtext(f"{ATOM}title") for e in entries] == ["Lead story", "Vaccine story"]
        _, entries = atom_entries(client, "/section/cardiology/feed/atom/")
        assert len(entries) == 2


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/section/cardiology/feed/", "/tag/lupus/feed/atom/"])
def test_nothing_unpublished_or_scheduled_in_any_feed(client, newsroom, url):
    body = client.get(url).content.decode()
    assert "Secret draft" not in body and "Future story" not in body


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_a_hostile_title_is_escaped_text(client, newsroom, url):
    make_article(HOSTILE_TITLE, slug="hostile", days_ago=0)
    response = client.get(url)
    assert b"<script>" not in response.content
    titles = [el.text for el in etree.fromstring(response.content).iter("title", f"{ATOM}title")]
    assert HOSTILE_TITLE in titles


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/tag/lupus/feed/"])
def test_query_count_does_not_depend_on_the_number_of_items(client, url):
    tag = make_tag("lupus")
    section = make_section("Cardiology")
    counts = []
    for size in (1, 8):
        while section.articles.count() < size:
            n = section.articles.count()
            make_article(section=section, tags=[tag, make_tag(f"t{n}")], authors=[make_author(), make_author()],
                         days_ago=n + 1)  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "url, element", [("/feed/", "./channel/item/description"), ("/feed/atom/", f"{ATOM}entry/{ATOM}summary")]
)
def test_the_dek_is_html_escaped_where_readers_render_html(client, newsroom, url, element):
    make_article("Plain title", slug="hostile-dek", days_ago=0, dek='Risks <img src=x onerror=alert(1)> & "benefits"')
    root = etree.fromstring(client.get(url).content)
    # After XML parsing the text is still HTML-escaped: a reader rendering it as HTML shows the characters.
    assert root.find(element).text == "Risks &lt;img src=x onerror=alert(1)&gt; &amp; &quot;benefits&quot;"


def test_atom_subtitle_is_plain_text(client, newsroom):
    section = newsroom["lead"].section
    section.description = "Heart & vessels"
    section.save()
    root = etree.fromstring(client.get("/section/cardiology/feed/atom/").content)
    assert root.findtext(f"{ATOM}subtitle") == "Heart & vessels"
    rss = etree.fromstring(client.get("/section/cardiology/feed/").content)
    assert rss.findtext("./channel/description") == "Heart &amp; vessels"
