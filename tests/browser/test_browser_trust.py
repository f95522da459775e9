"""A reader checks how the site works and owns its mistakes, in Chromium.

Home → About (from the footer) → the corrections page → a corrected story, its notice and
"See what changed" → back to the story → "Report an error", filled in as a person would →
the thank-you page. Then a reviewer's profile and a story whose medical review is overdue.
Every page must raise no console error, failed request or CSP violation, and not scroll
sideways at 390 px.
"""

import time

import pytest
from playwright.sync_api import expect

from .support import assert_no_overflow, assert_page_ok, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NARROW = {"width": 390, "height": 844}
CORRECTED = "CT scans in childhood linked to a small rise in blood cancer risk"


def test_a_reader_finds_who_runs_the_site_every_correction_and_reports_an_error(reader, site, screenshots):
    page = reader
    page.goto("/")
    page.locator("footer").get_by_role("link", name="About Newsroom Health").click()
    expect(page.locator("main h1"), "About page: its title").to_have_text("About Newsroom Health")
    assert_page_ok(page, "about", "follow About from the footer", parts=["main"])

    page.locator("footer").get_by_role("link", name="Corrections", exact=True).click()
    expect(page.locator("#corrections-title"), "corrections page: its heading").to_be_visible()
    assert_page_ok(page, "corrections", "follow Corrections from the footer")
    page.locator("main").get_by_role("link", name=CORRECTED).first.click()

    expect(page.locator("#correction-notice"), "corrected story: the notice at the top").to_contain_text(
        "This story was"
    )
    assert_page_ok(page, "corrected article", "open the corrected story", parts=["article", "corrections"])
    page.get_by_role("link", name="See what changed").click()
    expect(page.locator("main h1"), "change history: its heading").to_have_text("What changed in this story")
    expect(page.locator(".public-version ins").first, "change history: the added words").to_have_text(" multinational")
    assert_page_ok(page, "change history", "follow See what changed")
    screenshot(page, screenshots, "change-history")

    page.go_back()
    page.get_by_role("link", name="Report an error in this story").click()
    assert_page_ok(page, "report an error", "follow Report an error", parts=["main"])
    page.get_by_label("What is wrong?").fill("The second paragraph gives no source for the dose figures.")
    page.get_by_label("Your e-mail (optional)").fill("reader@example.org")
    time.sleep(3.2)  # a person takes a few seconds; a form sent back at once is taken for a script
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator("main h1"), "after sending: the thank-you page").to_have_text("Thank you")
    assert_page_ok(page, "thank you", "send the report")
    page.set_viewport_size(NARROW)
    assert_no_overflow(page, "thank you")


def test_a_reviewers_profile_and_an_overdue_review_are_shown_honestly(reader, site, screenshots):
    page = reader
    page.goto("/article/dopamine-dobutamine-differences/")
    review = page.locator("#medical-review")
    expect(review, "an explainer reviewed over a year ago").to_contain_text("a new review is due")
    assert_page_ok(page, "overdue review", "open the explainer", parts=["article", "medical-review"])
    review.get_by_role("link", name="Samuel Adeyemi").click()
    profile = page.locator("#author-profile")
    expect(profile, "reviewer page: what was verified").to_contain_text("checked in the national medical register")
    expect(profile, "reviewer page: disclosures").to_contain_text("Disclosures of interests")
    assert_page_ok(page, "reviewer", "follow the reviewer's name", parts=["author-profile"])
    page.set_viewport_size(NARROW)
    screenshot(page, screenshots, "reviewer-profile")
    assert_no_overflow(page, "reviewer")
