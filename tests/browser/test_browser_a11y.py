"""Accessibility in Chromium: axe-core on every kind of public page and on the admin's article form,
and the article page used with the keyboard alone.

Public pages may have no serious or critical axe violation (WCAG 2.1 A/AA and axe's best
practices); lesser ones are listed in the failure message if a serious one fails the test.
The admin is Django's own markup: its findings are reported in the run's summary rather
than failing it.
"""

import pytest
from playwright.sync_api import expect

from .support import ADMIN_FINDINGS, assert_page_ok, describe_violations, run_axe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BLOCKING = {"serious", "critical"}

# Every focusable thing a reader can reach with Tab, in the document's order.
FOCUSABLE = """
() => [...document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])")]
  .filter((el) => !el.disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
  .map((el, index) => { el.dataset.tabOrder = index; return index; }).length
"""


@pytest.fixture(scope="module")
def public_pages(browser, site):
    """URLs of one page of each kind, found by following the site's own links from home."""
    context = browser.new_context(base_url=site.url)
    page = context.new_page()
    page.goto("/")
    page.locator("#latest-stories .story-card__title a").first.click()
    urls = {
        "home": "/",
        "article": page.url,
        "tag": page.locator("#tags a").first.get_attribute("href"),
        "section": page.locator("#article .article__section a").get_attribute("href"),
        "author": page.locator("#article .byline a").first.get_attribute("href"),
        "search": "/search/?q=blood+pressure",
        "404": "/no-such-page/",
    }
    context.close()
    return urls


@pytest.mark.parametrize("kind", ["home", "article", "tag", "section", "author", "search", "404"])
def test_public_page_has_no_serious_axe_violation(kind, public_pages, reader, site):
    page = reader
    url = public_pages[kind]
    if kind == "404":
        page.context.watch.allowed_statuses[site.url + url] = 404
    response = page.goto(url)
    assert response.status == (404 if kind == "404" else 200), f"{kind} page {url}: HTTP {response.status}"
    assert_page_ok(page, kind, f"open {url} for axe", parts=["main"])
    violations = run_axe(page)
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING]
    assert not blocking, f"{kind} page {url}: axe-core finds serious or critical problems:\n  " + "\n  ".join(
        describe_violations(violations)
    )


def test_admin_article_form_axe_findings_are_reported(new_context, site):
    page = new_context().new_page()
    sign_in(page, site, "editor")
    page.goto("/admin/articles/article/?state=published")
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("#article_form"), "admin article change form").to_be_visible()
    violations = run_axe(page)
    ADMIN_FINDINGS.extend(describe_violations(violations) or ["none"])
    assert all(violation["id"] for violation in violations), "axe-core answered without rule ids"


def test_article_page_by_keyboard(reader, public_pages):
    page = reader
    url = public_pages["article"]
    page.goto(url)
    # The skip link is the first stop, shows itself when focused, and moves the focus to the content.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip, f"article page {url}, first Tab: the skip link has the focus").to_be_focused()
    box = skip.bounding_box()
    assert box and box["y"] >= 0, f"article page {url}: the focused skip link is off screen ({box})"
    page.keyboard.press("Enter")
    expect(page.locator("main#main"), f"article page {url}, Enter on the skip link: focus in main").to_be_focused()
    page.keyboard.press("Tab")
    in_main = page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    assert in_main, f"article page {url}: Tab after the skip link should stay in the content"

    # Every interactive element is reached by Tab, once each, in the order it appears on the page.
    page.goto(url)
    total = page.evaluate(FOCUSABLE)
    reached = []
    for _ in range(total + 5):
        page.keyboard.press("Tab")
        order = page.evaluate("() => document.activeElement.dataset.tabOrder ?? null")
        if order is None:
            break  # back to the browser's own controls
        reached.append(int(order))
    missing = sorted(set(range(total)) - set(reached))
    describe = "(missing) => missing.map((i) => document.querySelector(`[data-tab-order='${i}']`).outerHTML)"
    assert not missing, f"article page {url}: {len(missing)} interactive elements never reached with Tab: " + str(
        page.evaluate(describe, missing[:5])
    )
    assert reached == sorted(reached), f"article page {url}: Tab order differs from the reading order: {reached}"
