"""Accessibility in Chromium: axe-core on every kind of public page and on every admin page an editor uses,
and the article page and the admin's article form used with the keyboard alone.

Public pages may have no serious or critical axe violation (WCAG 2.1 A/AA and axe's best
practices); lesser ones are listed in the failure message if a serious one fails the test.
Admin pages are held to the same bar; their lesser findings are listed in the run's summary.
"""

import pytest
from playwright.sync_api import expect

from .support import ADMIN_FINDINGS, assert_page_ok, describe_violations, run_axe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BLOCKING = {"serious", "critical"}

# Every focusable thing a reader can reach with Tab, in the document's order.
# A radio group is one Tab stop (its checked radio, else its first); arrow keys move inside it.
FOCUSABLE = """
() => {
  const tabStop = (radio) => {
    const group = [...radio.form.elements].filter((el) => el.type === "radio" && el.name === radio.name);
    return (group.find((el) => el.checked) ?? group[0]) === radio;
  };
  return [...document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])")]
    .filter((el) => !el.disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
    .filter((el) => el.type !== "radio" || !el.form || tabStop(el))
    .map((el, index) => { el.dataset.tabOrder = index; return index; }).length;
}
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


@pytest.fixture(scope="module")
def admin_pages(browser, site):
    """One page of each kind an editor uses, found from the admin's own links; the story edited once so its
    revisions can be compared."""
    context = browser.new_context(base_url=site.url)
    page = context.new_page()
    sign_in(page, site, "editor")
    # A draft: its saves are revisions (a live story's edits wait as pending changes instead).
    page.goto("/admin/articles/article/?state=draft")
    page.locator("#result_list tbody th a").first.click()
    change = page.url.removeprefix(site.url)
    for dek in ("A standfirst edited once.", "A standfirst edited so that the story has two revisions to compare."):
        page.locator("#id_dek").fill(dek)
        page.locator("input[name=_continue]").click()
        expect(page.locator(".messagelist .success"), "change form: saved").to_be_visible()
    page.goto(change.replace("/change/", "/revisions/"))
    compare = page.locator("a[href*='/revisions/diff/']").first
    urls = {
        "desk": "/admin/",
        "calendar": "/admin/articles/article/calendar/",
        "article list": "/admin/articles/article/",
        "add form": "/admin/articles/article/add/",
        "change form": change,
        "revisions": change.replace("/change/", "/revisions/"),
        "diff": compare.get_attribute("href"),
        "image library": "/admin/images/bodyimage/",
        "notifications": "/admin/notifications/notification/",
        "notification choices": "/admin/notifications/notification/preferences/",
    }
    context.close()
    return urls


ADMIN_PAGES = [
    "desk", "calendar", "article list", "add form", "change form", "revisions", "diff", "image library",
    "notifications", "notification choices",
]  # fmt: skip


@pytest.mark.parametrize("kind", ADMIN_PAGES)
def test_admin_page_an_editor_uses_has_no_serious_axe_violation(kind, admin_pages, new_context, site):
    page = new_context(viewport={"width": 1400, "height": 900}).new_page()
    sign_in(page, site, "editor")
    url = admin_pages[kind]
    response = page.goto(url)
    assert response.status == 200, f"admin {kind} page {url}: HTTP {response.status}"
    page.wait_for_load_state("networkidle")
    violations = run_axe(page)
    ADMIN_FINDINGS.extend(f"{kind}: {line}" for line in describe_violations(violations))
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING]
    assert not blocking, f"admin {kind} page {url}: axe-core finds serious or critical problems:\n  " + "\n  ".join(
        describe_violations(blocking)
    )


def test_article_form_by_keyboard_alone(new_context, site):
    """Every field of the article form is reached with Tab, and the editor and autocomplete widgets work from it."""
    page = new_context(viewport={"width": 1400, "height": 900}).new_page()
    sign_in(page, site, "editor")
    page.goto("/admin/articles/article/add/")
    page.locator("#id_title").focus()
    reached = []
    for _ in range(120):
        reached.append(page.evaluate(
            "() => { const el = document.activeElement; return el.closest('.ProseMirror') ? 'body-editor' : "
            "(el.id || el.getAttribute('aria-labelledby') || el.className); }"
        ))  # fmt: skip
        if page.evaluate("() => document.activeElement.name === '_save'"):
            break
        page.keyboard.press("Tab")
    text = " ".join(str(item) for item in reached)
    for expected in ["id_title", "id_slug", "id_dek", "body-editor", "select2-id_section-container", "id_tags",
                     "id_source_name"]:  # fmt: skip
        assert expected in text, f"article add form: Tab never reaches {expected}; reached {reached}"

    # The section's autocomplete: open with Enter, type, choose with Enter.
    page.locator("#id_section + .select2 .select2-selection").focus()
    page.keyboard.press("Enter")
    page.keyboard.type("a")
    expect(page.locator(".select2-results__option--highlighted").first, "section search answers").to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#select2-id_section-container"), "section chosen by keyboard").not_to_have_text("---------")
    # The body editor takes typing from the keyboard and keeps its field in step.
    page.locator(".ProseMirror[contenteditable=true]").focus()
    page.keyboard.type("Typed without a mouse.")
    page.locator("#id_title").focus()
    assert "Typed without a mouse." in page.locator("#id_body").input_value()


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

    # The newsletter's other frequency is one arrow key away from the radio Tab reaches.
    page.locator("#newsletter-signup input[name=frequency]:checked").focus()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#newsletter-signup input[name=frequency][value=daily]")).to_be_focused()
    expect(page.locator("#newsletter-signup input[name=frequency][value=daily]")).to_be_checked()
