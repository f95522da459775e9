"""Rich media in Chromium: a writer pastes a YouTube link, a reader sees a facade that loads nothing until pressed.

Every request the pages make outside the test server is recorded and refused (no test touches
the internet), so "nothing loads from YouTube" is what the browser did, not what the markup says.
"""

import uuid

import pytest
from playwright.sync_api import expect

from .support import assert_no_overflow, assert_page_ok, problems_on, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEMO_STORY = "/article/measles-catch-up-vaccination/"
PASTED = "https://youtu.be/aqz-KE-bpKQ"
PASTE = """
(url) => {
  const data = new DataTransfer();
  data.setData("text/plain", url);
  const area = document.querySelector(".ProseMirror[contenteditable=true]");
  area.focus();
  area.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}
"""


def offline(page, site):
    """Refuse every request away from the test server; return the list of refused addresses."""
    refused = []

    def route(route):
        if route.request.url.startswith(site.url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return refused


def pick_section(page, term, choice):
    page.locator("#id_section + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=choice).first.click()
    expect(page.locator("#id_section + .select2 .select2-selection__rendered")).to_contain_text(choice)


def facade(page):
    return page.locator("#article .embed__facade").first


@pytest.mark.parametrize("width", [390, 1280])
def test_a_reader_sees_a_facade_that_loads_nothing_until_pressed(new_context, site, screenshots, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    refused = offline(page, site)
    page.goto(DEMO_STORY)
    expect(facade(page), "demo story: the video's facade").to_be_visible()
    expect(facade(page)).to_contain_text("Catch-up vaccination")
    expect(facade(page)).to_contain_text("YouTube")
    expect(facade(page), "without the player: a link to the original").to_have_attribute(
        "href", "https://www.youtube.com/watch?v=Nr9YVIJmSHI"
    )
    assert page.locator("#article iframe").count() == 0
    assert_page_ok(page, "demo video story", f"open at {width} px")
    assert_no_overflow(page, "demo video story")
    screenshot(page, screenshots, "richmedia-embed-facade")
    assert refused == [], f"the page asked for {refused} before the reader pressed play"

    facade(page).click()
    player = page.locator("#article iframe.embed__player")
    expect(player, "pressing play puts the provider's player in place").to_be_visible()
    assert player.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/Nr9YVIJmSHI")
    assert "allow-scripts" in player.get_attribute("sandbox")
    assert "autoplay" in player.get_attribute("allow")
    page.wait_for_timeout(300)
    assert [url for url in refused if not url.startswith("https://www.youtube-nocookie.com/")] == []
    violations = page.evaluate("() => window.__cspViolations || []")
    assert violations == [], f"the CSP refused the player: {violations}"
    problems_on(page)  # the refused player's own load failure is expected here: no internet in tests


def test_without_javascript_the_facade_is_a_plain_link(new_context, site):
    page = new_context(java_script_enabled=False).new_page()
    refused = offline(page, site)
    page.goto(DEMO_STORY)
    link = facade(page)
    expect(link).to_be_visible()
    assert link.evaluate("(a) => a.tagName") == "A"
    assert refused == []


def test_a_writer_pastes_a_youtube_link_and_it_becomes_an_embed_block(new_context, site):
    writer = new_context().new_page()
    refused = offline(writer, site)
    sign_in(writer, site, "writer")
    writer.goto("/admin/articles/article/add/")
    writer.locator("#id_title").fill(f"Embed journey {uuid.uuid4().hex[:6]}")
    writer.locator("#id_title").press("End")
    writer.locator("#id_dek").fill("A story with a video.")
    pick_section(writer, "Cardio", "Cardiology")
    editor = writer.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    writer.keyboard.type("Watch the explainer:")
    writer.keyboard.press("Enter")
    writer.evaluate(PASTE, PASTED)
    card = editor.locator("figure.richmedia-embed-card")
    expect(card, "the pasted link becomes an embed block").to_contain_text("youtube embed")
    body = writer.locator("#id_body").input_value()
    assert 'data-embed="youtube"' in body and 'data-embed-id="aqz-KE-bpKQ"' in body, body
    # An unknown link stays a link.
    writer.evaluate(PASTE, "https://example.org/trial-report")
    expect(editor.locator("a[href='https://example.org/trial-report']")).to_be_visible()
    writer.get_by_role("button", name="Save and continue editing").click()
    writer.wait_for_load_state("load")
    expect(writer.locator(".messagelist .success"), "the story is saved").to_be_visible()
    expect(writer.locator(".ProseMirror figure.richmedia-embed-card"), "the block survives a save").to_be_visible()
    assert 'data-embed-url="https://youtu.be/aqz-KE-bpKQ"' in writer.locator("#id_body").input_value()
    assert_page_ok(writer, "article change form with an embed", "save", alt=False)
    assert refused == []


def figure_dialog(page):
    page.locator(".prose-menubar__button[title='figure']").click()
    dialog = page.locator("dialog[open]")
    expect(dialog, "the figure dialog").to_be_visible()
    return dialog


def test_a_writer_uploads_then_picks_an_image_into_the_body(new_context, site, tmp_path):
    from PIL import Image

    photo = tmp_path / "ward.png"
    Image.new("RGB", (1200, 800), (30, 110, 170)).save(photo)
    writer = new_context().new_page()
    refused = offline(writer, site)
    sign_in(writer, site, "writer")
    writer.goto("/admin/articles/article/add/")
    writer.locator(".ProseMirror[contenteditable=true]").click()
    writer.keyboard.type("Inside the night shift.")

    # Upload there and then: the picker stores it through the pipeline and hands it back.
    dialog = figure_dialog(writer)
    with writer.expect_popup() as popup_info:
        dialog.get_by_role("button", name="Browse...").click()
    picker = popup_info.value
    expect(picker.locator("#image-picker"), "the image picker window").to_be_visible()
    picker.locator("#id_file").set_input_files(str(photo))
    picker.locator("#id_alt").fill("A hospital ward at night")
    picker.locator("#id_caption").fill("The night shift on ward 7.")
    picker.locator("#id_credit").fill("Photo: Newsroom Health")
    # Storing the picture makes its renditions first: slow on a busy machine. Listen before
    # clicking: the window may close before a wait begun after the click would start listening.
    with picker.expect_event("close", timeout=60_000):
        picker.get_by_role("button", name="Upload and insert").click()
    expect(dialog.locator("input[name=altText]")).to_have_value("A hospital ward at night")
    assert dialog.locator("input[name=imageUrl]").input_value().startswith("/media/body/")
    dialog.get_by_role("button", name="Insert").click()
    html = writer.locator("#id_body").input_value()
    assert '<img src="/media/body/' in html and 'alt="A hospital ward at night"' in html, html
    assert "The night shift on ward 7. Photo: Newsroom Health" in html, html

    # Pick from the library: search, then choose the picture.
    writer.locator(".ProseMirror[contenteditable=true] p", has_text="Inside the night shift.").click()
    writer.keyboard.press("End")
    writer.keyboard.press("Enter")
    dialog = figure_dialog(writer)
    with writer.expect_popup() as popup_info:
        dialog.get_by_role("button", name="Browse...").click()
    picker = popup_info.value
    picker.locator("#id_q").fill("ward")
    picker.get_by_role("button", name="Search").click()
    choice = picker.locator(".image-picker__choose", has_text="A hospital ward at night").first
    expect(choice, "the search finds the uploaded picture").to_be_visible()
    assert_page_ok(picker, "image picker", "search", alt=False)
    # Choosing closes the picker window: its closing during the click is the expected outcome.
    choice.click(no_wait_after=True)
    expect(dialog.locator("input[name=altText]")).to_have_value("A hospital ward at night")
    dialog.get_by_role("button", name="Insert").click()
    assert writer.locator("#id_body").input_value().count('alt="A hospital ward at night"') == 2
    assert refused == []


@pytest.mark.parametrize("width", [390, 1280])
def test_a_gallery_opens_a_larger_view_from_the_keyboard(new_context, site, screenshots, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    refused = offline(page, site)
    page.goto(DEMO_STORY)
    openers = page.locator("#article .gallery .gallery__open")
    expect(openers, "the gallery's three pictures").to_have_count(3)
    assert_page_ok(page, "demo gallery story", f"open at {width} px")
    assert_no_overflow(page, "demo gallery story")
    screenshot(page, screenshots, "richmedia-gallery")
    openers.first.focus()
    page.keyboard.press("Enter")
    viewer = page.locator("#gallery-viewer")
    expect(viewer, "Enter opens the larger view").to_be_visible()
    expect(viewer.locator(".gallery-viewer__count")).to_have_text("Picture 1 of 3")
    first_alt = page.locator("#article .gallery img").first.get_attribute("alt")
    expect(viewer.locator("img")).to_have_attribute("alt", first_alt)
    page.keyboard.press("ArrowRight")
    expect(viewer.locator(".gallery-viewer__count")).to_have_text("Picture 2 of 3")
    expect(viewer.locator(".gallery-viewer__caption")).to_contain_text("Pharmacies offer missed doses")
    page.keyboard.press("Escape")
    expect(viewer, "Escape closes it").to_be_hidden()
    assert page.evaluate("() => document.activeElement.classList.contains('gallery__open')"), "focus goes back"
    assert_page_ok(page, "demo gallery story", "after the larger view")
    assert refused == []
