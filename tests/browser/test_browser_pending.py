"""A live story's pending changes in Chromium: the editor edits it, readers keep the live page, the editor publishes."""

import pytest
from playwright.sync_api import expect

from newsroom.demo.pending import DATA as PENDING_DEMO

from .support import assert_page_ok, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def demo_slug():
    import tomllib

    with PENDING_DEMO.open("rb") as handle:
        return tomllib.load(handle)["pending"]["slug"]


def test_an_editor_edits_a_live_story_readers_see_it_only_once_published(new_context, site):
    slug = demo_slug()
    story = f"/article/{slug}/"
    editor = new_context().new_page()
    sign_in(editor, site, "editor")
    editor.goto(f"/admin/articles/article/?q={slug}")
    editor.locator("#result_list tbody tr th a").first.click()
    expect(editor.locator("#pending-notice"), "the form says readers still see the live version").to_contain_text(
        "Readers still see the live version."
    )
    headline = editor.locator("#id_title")
    new_title = headline.input_value() + " (updated)"
    headline.fill(new_title)
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.locator(".messagelist li", has_text="saved as pending changes"), "saved as pending").to_have_count(1)

    reader = new_context().new_page()
    reader.goto(story)
    expect(reader.locator("h1").first, "readers keep the live headline").not_to_have_text(new_title)

    editor.get_by_role("button", name="Save and publish the changes").click()
    expect(editor.locator("#pending-consequence"), "asked first").to_contain_text("Readers see the new version")
    assert_page_ok(editor, "pending confirmation", "publish asked", parts=["pending-confirm"], alt=False)
    editor.locator("#pending-confirm-button").click()
    expect(editor.locator(".messagelist li", has_text="were published"), "published").to_have_count(1)
    expect(editor.locator("#workflow-history"), "the history names the step").to_contain_text("Changes published")

    # A new reader: the first one's browser may keep the page it was sent for its max-age (60 s), as for any edit.
    later_reader = new_context().new_page()
    later_reader.goto(story)
    expect(later_reader.locator("h1").first, "readers see the published edit").to_have_text(new_title)
