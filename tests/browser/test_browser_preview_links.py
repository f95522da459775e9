"""Share-preview links in Chromium: an editor makes one, an outsider reads the draft, the editor revokes it."""

import re

import pytest
from playwright.sync_api import expect

from .support import assert_page_ok, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_an_editor_makes_a_link_sees_it_listed_and_revokes_it(new_context, site):
    editor = new_context().new_page()
    sign_in(editor, site, "editor")
    editor.goto("/admin/articles/article/?state=draft")
    editor.locator("#result_list tbody tr th a").first.click()
    title = editor.locator("#id_title").input_value()
    rows = editor.locator("#preview-links tbody tr")
    before = rows.count()

    editor.get_by_role("button", name="Make a preview link for an outside reviewer").click()
    note = editor.locator(".messagelist .workflow-share-link")
    expect(note, "the new link is shown once").to_contain_text("/preview/shared/")
    link = re.search(r"https?://\S+/preview/shared/\S+/", note.inner_text()).group(0)
    expect(rows, "the new link is listed").to_have_count(before + 1)
    assert_page_ok(editor, "article change", "link made", parts=["preview-links"], alt=False)

    outsider = new_context().new_page()
    outsider.goto(link)
    expect(outsider.locator("h1").first, "the outsider reads the draft").to_have_text(title)

    newest = rows.first
    row_id = newest.get_attribute("id")
    newest.get_by_role("button", name="Revoke").click()
    expect(editor.locator(".messagelist .success"), "the editor is told").to_contain_text("revoked")
    expect(editor.locator(f"#{row_id}"), "a revoked link leaves the list").to_have_count(0)

    response = outsider.goto(link)
    assert response.status == 403
    expect(outsider.locator("body"), "the outsider is told").to_contain_text("withdrawn")
    expect(outsider.locator("body")).not_to_contain_text(title)
