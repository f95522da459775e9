"""The newsroom's journey in Chromium: a writer writes, an editor returns, schedules and publishes.

A writer signs in and writes a story in the rich-text editor (paragraphs, a bold word, a link,
a heading and a list), uploads a hero image with alt text, takes a tag from the suggestions,
picks a section, a byline and a source, saves and submits it. An editor returns it with a
comment; the writer fixes it and submits again; a second editor opens it; the first editor
saves a change, approves, schedules it a minute ahead, then publishes it now; the second
editor's save is refused with the conflict message and keeps what they typed. Finally an
anonymous reader finds it on the home page, with related stories.
"""

import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from playwright.sync_api import expect

from .support import assert_page_ok, problems_on, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SECTION = "Cardiology"
EXISTING_TAG = "Hypertension"  # carried by several demo stories in Cardiology: related stories follow


def hero_png(path):
    """A real PNG (a gradient, so it is not trivially compressible), as a photographer would upload."""
    image = Image.new("RGB", (1200, 675))
    image.putdata([(x % 256, (x * y) % 256, y % 256) for y in range(675) for x in range(1200)])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def pick_autocomplete(page, field_id, term, choice, what):
    """Choose `choice` in the admin's select2 autocomplete for the <select id=field_id>, by typing `term`."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    option = page.locator(".select2-results__option", has_text=choice).first
    expect(option, f"{what}: the autocomplete offers “{choice}” for “{term}”").to_be_visible()
    option.click()
    expect(page.locator(f"#{field_id} + .select2 .select2-selection__rendered"), what).to_contain_text(choice)


def editor_area(page):
    return page.locator(".ProseMirror[contenteditable=true]")


def menu(page, title):
    return page.locator(f".prose-menubar__button[title='{title}']")


def write_body(page):
    """Type the story in the rich-text editor with the keyboard and its menu bar."""
    area = editor_area(page)
    area.click()
    page.keyboard.type("Clinicians measured blood pressure at home in a trial of 4,000 adults.")
    page.keyboard.press("Enter")
    page.keyboard.type("Readings taken at home were ")
    menu(page, "bold").click()
    page.keyboard.type("lower")
    menu(page, "bold").click()
    page.keyboard.type(" than those taken in the clinic, the study found.")
    page.keyboard.press("Enter")
    # A heading: the block-type dropdown (showing the current type) offers "heading2".
    page.keyboard.type("What the trial means")
    page.locator(".prose-menubar__selected").first.click()
    page.locator(".prose-menubar__option[data-name='heading2']").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    # A list.
    menu(page, "unordered list").click()
    page.keyboard.type("Measure twice a day")
    page.keyboard.press("Enter")
    page.keyboard.type("Keep a written log")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the list
    # A link on the word "protocol".
    page.keyboard.type("The full protocol is public.")
    area.locator("p", has_text="The full protocol is public.").dblclick(position={"x": 60, "y": 5})
    assert page.evaluate("() => window.getSelection().toString()").strip() == "protocol", (
        "editor: double-clicking “protocol” should select that word before linking it"
    )
    menu(page, "insert link").click()
    dialog = page.locator("dialog.prose-editor-dialog[open]")
    dialog.locator("input[name=href]").fill("https://example.org/trial-protocol")
    dialog.get_by_role("button", name="Update").click()
    expect(dialog, "editor: the link dialog closes after Update").to_have_count(0)


def save_and_continue(page, what):
    """Press "Save and continue editing"; fail with the form's own error messages if it was not saved."""
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state("load")
    if not page.locator(".messagelist .success").count():
        errors = page.locator(".errornote, .errors").all_inner_texts()
        raise AssertionError(f"{what}: not saved ({page.url}): {errors}")


def body_html(page):
    return page.locator("#id_body").input_value()


def submit_button(page, label):
    return page.locator("#workflow-actions").get_by_role("button", name=label)


