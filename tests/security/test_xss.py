"""Stored XSS: a hostile string in every field an editor controls is inert wherever it is shown.

Each payload is written into every editor-controlled field at once (the way an import or a
compromised editor account could store it, straight through the ORM), then every public
page, feed, sitemap, JSON-LD block and admin page that shows those fields is parsed with
lxml and must contain no script but the site's own, no event handler, no javascript:/data:
link and no frame. See tests/support/security.py for what "inert" checks.
"""

import io
import json
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html
from PIL import Image

from articles import preview
from articles.models import Article, ArticleAuthor, Author, Disclaimer, Section, Status, Tag
from articles.sitemaps import SITEMAPS
from editorial.models import Correction
from tests.support.security import XSS_PAYLOADS, feed_problems, page_problems, xml_problems
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

PAYLOAD_IDS = [f"p{number:02d}" for number in range(len(XSS_PAYLOADS))]


def test_the_battery_has_at_least_thirty_payloads():
    assert len(XSS_PAYLOADS) >= 30
    assert len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)


def tiny_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name="hero.jpg")


def hostile_url(payload):
    """A URL field's value: the payload itself when it is a URL trick, else hidden in a query string."""
    if payload.lower().lstrip().startswith(("javascript:", "data:")):
        return payload
    return "https://example.org/?q=" + payload


def hostile_world(payload):
    """One published article whose every editor-controlled field, and those of its relations, carry `payload`."""
    disclaimer = Disclaimer.objects.create(title=payload[:200], body=payload, is_default=True)
    section = Section.objects.create(name=payload[:100], slug="hostile-section", description=payload)
    author = Author.objects.create(
        name=payload[:150], slug="hostile-author", credentials=payload[:100], job_title=payload[:150], bio=payload
    )
    tag = Tag.objects.create(name=payload[:100], slug="hostile-tag", description=payload)
    article = Article.objects.create(
        title=payload[:250],
        slug="hostile-article",
        dek=payload,
        body=f"<p>{payload}</p>{payload}",
        section=section,
        status=Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
        source_name=payload[:200],
        source_url=hostile_url(payload)[:500],
        source_note=payload[:200],
        disclaimer=disclaimer,
        hero_alt=payload[:300],
        hero_caption=payload[:300],
        hero_credit=payload[:200],
        reviewed_by=author,
        last_reviewed=timezone.localdate(),
    )
    article.hero_image.save("hero.jpg", tiny_jpeg(), save=True)
    ArticleAuthor.objects.create(article=article, author=author, position=0)
    article.tags.set([tag])
    Tag.refresh_counts()
    correction = Correction.objects.create(article=article, note=payload)
    return {
        "article": article,
        "section": section,
        "author": author,
        "tag": tag,
        "disclaimer": disclaimer,
        "correction": correction,
    }


def public_pages(world, payload):
    article, section, tag, author = world["article"], world["section"], world["tag"], world["author"]
    search = reverse("search:search")
    return {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "section": section.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": author.get_absolute_url(),
        "share link": reverse("articles:preview_shared", kwargs={"token": preview.make_share_token(article)}),
        "search": f"{search}?{_query(payload)}",
        "search for the title word": f"{search}?q=alert",
    }


def _query(payload):
    return urlencode({"q": payload})


def feeds_and_sitemaps(world):
    section, tag = world["section"], world["tag"]
    feeds = {
        "feed": reverse("articles:feed"),
        "atom feed": reverse("articles:feed_atom"),
        "section feed": reverse("articles:section_feed", kwargs={"slug": section.slug}),
        "section atom feed": reverse("articles:section_feed_atom", kwargs={"slug": section.slug}),
        "tag feed": reverse("articles:tag_feed", kwargs={"slug": tag.slug}),
        "tag atom feed": reverse("articles:tag_feed_atom", kwargs={"slug": tag.slug}),
    }
    sitemaps = {"sitemap index": reverse("sitemap_index"), "news sitemap": reverse("news_sitemap")}
    for section_name in SITEMAPS:
        sitemaps[f"sitemap {section_name}"] = reverse("sitemap_section", kwargs={"section": section_name})
    return feeds, sitemaps


# Every model an editor fills in through its own admin pages; the correction has none (it is
# edited inline on the article's change form, which is checked with the article).
ADMIN_MODELS = ("article", "section", "author", "tag", "disclaimer")


def admin_pages(world, payload):
    pages = {"admin index": reverse("admin:index")}
    for key in ADMIN_MODELS:
        obj = world[key]
        prefix = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
        changelist = reverse(f"{prefix}_changelist")
        pages[f"{key} list"] = f"{changelist}?{_query(payload)}" if key == "article" else changelist
        pages[f"{key} change"] = reverse(f"{prefix}_change", args=[obj.pk])
    # History and delete confirmation list related objects by name: the article's reach them all.
    article = world["article"]
    pages["article history"] = reverse("admin:articles_article_history", args=[article.pk])
    pages["article delete"] = reverse("admin:articles_article_delete", args=[article.pk])
    pages["staff preview"] = reverse("articles:preview", kwargs={"pk": article.pk})
    return pages


def check(client, pages, checker):
    problems = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, f"{name} ({url}) answered {response.status_code}"
        found = checker(response)
        if found:
            problems[name] = found
    return problems


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=PAYLOAD_IDS)
def test_public_pages_render_the_payload_inert(payload):
    world = hostile_world(payload)
    problems = check(Client(), public_pages(world, payload), page_problems)
    assert problems == {}


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=PAYLOAD_IDS)
def test_feeds_and_sitemaps_stay_well_formed_and_inert(payload):
    world = hostile_world(payload)
    feeds, sitemaps = feeds_and_sitemaps(world)
    client = Client()
    feed_found = check(client, feeds, lambda response: feed_problems(response.content))
    sitemap_found = check(client, sitemaps, lambda response: xml_problems(response.content))
    assert sitemap_found == {}
    assert feed_found == {}


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=PAYLOAD_IDS)
def test_admin_and_staff_pages_render_the_payload_inert(payload):
    world = hostile_world(payload)
    client = Client()
    client.force_login(make_staff("admin", "root", is_superuser=True))
    problems = check(client, admin_pages(world, payload), page_problems)
    assert problems == {}


def test_the_json_ld_blocks_carry_the_hostile_title_as_data():
    """The article's structured data still parses and holds the title as text, not markup."""
    payload = "</script><script>alert(1)</script>"
    world = hostile_world(payload)
    response = Client().get(world["article"].get_absolute_url())
    document = lxml_html.document_fromstring(response.content)
    blocks = [
        json.loads(script.text) for script in document.iter("script") if script.get("type") == "application/ld+json"
    ]
    assert blocks, "the article page has no JSON-LD block"
    text = json.dumps(blocks)
    assert "alert(1)" in text  # the title is there, as data
    assert b"</script><script>alert(1)" not in response.content
