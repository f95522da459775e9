"""The article list at 1,280 px in Chromium: a wide title column with the standfirst under it, state badges,
filters folded until wanted, and a search that finds a story from the first letters of a word."""

import pytest
from playwright.sync_api import expect

from .support import assert_no_overflow, assert_page_ok, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DESK_WIDTH = {"width": 1280, "height": 900}


def test_the_article_list_reads_at_1280_px(new_context, site, screenshots):
    page = new_context(viewport=DESK_WIDTH).new_page()
    sign_in(page, site, "editor")
    page.goto("/admin/articles/article/")
    parts = ["result_list", "workflow-counts", "article-filters"]
    assert_page_ok(page, "article list", "opened", parts=parts, alt=False)
    assert_no_overflow(page, "article list")
    screenshot(page, screenshots, "article-list")

    first_row = page.locator("#result_list tbody tr").first
    title = first_row.locator(".article-title")
    expect(title, "article list: each row leads with its title").to_be_visible()
    expect(first_row.locator(".article-dek"), "article list: the standfirst under the title").to_be_visible()
    expect(first_row.locator(".state-badge"), "article list: the state as a badge").to_be_visible()
    width = first_row.locator("td.field-headline, th.field-headline").first.bounding_box()["width"]
    assert width >= 350, f"article list: the title column is {width:.0f} px wide at 1,280 px"

    filters = page.locator("#article-filters")
    expect(filters.locator("#changelist-filter"), "article list: filters folded at first").to_be_hidden()
    page.locator("#article-filters > summary").click()
    expect(filters.locator("#changelist-filter"), "article list: the filters unfold").to_be_visible()

    word = title.inner_text().split()[0]
    page.locator("#searchbar").fill(word[: max(3, len(word) - 2)])
    page.locator("#searchbar").press("Enter")
    expect(page.locator("#result_list .article-title").first, "article list: found by a word's start").to_be_visible()
    expect(page.locator("#article-list-count"), "article list: how many were found").to_be_visible()
