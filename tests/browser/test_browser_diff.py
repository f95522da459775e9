"""The revision diff in Chromium: a heading lost to a triple-click and typing shows on the diff page.

The test edits the demo's draft and restores it at the end, so the other browser tests find it as it was.
"""

import re

import pytest
from playwright.sync_api import expect

from .support import assert_page_ok, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def editor_area(page):
    return page.locator(".ProseMirror[contenteditable=true]")


def save_and_continue(page, what):
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state("load")
    if not page.locator(".messagelist .success").count():
        errors = page.locator(".errornote, .errors").all_inner_texts()
        raise AssertionError(f"{what}: not saved ({page.url}): {errors}")


def test_a_heading_merged_into_the_paragraph_below_shows_on_the_diff_page(new_context, site):
    page = new_context().new_page()
    sign_in(page, site, "editor")
    page.goto("/admin/articles/article/?state=draft")
    page.locator("#result_list tbody tr th a").first.click()
    change_url = page.url
    page.get_by_role("link", name="See, compare and restore revisions").click()
    before = page.locator("#compare-form tbody tr").first.get_attribute("id")  # "revision-N": put back at the end
    page.goto(change_url)

    # A subheading and the paragraph under it.
    area = editor_area(page)
    area.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Who should wait")
    page.locator(".prose-menubar__selected").first.click()
    page.locator(".prose-menubar__option[data-name='heading2']").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("People with a fever should wait a week.")
    expect(area.locator("h2"), "the subheading is in the editor").to_have_text("Who should wait")
    save_and_continue(page, "the subheading written")

    # The slip: a triple-click on the subheading and typing.
    editor_area(page).locator("h2", has_text="Who should wait").click(click_count=3)
    page.keyboard.type("Most people can have the shot now. ")
    save_and_continue(page, "the subheading typed over")

    page.get_by_role("link", name="See, compare and restore revisions").click()
    page.get_by_role("button", name="Compare selected revisions").click()
    expect(page.locator("h1")).to_contain_text("Changes to")
    lost = page.locator(".diff-kind", has_text=re.compile(r"^Heading 2 (removed|→ Paragraph)$"))
    heading = page.locator(".structure-diff .diff-block", has=lost)
    expect(heading, "the diff shows the lost subheading").to_have_count(1)
    expect(heading.locator("del"), "its words are marked removed").to_contain_text("Who should wait")
    assert_page_ok(page, "revision diff", "after the slip", parts=["revision-diff"], alt=False)

    # Nothing is lost: the story as it was before this test is restored (other tests read this draft).
    page.get_by_role("link", name="All revisions").click()
    page.locator(f"#{before}").get_by_role("button", name="Restore").click()
    expect(page.locator(".messagelist .success"), "the restore is reported").to_contain_text("Restored revision")
