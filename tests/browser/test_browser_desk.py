"""The editor's desk in Chromium: the dashboard's blocks by role, the calendar by keyboard and at 390 px,
and unsaved edits brought back after the tab was closed."""

import time

import pytest
from playwright.sync_api import expect

from .support import assert_no_overflow, assert_page_ok, describe_violations, run_axe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EDITOR_BLOCKS = [
    "desk-my-work",
    "desk-review",
    "desk-scheduled",
    "desk-published",
    "desk-review-due",
    "desk-corrections",
]
WRITER_BLOCKS = ["desk-my-work", "desk-scheduled", "desk-published"]
WIDE = {"width": 1400, "height": 900}
BLOCKING = {"serious", "critical"}


def block_ids(page):
    return page.locator(".desk-block").evaluate_all("(blocks) => blocks.map((block) => block.id)")


@pytest.mark.parametrize(("who", "blocks"), [("editor", EDITOR_BLOCKS), ("writer", WRITER_BLOCKS)])
def test_the_admin_index_is_the_desk_with_the_blocks_of_each_role(new_context, site, screenshots, who, blocks):
    page = new_context(viewport=WIDE).new_page()
    sign_in(page, site, who)
    assert_page_ok(page, "desk", f"{who} signed in", parts=blocks, alt=False)
    screenshot(page, screenshots, f"desk-{who}")
    assert block_ids(page) == blocks
    for block_id in blocks:
        count = page.locator(f"#{block_id} .desk-block__count").inner_text()
        assert count.rstrip("+").isdigit(), f"desk for {who}: #{block_id} shows a count, not {count!r}"
    # The demo's stories reach the editor's lists, each linked to its change page.
    if who == "editor":
        published = page.locator("#desk-published .desk-list a, #desk-review-due .desk-list a").first
        expect(published, "desk: a story is listed").to_be_visible()
        published.click()
        expect(page.locator("#article_form"), "desk: a listed story opens its change form").to_be_visible()
        page.go_back()
    # The list of models is still there.
    page.locator("#desk-models-title").scroll_into_view_if_needed()
    expect(page.locator(".app-list .app-articles"), "desk: the model list stays reachable").to_be_visible()


def test_the_calendar_by_keyboard_and_on_a_phone(new_context, site, screenshots):
    page = new_context(viewport=WIDE).new_page()
    sign_in(page, site, "editor")
    page.get_by_role("link", name="Calendar").click()
    calendar = page.locator("#calendar")
    assert_page_ok(page, "calendar", "opened from the desk", parts=["calendar"], alt=False)
    expect(calendar.locator("[aria-current=date]"), "calendar: today is marked").to_have_count(1)
    caption = calendar.locator("caption").inner_text()
    stories = calendar.locator(".calendar__story a")
    assert stories.count() > 0, "calendar: this month shows the demo's published stories"

    # Keyboard only: Tab to "Next month", Enter; then back with "Previous month".
    page.locator(".calendar-nav a[rel=next]").focus()
    page.keyboard.press("Enter")
    expect(calendar.locator("caption"), "calendar: next month").not_to_have_text(caption)
    page.locator(".calendar-nav a[rel=prev]").focus()
    page.keyboard.press("Enter")
    expect(calendar.locator("caption"), "calendar: back to this month").to_have_text(caption)
    # Tab walks from the navigation into the days' stories, and Enter opens one.
    page.locator(".calendar-nav a").last.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('.calendar__story') !== null")
    assert focused, "calendar: Tab after the navigation reaches the first story"
    page.keyboard.press("Enter")
    expect(page.locator("#article_form"), "calendar: Enter on a story opens its change form").to_be_visible()

    # The week view, and the same calendar on a 390 px phone: a readable list of days.
    page.goto("/admin/articles/article/calendar/")
    page.get_by_role("link", name="Week view").click()
    expect(page.locator("#calendar tbody tr"), "week view: one row").to_have_count(1)
    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(phone, site, "editor")
    phone.goto("/admin/articles/article/calendar/")
    assert_page_ok(phone, "calendar", "at 390 px", parts=["calendar"], alt=False)
    assert_no_overflow(phone, "calendar")
    screenshot(phone, screenshots, "calendar")
    first_story = phone.locator(".calendar__story a").first
    box = first_story.bounding_box()
    assert box and box["width"] > 200, f"calendar at 390 px: story links have room to read ({box})"


