"""The editor's desk in Chromium: the dashboard's blocks by role, the calendar by keyboard and at 390 px,
and unsaved edits brought back after the tab was closed."""

import time
from datetime import UTC, date, datetime, timedelta

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
# The date (YYYY-MM-DD) of the calendar's busiest day of the month, and of each day a phone shows.
BUSIEST_DAY = """() => [...document.querySelectorAll('#calendar td')]
  .filter((day) => day.querySelector('.calendar__story'))
  .sort((a, b) => b.querySelectorAll('.calendar__story').length - a.querySelectorAll('.calendar__story').length)
  .map((day) => day.querySelector('time').getAttribute('datetime'))[0]"""
SHOWN_DAYS = """() => [...document.querySelectorAll('#calendar td')]
  .filter((day) => day.getClientRects().length && day.querySelector('time'))
  .map((day) => day.querySelector('time').getAttribute('datetime'))"""


def focused_day(page):
    """The date of the calendar day that has the keyboard focus, or None."""
    return page.evaluate(
        "() => document.activeElement.matches('#calendar td') ? "
        "document.activeElement.querySelector('time').getAttribute('datetime') : null"
    )


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
    # The grid of days is one Tab stop, today; arrow keys move by a day and by a week.
    expect(calendar.locator("td[tabindex='0']"), "calendar: one day is the grid's Tab stop").to_have_count(1)
    page.locator(".calendar-nav a").last.focus()
    page.keyboard.press("Tab")
    today = datetime.now(UTC).date().isoformat()  # the test site's time zone is UTC
    assert focused_day(page) == today, "calendar: Tab after the navigation reaches today"
    # A busy day's "and N more" link is one of its day's links, not a Tab stop before today
    # (the demo's busy day is yesterday in the first hour of a day).
    assert page.evaluate(
        "() => [...document.querySelectorAll('#calendar .calendar__more a')].every(link => link.tabIndex === -1)"
    ), "calendar: 'and N more' is reached from its day, not by Tab"
    expect(calendar.locator("[aria-current=date] time"), "calendar: today is marked").to_have_attribute(
        "datetime", today
    )
    moves = {"ArrowRight": 1, "ArrowLeft": -1, "ArrowDown": 7, "ArrowUp": -7}
    for key, days in moves.items():
        start = date.fromisoformat(focused_day(page))
        wanted = start + timedelta(days=days)
        if wanted.month != start.month:
            continue  # the grid stops at the month's edge
        page.keyboard.press(key)
        assert focused_day(page) == wanted.isoformat(), f"calendar: {key} from {start} reaches {wanted}"
        expect(calendar.locator("td[tabindex='0']"), f"calendar: after {key}, still one Tab stop").to_have_count(1)
    # To the day with the most stories by arrow keys; Enter reaches its list, Escape comes back.
    busy = page.evaluate(BUSIEST_DAY)
    steps = (date.fromisoformat(busy) - date.fromisoformat(focused_day(page))).days
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowRight" if steps > 0 else "ArrowLeft")
    assert focused_day(page) == busy, f"calendar: arrow keys reach {busy}"
    day_links = calendar.locator(f"td:has(time[datetime='{busy}']) .calendar__story a")
    page.keyboard.press("Enter")
    expect(day_links.first, "calendar: Enter on a day reaches its first story").to_be_focused()
    if day_links.count() > 1:
        page.keyboard.press("ArrowDown")
        expect(day_links.nth(1), "calendar: down arrow walks the day's stories").to_be_focused()
    page.keyboard.press("Escape")
    assert focused_day(page) == busy, "calendar: Escape goes back to the day"
    blocking = [violation for violation in run_axe(page) if violation["impact"] in BLOCKING]
    assert not blocking, "calendar, keyboard on a day:\n  " + "\n  ".join(describe_violations(blocking))
    page.keyboard.press("Enter")
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
    # On the phone the days are a list: the arrow keys move to the next and previous day shown.
    shown = phone.evaluate(SHOWN_DAYS)
    assert today in shown, "calendar at 390 px: today is listed"
    phone.locator("#calendar td[tabindex='0']").focus()
    assert focused_day(phone) == today
    at = shown.index(today)
    for key, step in [("ArrowDown", 1), ("ArrowRight", 1), ("ArrowUp", -1), ("ArrowLeft", -1)]:
        if 0 <= at + step < len(shown):
            at += step
        phone.keyboard.press(key)
        assert focused_day(phone) == shown[at], f"calendar at 390 px: {key} reaches the day shown {shown[at]}"
    blocking = [violation for violation in run_axe(phone) if violation["impact"] in BLOCKING]
    assert not blocking, "calendar at 390 px:\n  " + "\n  ".join(describe_violations(blocking))


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


def test_inline_rows_come_back_with_the_unsaved_edits_and_chosen_files_are_named_as_not_kept(new_context, site):
    context = new_context(viewport=WIDE)
    page = context.new_page()
    sign_in(page, site, "editor")
    page.goto("/admin/articles/article/?state=published")
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("#article_form"), "change form").to_be_visible()
    change_url = page.url
    autosave_url = page.locator("input[data-autosave-url]").get_attribute("data-autosave-url")
    rows = page.locator("#citations-group tr.form-row:not(.empty-form)")
    existing = rows.count()  # the story's citations and the one empty row offered
    # The empty row offered, and a row the editor adds with "Add another citation".
    typed = {
        existing - 1: ("A trial typed into the empty row", "10.1000/typed.1"),
        existing: ("A trial in a row the editor added", "10.1000/typed.2"),
    }
    page.locator("#citations-group .add-row a").click()
    expect(rows, "a citation row was added").to_have_count(existing + 1)
    for index, (title, identifier) in typed.items():
        page.locator(f"[name='citations-{index}-title']").fill(title)
        page.locator(f"[name='citations-{index}-identifier']").fill(identifier)
    page.locator("#id_hero_image").set_input_files(
        {"name": "chosen-hero.png", "mimeType": "image/png", "buffer": b"\x89PNG not kept"}
    )
    page.close(run_before_unload=True)

    other = context.new_page()
    kept = wait_for_autosave(other, site.url + autosave_url)
    assert kept["fields"][f"citations-{existing}-title"] == [typed[existing][0]]
    other.goto(change_url)
    prompt = other.locator("#autosave-restore")
    expect(prompt, "the prompt says the chosen file is not kept").to_contain_text("Files you had chosen are not kept")
    expect(prompt, "… and names it").to_contain_text("chosen-hero.png")
    prompt.get_by_role("link", name="Restore my unsaved edits").click()
    restored = other.locator(".desk-autosave[role=status]")
    expect(restored, "restored: the file is named again, to be chosen anew").to_contain_text("chosen-hero.png")
    expect(other.locator("#citations-group tr.form-row:not(.empty-form)"), "the added row is back").to_have_count(
        existing + 1
    )
    for index, (title, identifier) in typed.items():
        expect(other.locator(f"[name='citations-{index}-title']"), f"row {index}: title").to_have_value(title)
        expect(other.locator(f"[name='citations-{index}-identifier']"), f"row {index}: id").to_have_value(identifier)
    expect(other.locator("[name='citations-TOTAL_FORMS']")).to_have_value(str(existing + 1))
    assert other.locator("#id_hero_image").evaluate("(input) => input.files.length") == 0
    assert_page_ok(other, "change form", "after restoring inline rows", alt=False)
    blocking = [violation for violation in run_axe(other) if violation["impact"] in BLOCKING]
    assert not blocking, "change form after restoring:\n  " + "\n  ".join(describe_violations(blocking))


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