def press_workflow(page, label, what):
    button = submit_button(page, label)
    expect(button, f"{what}: the “{label}” button").to_be_visible()
    button.click()
    page.wait_for_load_state("load")


def state(page):
    return page.locator("#workflow-state")


def article_link(page, title):
    # The list's headline link also carries the standfirst: the title (unique per run) is matched as a prefix.
    return page.locator("#result_list").get_by_role("link", name=title)


def test_writer_editor_journey(new_context, site, tmp_path):
    title = f"Home blood pressure readings beat clinic checks {uuid.uuid4().hex[:6]}"
    writer = new_context().new_page()
    sign_in(writer, site, "writer")

    # --- The writer writes the story ----------------------------------------------------
    writer.goto("/admin/articles/article/add/")
    writer.locator("#id_title").fill(title)
    writer.locator("#id_title").press("End")  # the admin fills the slug in on keyup
    expect(writer.locator("#id_slug"), "add form: the slug follows the title").not_to_have_value("")
    writer.locator("#id_dek").fill("A trial of 4,000 adults found home readings lower and steadier.")
    write_body(writer)
    html = body_html(writer)
    for fragment in ["<strong>lower</strong>", "<h2>What the trial means</h2>", "<ul>", "<li><p>Keep a written log",
                     'href="https://example.org/trial-protocol"']:  # fmt: skip
        assert fragment in html, f"add form, rich-text editor: body should contain {fragment!r}, is {html!r}"
    pick_autocomplete(writer, "id_section", "Cardio", SECTION, "add form, section")
    # Tags: the field suggests existing tags as the writer types (a datalist from the tag-names endpoint).
    tags = writer.locator("#id_tags")
    tags.press_sequentially("hyperten", delay=30)
    suggestion = writer.locator("#id_tags-suggestions option").first
    expect(suggestion, "add form, tags: a suggestion for “hyperten”").to_have_attribute("value", EXISTING_TAG)
    tags.fill(suggestion.get_attribute("value") + ", home monitoring")  # what choosing the suggestion does
    pick_autocomplete(writer, "id_bylines-0-author", "Bea", "Bea Writer", "add form, byline")
    writer.locator("#id_source_name").fill("Journal of Home Medicine")
    writer.locator("#id_source_url").fill("https://example.org/jhm/home-bp")
    writer.locator("#id_hero_image").set_input_files(str(hero_png(tmp_path / "hero.png")))
    writer.locator("#id_hero_alt").fill("A blood pressure cuff on a kitchen table")
    save_and_continue(writer, "add form")
    expect(writer.locator(".messagelist .success"), "add form: saved").to_contain_text("was added successfully")
    expect(state(writer), "new article: a draft").to_have_text("Draft")
    expect(writer.locator("#workflow-ready"), "new article: every publishing check passes").to_be_visible()
    expect(writer.locator(".field-hero_preview img"), "new article: hero preview").to_be_visible()
    assert_page_ok(writer, "article change form (writer)", "save the new article", alt=False)
    press_workflow(writer, "Save and submit for review", "writer's draft")
    expect(state(writer), "after submitting: in review").to_have_text("In review")
    change_url = writer.url

    # --- An editor returns it with a comment -------------------------------------------
    editor = new_context().new_page()
    sign_in(editor, site, "editor")
    editor.goto("/admin/articles/article/?state=in_review")
    expect(article_link(editor, title), "editor's list filtered to In review: the new story").to_be_visible()
    article_link(editor, title).click()
    editor.get_by_label("Comment").fill("Name the trial and add its registration number, please.")
    press_workflow(editor, "Save and return to writer", "editor reviewing")
    expect(state(editor), "after returning: a draft again").to_have_text("Draft")
    expect(editor.locator("#workflow-history"), "history shows the comment").to_contain_text("registration number")

    # --- The writer fixes it and submits again -----------------------------------------
    writer.goto(change_url)
    expect(writer.locator("#workflow-history"), "writer sees the editor's comment").to_contain_text(
        "Name the trial and add its registration number"
    )
    editor_area(writer).locator("p").first.click()
    writer.keyboard.press("End")
    writer.keyboard.type(" The trial is registered as HBP-2026-001.")
    press_workflow(writer, "Save and submit for review", "writer's fixed draft")
    expect(state(writer), "resubmitted: in review").to_have_text("In review")

    # --- A second editor opens it, before the first editor saves --------------------------
    second = new_context().new_page()
    sign_in(second, site, "editor2")
    second.goto(change_url)
    expect(state(second), "second editor's form").to_have_text("In review")

    # --- The first editor edits, approves, schedules, then publishes now ------------------
    editor.goto(change_url)
    expect(editor_area(editor), "editor sees the writer's fix").to_contain_text("HBP-2026-001")
    editor.locator("#id_dek").fill("A trial of 4,000 adults found home readings lower and steadier than clinic ones.")
    # The claims check warns about this story; an editor goes past it with a reason kept in the history.
    editor.get_by_label("Override reason", exact=True).fill("The trial is named and linked in the body.")
    press_workflow(editor, "Save and approve", "editor approving")
    expect(state(editor), "approved").to_have_text("Approved")
    go_live = (datetime.now(UTC) + timedelta(minutes=2)).replace(second=0, microsecond=0)
    editor.get_by_label("Go live at").fill(go_live.strftime("%Y-%m-%dT%H:%M"))
    editor.get_by_label("Override reason", exact=True).fill("The trial is named and linked in the body.")
    press_workflow(editor, "Save and schedule", "editor scheduling")
    expect(state(editor), "scheduled a minute or two ahead").to_contain_text("Scheduled for")

    early = new_context().new_page()
    early.goto("/")
    expect(early.locator("main").get_by_role("link", name=title), "home, while scheduled: not yet").to_have_count(0)

    editor.get_by_label("Override reason", exact=True).fill("The trial is named and linked in the body.")
    press_workflow(editor, "Save and publish now", "editor publishing a scheduled story")
    consequence = editor.locator("#workflow-consequence")
    expect(consequence, "publish now asks first, naming the consequence").to_contain_text("Readers will see it")
    editor.locator("#workflow-confirm-button").click()
    editor.wait_for_load_state("load")
    expect(state(editor), "published").to_have_text("Published")
    expect(editor.locator("#workflow-history"), "history: from the schedule").to_contain_text("Scheduled for")

    # --- Leaving the form with an edit not saved asks first --------------------------------
    editor.locator("#id_dek").press("End")
    editor.keyboard.type(" Not saved.")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    editor.on("dialog", answer)
    editor.goto(change_url)
    editor.remove_listener("dialog", answer)
    assert dialogs == ["beforeunload"], f"leaving with unsaved edits: dialogs {dialogs}"
    assert_page_ok(editor, "article change form (editor)", "publish now", alt=False)

    # --- The second editor's stale save is refused, and keeps what they typed -------------
    editor_area(second).locator("p").first.click()
    second.keyboard.press("End")
    typed = " Second editor's sentence that must survive."
    second.keyboard.type(typed)
    second.get_by_role("button", name="Save and continue editing").click()
    second.wait_for_load_state("load")
    conflict = second.locator(".errorlist.nonfield", has_text="since you opened it")
    expect(conflict, "second editor: the conflict message").to_contain_text("Changed by Cam Editor")
    expect(conflict, "second editor: the conflict message").to_contain_text("everything you typed is still below")
    assert second.evaluate("() => document.readyState") == "complete"
    expect(editor_area(second), "second editor after the refusal: their text is still there").to_contain_text(
        typed.strip()
    )
    assert typed.strip() in body_html(second), "second editor after the refusal: the form still holds their text"
    refused = [text for text in problems_on(second) if "409" not in text]
    assert not refused, f"second editor's refused save: unexpected errors {refused}"

    # --- A reader finds it on the home page, with related stories ----------------------------
    # A new visitor: the first reader's browser may keep its copy of home for max-age (60 s), as it should.
    anonymous = new_context().new_page()
    anonymous.goto("/")
    story = anonymous.locator(".lead-story").get_by_role("link", name=title)
    expect(story, "home after publishing: the new story is the lead story").to_be_visible()
    story.click()
    expect(anonymous.locator("#article h1"), "new story's page").to_have_text(title)
    expect(anonymous.locator("#article .article__body strong"), "new story: the bold word").to_have_text("lower")
    expect(anonymous.locator("#article .article__body h2"), "new story: the heading").to_have_text(
        "What the trial means"
    )
    expect(anonymous.locator("#article .article__body li"), "new story: the list").to_have_count(2)
    expect(anonymous.locator("#related-stories li").first, "new story: related stories").to_be_visible()
    expect(anonymous.locator("#article .article__hero img"), "new story: hero image alt").to_have_attribute(
        "alt", "A blood pressure cuff on a kitchen table"
    )
    assert_page_ok(
        anonymous,
        "new article",
        "open the published story from home",
        parts=["article", "related-stories", "latest-stories", "source", "disclaimer", "tags"],
    )


