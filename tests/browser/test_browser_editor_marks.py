"""The body editor keeps what medical text needs: a stored superscript survives opening and saving the story."""

import pytest
from playwright.sync_api import expect

from .support import assert_page_ok, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEMO_STORY = "/article/reading-your-blood-test-units/"


def test_an_editor_opens_and_saves_a_story_with_superscripts_and_nothing_is_lost(new_context, site):
    page = new_context().new_page()
    sign_in(page, site, "editor")
    page.goto("/admin/articles/article/?q=reading-your-blood-test-units")
    page.locator("#result_list a", has_text="Reading your blood test").first.click()

    area = page.locator(".ProseMirror[contenteditable=true]")
    expect(area.locator("sup", has_text="9").first, "the editor shows the stored superscript").to_be_visible()
    expect(area.locator("sub", has_text="1c"), "and the subscript").to_be_visible()
    for title in ("superscript", "subscript", "underline", "strike"):
        expect(page.locator(f".prose-menubar__button[title='{title}']"), f"menu offers {title}").to_have_count(1)

    area.locator("p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(" Normal range: 10")
    page.locator(".prose-menubar__button[title='superscript']").click()
    page.keyboard.type("12")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success"), "saved").to_be_visible()

    # The story is live: its saved edits wait as pending changes; the staff preview shows them as readers will.
    page.goto(page.get_by_role("link", name="Preview the pending changes").get_attribute("href"))
    body = page.locator(".article__body")
    expect(body.locator("sup", has_text="9").first).to_be_visible()
    expect(body.locator("sup", has_text="12")).to_be_visible()
    expect(body.locator("sub", has_text="1c")).to_be_visible()
    assert_page_ok(page, "formatting demo story", "after an editor's save")
    page.goto(DEMO_STORY)
    expect(page.locator(".article__body sup", has_text="12"), "readers keep the live version").to_have_count(0)
