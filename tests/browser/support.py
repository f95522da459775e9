"""What every browser test checks on every page: errors, CSP, images, layout; signing in; axe-core.

`watch_context` records, for each page of a browser context, console errors, uncaught
exceptions, failed requests, HTTP errors of sub-resources and CSP violations (the latter
through an init script listening to `securitypolicyviolation`, which runs before any of the
page's own scripts). `assert_page_ok` then fails with the page's name, the step and each
problem in words.
"""

import json
from pathlib import Path

from playwright.sync_api import expect

# The `securitypolicyviolation` event is fired on the document; record it where the test can read it.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile || "?"}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "(inline)"} at ${where}`);
});
"""

# Load every image (lazy ones too), then list those that did not load or have no alt text.
IMAGE_PROBLEMS = """
async (checkAlt) => {
  const images = [...document.images];
  for (const image of images) image.loading = "eager";
  await Promise.all(images.map((image) => image.decode().catch(() => null)));
  const problems = [];
  for (const image of images) {
    const where = image.currentSrc || image.src;
    if (!image.complete || image.naturalWidth === 0) problems.push(`image did not load: ${where}`);
    const alt = image.getAttribute("alt");
    const hidden = image.closest("[aria-hidden=true]") || image.getAttribute("role") === "presentation";
    const decorative = alt === "" && hidden;
    if (checkAlt && (alt === null || (!alt.trim() && !decorative))) problems.push(`image without alt text: ${where}`);
  }
  return problems;
}
"""

OVERFLOW = """
() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 5)
    .map((el) => {
      const classes = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim() : "";
      return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes;
    });
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}
"""


class Watch:
    """Problems seen by one browser context, in order, until the test reads them."""

    def __init__(self):
        self.problems = []
        self.allowed_statuses = {}  # url -> status the test expects (e.g. the 404 page itself)

    def take(self):
        problems, self.problems = self.problems, []
        return problems


def watch_context(context):
    watch = Watch()
    context.watch = watch
    context.add_init_script(CSP_RECORDER)

    def on_console(page, message):
        url = message.location.get("url") or page.url
        # The browser's own favicon probe, not the page's: the site has no /favicon.ico (yet).
        if message.type == "error" and not url.endswith("/favicon.ico") and url not in watch.allowed_statuses:
            watch.problems.append(f"console error: {message.text} ({url})")

    def on_request_failed(request):
        # ERR_ABORTED: the page navigated away while it was in flight (a select2 lookup as a form is posted).
        # A CSP block reads ERR_BLOCKED_BY_CSP and is reported.
        if request.failure != "net::ERR_ABORTED":
            watch.problems.append(f"request failed: {request.url} ({request.failure})")

    def on_page(page):
        page.on("console", lambda message: on_console(page, message))
        page.on("pageerror", lambda error: watch.problems.append(f"uncaught exception: {error}"))
        page.on("requestfailed", on_request_failed)

        def on_response(response):
            if response.status >= 400 and watch.allowed_statuses.get(response.url) != response.status:
                watch.problems.append(f"HTTP {response.status} for {response.request.resource_type} {response.url}")

        page.on("response", on_response)

    context.on("page", on_page)
    return watch


def problems_on(page):
    """What has gone wrong on `page` so far: the context's records plus CSP violations in this document."""
    problems = page.context.watch.take()
    violations = page.evaluate("() => window.__cspViolations || []")
    return problems + [f"CSP violation: {text}" for text in violations]


def assert_page_ok(page, name, step, *, parts=(), alt=True):
    """The page `name` (reached at `step`) shows `parts` (element ids), loads every image and has no errors.

    alt=False skips the alt-text check (the admin's own icons are Django's, with alt="").
    """
    where = f"{name} page ({page.url}), step “{step}”"
    for part in parts:
        expect(page.locator(f"#{part}"), f"{where}: #{part} should be visible").to_be_visible()
    problems = page.evaluate(IMAGE_PROBLEMS, alt)
    page.wait_for_load_state("load")
    problems += problems_on(page)
    assert not problems, f"{where}:\n  " + "\n  ".join(problems)


def assert_no_overflow(page, name):
    overflow = page.evaluate(OVERFLOW)
    assert overflow is None, (
        f"{name} page at {page.viewport_size['width']} px: wider than the screen "
        f"(scrollWidth {overflow['scrollWidth']} > clientWidth {overflow['clientWidth']}); widest: {overflow['wide']}"
    )


def screenshot(page, folder: Path, name):
    path = folder / f"{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, site, who):
    """Sign `who` (a key of conftest.STAFF) in to the admin through the login form."""
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(site.username(who))
    page.get_by_label("Password").fill(site.passwords[who])
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name"), f"admin after {who} signs in").to_be_visible()
    expect(page.locator("#user-tools"), f"admin after {who} signs in").to_contain_text(
        site.username(who).split(".")[0].title()
    )


# --- axe-core --------------------------------------------------------------------------------

# axe-core's findings on the admin article form: Django's markup, reported (not failed) at the end of the run.
ADMIN_FINDINGS = []

# Accessibility rules: WCAG 2.x A and AA, plus axe's best practices.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


def axe_script():
    """axe-core's own build, as shipped inside the axe-playwright-python wheel (pinned in requirements-dev)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def run_axe(page):
    """axe-core's violations on `page`. Evaluated through the DevTools protocol, so the page's CSP allows it."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script())
    result = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    return result["violations"]


def describe_violations(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                   for node in violation["nodes"][:4]]  # fmt: skip
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} — {json.dumps(targets)}")
    return lines