def test_sanitizer_strips_pasted_img_onerror(new_context, site):
    """A pasted <img onerror> never runs: the editor drops it (CSP blocks its handler meanwhile), and the
    server's sanitizer strips the handler from a body posted raw, which the editor cannot filter."""
    title = f"Pasted content check {uuid.uuid4().hex[:6]}"
    writer = new_context().new_page()
    sign_in(writer, site, "writer")
    writer.goto("/admin/articles/article/add/")
    writer.locator("#id_title").fill(title)
    writer.locator("#id_title").press("End")
    pick_autocomplete(writer, "id_section", "Cardio", SECTION, "add form, section")
    area = editor_area(writer)
    area.click()
    writer.keyboard.type("Typed first.")
    # 1. A paste, as from a web page: a real ClipboardEvent carrying text/html.
    writer.evaluate(
        """(html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Pasted text");
            document.querySelector(".ProseMirror[contenteditable=true]").dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        '<p>Pasted <img src="x" onerror="window.__pwned = 1">text</p>',
    )
    expect(area, "add form: the pasted text arrives in the editor").to_contain_text("Pasted")
    assert "onerror" not in body_html(writer), "add form: the editor should drop a pasted image's onerror handler"
    # While parsing the paste, the editor builds the <img> in this document and its onerror fires: the
    # CSP (no inline handlers) is what stops it here. That refusal is the one thing allowed to be reported.
    assert writer.evaluate("() => window.__pwned") is None, "add form: the pasted onerror handler ran"
    unexpected = [text for text in problems_on(writer) if "script-src" not in text]
    assert not unexpected, f"add form after the paste: {unexpected}"
    # 2. What the editor cannot filter: a raw post (a script, an old client) with the handler in the body.
    writer.evaluate(
        """() => { document.querySelector("#id_body").value =
            '<p>Raw post</p><img src="/static/img/logo.png" alt="Logo" onerror="window.__pwned = 1">'; }"""
    )
    save_and_continue(writer, "add form with a hostile body")
    preview = writer.locator("#content .object-tools").get_by_role("link", name="Preview")
    preview_url = preview.get_attribute("href")
    writer.goto(preview_url)
    image = writer.locator(".article__body img")
    expect(image, "preview: the posted image is kept").to_have_count(1)
    assert image.get_attribute("onerror") is None, "preview: the sanitizer should strip onerror from the body"
    assert writer.evaluate("() => window.__pwned") is None, "preview: no handler from the body ran"
    assert_page_ok(writer, "preview", "open the preview of the sanitized article", parts=["article"])
