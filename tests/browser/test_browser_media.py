"""Our own video player and the picker's figure in Chromium.

The demo story's video (a real WebM, newsroom/demo/data) is shown with its poster at 390 and
1,280 px, plays, and raises no console or CSP error; a library picture chosen in the image
picker goes into the body as a figure with its caption. Nothing leaves the test server.
"""

import re
import uuid

import pytest
from playwright.sync_api import expect

from .support import assert_no_overflow, assert_page_ok, screenshot, sign_in
from .test_browser_richmedia import DEMO_STORY, figure_dialog, offline

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Muted, as a reader's first press would be allowed to start it anywhere; resolves once frames have played.
PLAY = """
async (video) => {
  video.muted = true;
  await video.play();
  await new Promise((resolve) => setTimeout(resolve, 800));
  return {time: video.currentTime, width: video.videoWidth, error: video.error && video.error.code};
}
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_video_player_block_shows_its_poster_and_plays(new_context, site, screenshots, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    refused = offline(page, site)
    page.goto(DEMO_STORY)
    player = page.locator("#article figure.media-player--video")
    expect(player, "demo story: our own video").to_be_visible()
    expect(player.locator(".media-player__title")).to_have_text("Catch-up doses given, by month")
    video = player.locator("video")
    expect(video, "nothing is downloaded before the reader plays").to_have_attribute("preload", "none")
    assert video.get_attribute("poster").startswith("/media/")
    video.scroll_into_view_if_needed()
    box = video.bounding_box()
    assert 0 < box["width"] <= width and box["height"] > 0, box
    assert_page_ok(page, "demo video story", f"open at {width} px")
    assert_no_overflow(page, "demo video story")
    screenshot(page, screenshots, "richmedia-video-player")

    played = video.evaluate(PLAY)
    assert played["error"] is None and played["width"] == 320 and played["time"] > 0, played
    player.locator(".media-player__transcript summary").click()
    expect(player.locator(".media-player__transcript")).to_contain_text("No narration and no sound.")
    assert_page_ok(page, "demo video story", "after playing the video")
    assert refused == []


def test_a_picture_chosen_in_the_picker_goes_in_as_a_figure_with_its_caption(new_context, site):
    editor = new_context().new_page()
    refused = offline(editor, site)
    sign_in(editor, site, "editor")
    editor.goto("/admin/articles/article/add/")
    editor.locator("#id_title").fill(f"Figure journey {uuid.uuid4().hex[:6]}")
    editor.locator(".ProseMirror[contenteditable=true]").click()
    editor.keyboard.type("Where the doses went.")
    dialog = figure_dialog(editor)
    with editor.expect_popup() as popup_info:
        dialog.get_by_role("button", name="Browse...").click()
    picker = popup_info.value
    picker.locator("#id_q").fill("pharmacy")
    picker.get_by_role("button", name="Search").click()
    choice = picker.locator(".image-picker__choose", has_text="a pharmacy counter").first
    expect(choice, "the demo gallery's picture is in the library").to_be_visible()
    # Choosing closes the picker window: its closing during the click is the expected outcome.
    choice.click(no_wait_after=True)
    expect(dialog.locator("input[name=altText]")).to_have_value("Abstract illustration in greens: a pharmacy counter.")
    dialog.get_by_role("button", name="Insert").click()
    figure = editor.locator(".ProseMirror figure").filter(has=editor.locator("img")).first
    expect(figure, "the picture is a figure in the editor").to_be_visible()
    expect(figure.locator("figcaption")).to_contain_text("Pharmacies offer missed doses without an appointment.")
    html = editor.locator("#id_body").input_value()
    assert re.search(r"<figure\b[^>]*><img [^>]*><figcaption\b[^>]*>Pharmacies offer missed doses", html), html
    assert_page_ok(editor, "article add form with a figure", "insert", alt=False)
    assert refused == []
