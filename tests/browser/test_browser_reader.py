"""A reader's journey through the public site in Chromium, with every page checked on the way.

Home → an article → a related story → one of its tags → a search for a word of its body →
the article from the results → its section's feed. Each page must show its parts, load every
image (with alt text), and raise no console error, failed request or CSP violation. Home and
the article are photographed at 1280 px and 390 px; at 390 px neither may scroll sideways.
"""

import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own server's feed

import pytest
from playwright.sync_api import expect

from .support import assert_no_overflow, assert_page_ok, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTICLE_PARTS = ["article", "related-stories", "latest-stories", "source", "disclaimer", "tags"]
NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


def photograph(page, screenshots, name):
    """Screenshots at 1280 px and 390 px; the narrow one must not scroll sideways."""
    screenshot(page, screenshots, name)
    page.set_viewport_size(NARROW)
    screenshot(page, screenshots, name)
    assert_no_overflow(page, name)
    page.set_viewport_size(WIDE)


def search_word(body_text):
    """A distinctive word of the body: the longest plain word of its first sentences."""
    words = re.findall(r"\b[a-z]{7,}\b", body_text[:800].lower())
    assert words, f"article body has no word to search for: {body_text[:200]!r}"
    return max(words, key=len)


def test_reader_journey(reader, site, screenshots):
    page = reader

    # Home
    page.goto("/")
    assert_page_ok(page, "home", "open the home page", parts=["main", "latest-stories"])
    expect(page.locator("#latest-stories a").first, "home: a story in Latest stories").to_be_visible()
    photograph(page, screenshots, "home")

    # An article
    first = page.locator("#latest-stories .story-card__title a").first
    title = first.inner_text().strip()
    first.click()
    expect(page.locator("#article h1"), "article page: the headline of the story clicked on home").to_have_text(title)
    assert_page_ok(page, "article", f"open “{title}” from home", parts=ARTICLE_PARTS)
    photograph(page, screenshots, "article")

    # A related story
    related = page.locator("#related-stories a").first
    expect(related, f"article “{title}”: at least one related story").to_be_visible()
    related_title = related.inner_text().strip()
    related.click()
    expect(page.locator("#article h1"), "related story: its headline").to_have_text(related_title)
    assert_page_ok(page, "related article", f"follow the related story “{related_title}”", parts=ARTICLE_PARTS)
    article_url = page.url
    body_text = page.locator("#article .article__body").inner_text()

    # A tag page
    tag = page.locator("#tags a").first
    tag_name = tag.inner_text().strip()
    tag.click()
    expect(page.locator("main h1"), "tag page: the tag's name as heading").to_have_text(tag_name)
    assert_page_ok(page, "tag", f"follow the tag “{tag_name}” of “{related_title}”", parts=["main"])
    expect(
        page.locator("main").get_by_role("link", name=related_title, exact=True),
        f"tag page “{tag_name}”: lists “{related_title}”, which carries the tag",
    ).to_be_visible()

    # Search for a word of the related story's body
    word = search_word(body_text)
    page.get_by_role("searchbox", name="Search stories").fill(word)
    page.get_by_role("searchbox", name="Search stories").press("Enter")
    expect(page.locator(".search-count"), f"search page: a count of results for “{word}”").to_be_visible()
    assert_page_ok(page, "search results", f"search for “{word}”", parts=["main"])
    result = page.locator(".search-result__title a", has_text=related_title)
    expect(result, f"search for “{word}”: “{related_title}” is among the results").to_have_count(1)

    # The article from the results
    result.click()
    expect(page, f"search result “{related_title}”: leads to the article").to_have_url(article_url)
    assert_page_ok(page, "article from search", f"open “{related_title}” from the results", parts=ARTICLE_PARTS)

    # The section's feed, as announced in the article's head
    section = page.locator("#article .article__section a").inner_text().strip()
    feed = page.locator(f'link[rel=alternate][type="application/rss+xml"][title^="{section} ·"]')
    expect(feed, f"article “{related_title}”: its head links the “{section}” RSS feed").to_have_count(1)
    feed_url = feed.get_attribute("href")
    assert feed_url.startswith(site.url), f"feed link of “{related_title}” points off the site: {feed_url}"
    response = page.goto(feed_url)
    assert response.status == 200, f"feed {feed_url}: HTTP {response.status}"
    assert "xml" in response.headers["content-type"], f"feed {feed_url}: {response.headers['content-type']}"
    channel = ET.fromstring(response.body()).find("channel")  # noqa: S314 - our own server's feed
    items = [item.findtext("title") for item in channel.iter("item")]
    assert related_title in items, f"feed {feed_url}: “{related_title}” missing from its items {items}"
    assert not page.context.watch.take(), f"feed {feed_url}: errors while loading it"
