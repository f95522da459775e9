"""Long words and addresses wrap instead of running out of their column.

Two stories whose titles carry a 90-letter place name (and a body with a long word and a
bare URL), related to each other, are published on the browser tests' site; at 390 px no
page that shows them scrolls sideways, and at 1280 px the related-stories title stays
inside the aside's column.
"""

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from .conftest import BASE_DIR, _server_env
from .support import assert_no_overflow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PLACE = "Taumatawhakatangihangakoauauotamateaturipukakapikimaungahoronukupokaiwhenuakitanatahuxyzzy"
NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}

MAKE_STORIES = f"""
import django
django.setup()
from articles import related
from articles.models import Article, Section, Status
from django.utils import timezone
from datetime import timedelta

section = Section.objects.order_by("position").first()
body = "<p>Seen at {PLACE}, and described at https://example.org/{PLACE}/{PLACE}/report.html today.</p>"
stories = []
for n, title in enumerate(["Outbreak reported in {PLACE}", "Clinic reopens in {PLACE}"]):
    story, _ = Article.objects.get_or_create(
        slug=f"long-place-name-{{n}}",
        defaults=dict(title=title, dek="A place name longer than any column.", body=body, section=section,
                      status=Status.PUBLISHED, published_at=timezone.now() - timedelta(minutes=n + 1),
                      original_reporting=True),
    )
    story.tags.add("{PLACE[:40]}")
    stories.append(story.pk)
related.refresh_related(stories)
"""


@pytest.fixture(scope="module")
def long_stories(site):
    subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", MAKE_STORIES], cwd=BASE_DIR, env=_server_env(site.root), check=True, timeout=120
    )
    return ["/article/long-place-name-0/", "/article/long-place-name-1/"]


def test_long_words_wrap_on_a_phone(new_context, long_stories, screenshots):
    page = new_context(viewport=NARROW).new_page()
    pages = {
        "home": "/",
        "article": long_stories[0],
        "section": None,
        "tag": None,
        "search": f"/search/?q={PLACE}",
    }
    page.goto(long_stories[0])
    pages["section"] = page.locator(".article__section a").get_attribute("href")
    pages["tag"] = page.locator("#tags a").first.get_attribute("href")
    for name, url in pages.items():
        page.goto(url)
        expect(page.locator("main"), f"{name}: the long place name is shown").to_contain_text(PLACE[:60])
        screenshot(page, screenshots, f"long-words-{name}")
        assert_no_overflow(page, f"long words: {name}")


def test_a_long_related_title_stays_in_its_column(new_context, long_stories):
    page = new_context(viewport=WIDE).new_page()
    page.goto(long_stories[0])
    link = page.locator("#related-stories a", has_text="Clinic reopens")
    expect(link).to_be_visible()
    column = page.locator("#related-stories").bounding_box()
    title = link.bounding_box()
    assert title["x"] + title["width"] <= column["x"] + column["width"] + 1, (title, column)
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