def wait_for_autosave(page, url, timeout=10):
    """The server's answer once it holds an autosave of `url`'s article (asked from a fresh page)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = page.request.get(url).json()
        if answer["autosave"]:
            return answer["autosave"]
        time.sleep(0.3)
    pytest.fail(f"no autosave at {url} within {timeout} s")


def test_unsaved_edits_come_back_after_the_tab_is_closed(new_context, site):
    context = new_context(viewport=WIDE)
    page = context.new_page()
    sign_in(page, site, "editor")
    page.goto("/admin/articles/article/?state=published")
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("#article_form"), "change form").to_be_visible()
    change_url = page.url
    autosave_url = page.locator("input[data-autosave-url]").get_attribute("data-autosave-url")
    typed_dek = "A standfirst typed and never saved, then the tab was closed."
    page.locator("#id_dek").fill(typed_dek)
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.locator("p").first.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" A sentence typed into the body.")
    page.close(run_before_unload=True)

    other = context.new_page()
    kept = wait_for_autosave(other, site.url + autosave_url)
    assert kept["fields"]["dek"] == [typed_dek]
    other.goto(change_url)
    prompt = other.locator("#autosave-restore")
    expect(prompt, "reopened: the restore prompt").to_be_visible()
    expect(prompt, "reopened: the prompt says what it offers").to_contain_text("unsaved edits")
    expect(other.locator("#id_dek"), "not restored until asked").not_to_have_value(typed_dek)
    prompt.get_by_role("link", name="Restore my unsaved edits").click()
    expect(other.locator("#id_dek"), "restored standfirst").to_have_value(typed_dek)
    expect(other.locator(".ProseMirror[contenteditable=true]"), "restored body, in the editor").to_contain_text(
        "A sentence typed into the body."
    )
    assert_page_ok(other, "change form", "after restoring", alt=False)

    other.locator("input[name=_continue]").click()
    expect(other.locator(".messagelist .success"), "saved").to_be_visible()
    expect(other.locator("#autosave-restore"), "saved: nothing left to offer").to_have_count(0)
    assert other.request.get(site.url + autosave_url).json() == {"autosave": None}


def test_a_new_article_typed_but_never_saved_comes_back_on_the_add_form(new_context, site):
    context = new_context(viewport=WIDE)
    page = context.new_page()
    sign_in(page, site, "writer")
    page.goto("/admin/articles/article/add/")
    autosave_url = page.locator("input[data-autosave-url]").get_attribute("data-autosave-url")
    title = "Walking after meals, a story begun and never saved"
    page.locator("#id_title").fill(title)
    page.locator("#id_dek").fill("Short walks after meals lowered blood sugar peaks.")
    page.close(run_before_unload=True)

    other = context.new_page()
    assert wait_for_autosave(other, site.url + autosave_url)["fields"]["title"] == [title]
    other.goto("/admin/articles/article/add/")
    prompt = other.locator("#autosave-restore")
    expect(prompt, "add form again: the restore prompt").to_be_visible()
    prompt.get_by_role("link", name="Restore my unsaved edits").click()
    expect(other.locator("#id_title"), "restored title").to_have_value(title)
    expect(other.locator(".desk-autosave[role=status]"), "the form says the edits are back").to_be_visible()
    assert_page_ok(other, "add form", "after restoring", alt=False)


@pytest.mark.parametrize("url", ["/admin/", "/admin/articles/article/calendar/"])
def test_the_desk_in_the_admins_dark_theme_has_no_serious_axe_violation(new_context, site, screenshots, url):
    page = new_context(viewport=WIDE, color_scheme="dark").new_page()
    sign_in(page, site, "editor")
    page.goto(url)
    screenshot(page, screenshots, "dark-" + url.strip("/").replace("/", "-"))
    blocking = [violation for violation in run_axe(page) if violation["impact"] in BLOCKING]
    assert not blocking, f"{url} in the dark theme:\n  " + "\n  ".join(describe_violations(blocking))
