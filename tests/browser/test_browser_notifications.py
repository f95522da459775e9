"""Notifications in Chromium: a writer submits, the editor is told, returns it with a comment, the writer is told.

Both are told twice: in the admin (the unread count in the header, the list, the item opening
the story) and by e-mail, which the site sends to a real SMTP server this test run started
(tests/browser/conftest.py passes it to the server as NOTIFICATIONS_EMAIL_HOST/PORT).
"""

import time
import uuid

import pytest
from playwright.sync_api import expect

from .support import assert_page_ok, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def mail_about(server, address, title, timeout=15):
    """The first message to `address` whose subject names `title`, waiting for it to arrive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in server.messages:
            if message["To"] == address and title in message["Subject"]:
                return message
        time.sleep(0.2)
    seen = [(message["To"], message["Subject"]) for message in server.messages]
    raise AssertionError(f"no mail to {address} about “{title}” at the local SMTP server; it has {seen}")


def pick(page, field_id, name):
    """Choose `name` in the admin's select2 autocomplete for <select id=field_id>."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(name[:4])
    page.locator(".select2-results__option", has_text=name).first.click()
    expect(page.locator(f"#{field_id} + .select2 .select2-selection__rendered"), field_id).to_contain_text(name)


def press(page, label):
    page.locator("#workflow-actions").get_by_role("button", name=label).click()
    page.wait_for_load_state("load")


def open_notification(page, text, what, screenshots):
    """From any admin page: the header's unread count, then the list, then the item naming `text`."""
    page.goto("/admin/")
    expect(page.locator("#notifications-unread"), f"{what}: the header counts unread notifications").to_be_visible()
    page.locator("#notifications-link").click()
    item = page.locator("#result_list").get_by_role("link", name=text)
    expect(item, f"{what}: the notification in the list").to_be_visible()
    assert_page_ok(page, "notifications list", what)
    screenshot(page, screenshots, f"notifications-{what}")
    item.click()
    page.wait_for_load_state("load")


def test_writer_submits_editor_is_told_and_returns_it_writer_is_told(new_context, site, staff_mail, screenshots):
    title = f"Walking after meals and blood sugar {uuid.uuid4().hex[:6]}"

    # --- The writer drafts a story and submits it --------------------------------------
    writer = new_context().new_page()
    sign_in(writer, site, "writer")
    writer.goto("/admin/articles/article/add/")
    writer.locator("#id_title").fill(title)
    writer.locator("#id_title").press("End")
    writer.locator("#id_dek").fill("Ten minutes on foot after eating flattened the rise in a small trial.")
    writer.locator(".ProseMirror[contenteditable=true]").click()
    writer.keyboard.type("In a trial of 40 adults, a short walk after meals lowered the glucose peak.")
    pick(writer, "id_section", "Cardiology")
    writer.locator("#id_tags").fill("Hypertension")
    pick(writer, "id_bylines-0-author", "Bea Writer")
    writer.locator("#id_source_name").fill("Journal of Everyday Medicine")
    writer.get_by_role("button", name="Save and continue editing").click()
    expect(writer.locator(".messagelist .success"), "writer: the draft is saved").to_be_visible()
    expect(writer.locator("#workflow-ready"), "writer: every publishing check passes").to_be_visible()
    press(writer, "Save and submit for review")
    expect(writer.locator("#workflow-state"), "writer: submitted").to_have_text("In review")

    # --- The editor is told in the admin and by e-mail ------------------------------------
    mail = mail_about(staff_mail, "cam.editor@example.org", title)
    assert f'Bea Writer submitted "{title}" for review.' in mail.get_content()
    assert "/admin/articles/article/" in mail.get_content()

    editor = new_context().new_page()
    sign_in(editor, site, "editor")
    open_notification(editor, f'Bea Writer submitted "{title}" for review.', "editor", screenshots)
    expect(editor.locator("#workflow-state"), "editor: the notification opens the story").to_have_text("In review")

    # --- The editor returns it with a comment ----------------------------------------------
    editor.get_by_label("Comment").fill("Say how many people took part, please.")
    press(editor, "Save and return to writer")
    expect(editor.locator("#workflow-state"), "editor: returned").to_have_text("Draft")

    # --- The writer is told, with the comment -----------------------------------------------
    mail = mail_about(staff_mail, "bea.writer@example.org", title)
    assert "Say how many people took part, please." in mail.get_content()
    assert not [m for m in staff_mail.messages if m["To"] == "cam.editor@example.org" and "Returned" in m["Subject"]]

    open_notification(writer, f'Cam Editor returned "{title}" to you.', "writer", screenshots)
    expect(writer.locator("#workflow-history"), "writer: the comment on the story").to_contain_text("took part")

    # --- Everything read: the count leaves the header --------------------------------------
    writer.goto("/admin/notifications/notification/")
    writer.get_by_role("button", name="Mark all as read").click()
    expect(writer.locator(".messagelist .success"), "writer: marked as read").to_be_visible()
    expect(writer.locator("#notifications-unread"), "writer: nothing unread").to_have_count(0)
    assert_page_ok(writer, "notifications list", "mark all as read")
    writer.locator("#notifications-preferences-link").click()
    writer.get_by_label("Approved, scheduled or published: by e-mail").uncheck()
    writer.get_by_role("button", name="Save my choices").click()
    expect(writer.locator(".messagelist .success"), "writer: choices saved").to_be_visible()
    expect(writer.get_by_label("Approved, scheduled or published: by e-mail")).not_to_be_checked()
    expect(writer.get_by_label("Returned with a comment: by e-mail")).to_be_checked()
    screenshot(writer, screenshots, "notification-choices")
    assert_page_ok(writer, "notification choices", "save the choices")
