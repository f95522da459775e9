"""A reader subscribes to the newsletter from the (cached) home page in Chromium and confirms by the link.

Local mode prints mail to the server's log (the console backend), so the confirmation link is
read from there; everything else is what a reader does: fill in, tick, press, follow, confirm.
"""

import quopri
import re
import secrets
import time

import pytest
from playwright.sync_api import expect

from .support import assert_page_ok, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def confirmation_link(log, address, timeout=10):
    """The confirmation link of the last mail to `address` in the server's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        start = text.rfind(f"To: {address}")
        if start >= 0:
            # The console backend prints the parts quoted-printable: undo the soft line breaks.
            body = quopri.decodestring(text[start:].encode()).decode(errors="replace")
            found = re.search(r"https?://[^\s\"<]+/newsletter/confirm/[^\s\"<]+/", body)
            if found:
                return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"no confirmation mail to {address} in {log}")


def test_a_reader_subscribes_from_the_home_page_and_confirms(reader, site, screenshots):
    page = reader
    page.goto("/")
    form = page.locator("#newsletter-signup")
    expect(form, "home: the newsletter form").to_be_visible()
    address = f"reader-{secrets.token_hex(4)}@example.org"
    page.fill("#newsletter-email", address)
    form.get_by_label("Daily").check()
    form.locator('input[name="sections"]').first.check()
    screenshot(page, screenshots, "newsletter-form")
    form.get_by_role("button", name="Subscribe").click()

    expect(page.locator("main h1"), "after subscribing").to_have_text("Check your inbox")
    assert_page_ok(page, "check your inbox", "subscribe from the home page")

    page.goto(confirmation_link(site.log, address))
    expect(page.locator("main"), "the confirm page names the address").to_contain_text(address)
    assert_page_ok(page, "confirm", "follow the link in the mail")
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.locator("main h1"), "after confirming").to_contain_text("Welcome")
    assert_page_ok(page, "welcome", "confirm the subscription")
