"""The body diff shows structure (headings, lists, links, figures, formatting); other fields read as written."""

from editorial import diff, structure_diff

HEADING_AND_TEXT = "<h2>Side effects</h2><p>Most people feel fine after the shot.</p>"


def body_row(old_body, new_body):
    (row,) = diff.compare({"body": old_body}, {"body": new_body})
    return str(row[1])


def test_a_subheading_merged_into_the_paragraph_below_shows_as_a_lost_heading():
    # A triple-click on the heading and typing: the heading's text went into the paragraph.
    html = body_row(HEADING_AND_TEXT, "<p>Side effects Most people feel fine after the shot.</p>")
    assert "Heading 2 removed" in html
    assert "<del>Side effects</del>" in html


def test_the_heading_is_not_taken_for_the_paragraph_its_text_went_into():
    html = body_row(HEADING_AND_TEXT, "<p>Side effects Most people feel fine after the shot.</p>")
    assert "<ins>Side effects </ins>Most people feel fine after the shot." in html
    assert html.index("Heading 2 removed") < html.index("<ins>Side effects")


def test_a_removed_block_reads_before_the_one_added_in_its_place():
    html = body_row("<p>Alpha one.</p><p>Beta two.</p>", "<p>Gamma three.</p><p>Beta two.</p>")
    assert html.index("Paragraph removed") < html.index("Paragraph added")


def test_a_heading_turned_into_a_paragraph_names_both_kinds():
    html = body_row(HEADING_AND_TEXT, "<p>Side effects</p><p>Most people feel fine after the shot.</p>")
    assert "Heading 2 → Paragraph" in html


def test_an_unchanged_block_between_changes_is_context_and_far_ones_are_counted():
    paragraphs = [f"<p>Paragraph {n} says something true.</p>" for n in range(1, 8)]
    changed = [*paragraphs]
    changed[5] = "<p>Paragraph 6 now says something true.</p>"
    html = body_row("".join(paragraphs), "".join(changed))
    assert "Paragraph 6<ins> now</ins> says" in html
    assert "Paragraph 5 says" in html and "Paragraph 7 says" in html  # one block of context either side
    assert "4 unchanged blocks" in html
    assert "Paragraph 1 says" not in html


def test_list_items_quotes_and_table_rows_are_named():
    old = "<ul><li>Sore arm</li><li>Fever</li></ul><blockquote><p>It works.</p></blockquote>"
    new = (
        "<ol><li>Sore arm</li></ol><blockquote><p>It works well.</p></blockquote>"
        "<table><tr><td>Age</td><td>65</td></tr></table>"
    )
    html = body_row(old, new)
    assert "Bulleted item → Numbered item" in html
    assert "Bulleted item removed" in html and "<del>Fever</del>" in html
    assert "Quote" in html and "works<ins> well</ins>." in html
    assert "Table row added" in html and "Age | 65" in html


def test_formatting_alone_is_shown_with_what_it_was_and_is():
    html = body_row("<p>Take it <b>daily</b>.</p>", "<p>Take it <em>daily</em>.</p>")
    assert "<em>daily</em>" in html
    assert "formatting: was bold, now italic" in html


def test_a_changed_link_address_is_shown():
    html = body_row(
        '<p>See <a href="https://old.example/study">the study</a>.</p>',
        '<p>See <a href="https://new.example/study">the study</a>.</p>',
    )
    assert "was link to https://old.example/study, now link to https://new.example/study" in html


def test_a_figure_and_its_image_address_are_shown():
    old = '<figure><img src="/media/a.jpg" alt="A nurse"><figcaption>At the clinic</figcaption></figure>'
    new = '<figure><img src="/media/b.jpg" alt="A nurse"><figcaption>At the clinic</figcaption></figure>'
    html = body_row(old, new)
    assert "Image" in html
    assert "<del>/media/a.jpg</del> → <ins>/media/b.jpg</ins>" in html


def test_markup_the_blocks_do_not_show_still_shows_as_markup():
    html = body_row('<p><img src="/a.jpg" alt="x" width="10"></p>', '<p><img src="/a.jpg" alt="x" width="20"></p>')
    assert "width=&quot;" in html and "<del>" in html


def test_a_hostile_body_is_only_ever_escaped_text_in_our_own_tags():
    hostile = (
        '<p onclick="alert(1)">Hi <a href="javascript:alert(2)">there</a><script>alert(3)</script>'
        '<img src=x onerror="alert(4)"></p><style>p{}</style><svg><script>alert(5)</script></svg>'
        "<p>&lt;script&gt;alert(6)&lt;/script&gt;</p></p></li></div>"
    )
    html = body_row("<p>Hi</p>", hostile)
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<a " not in html
    assert "onclick" not in html and "onerror=" not in html
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in html
    assert "[javascript:alert(2)]" in html  # shown as text, never as a link


def test_dates_read_in_the_sites_time_zone_with_the_zone_named(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    rows = dict(
        diff.compare(
            {"published_at": None, "last_reviewed": "2026-11-01"},
            {"published_at": "2026-12-04T09:30:00+00:00", "last_reviewed": "2026-12-03"},
        )
    )
    assert str(rows["Publication time"]) == "<ins>4 Dec 2026, 10:30 CET</ins>"
    assert str(rows["Last reviewed"]) == "<del>1 Nov 2026</del> → <ins>3 Dec 2026</ins>"


def test_status_byline_tags_and_review_read_as_words():
    rows = dict(
        diff.compare(
            {
                "status": "in_review",
                "authors": [{"id": 1, "name": "Ana Ruiz"}, {"id": 2, "name": "Ben Ode"}],
                "tags": ["flu", "vaccines"],
                "reviewed_by": None,
            },
            {
                "status": "approved",
                "authors": [{"id": 2, "name": "Ben Ode"}],
                "tags": ["flu", "masks"],
                "reviewed_by": {"id": 3, "name": "Dr Cho"},
            },
        )
    )
    assert str(rows["Status"]) == "<del>In review</del> → <ins>Approved</ins>"
    assert str(rows["Byline"]) == "<del>Ana Ruiz</del>, Ben Ode"
    assert str(rows["Tags"]) == "flu, <del>vaccines</del>, <ins>masks</ins>"
    assert str(rows["Medically reviewed by"]) == "<ins>Dr Cho</ins>"


def test_blocks_of_reads_kinds_and_marks():
    (heading, paragraph) = structure_diff.blocks_of('<h3>Dose</h3><p>One <strong><a href="/x">shot</a></strong></p>')
    assert heading.kind == "Heading 3" and heading.text == "Dose"
    assert paragraph.tokens[-1] == ("shot", ("bold", "link to /x"))
