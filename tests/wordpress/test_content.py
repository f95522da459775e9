"""WordPress post content → Newsroom body: captions, shortcodes, paragraphs; and where upload files may come from."""

import pytest

from articles.sanitize import sanitize_html
from wordpress.content import autop, convert_content, derive_dek, plain_text
from wordpress.media import MediaError, MediaLibrary, uploads_path


def body(raw):
    return sanitize_html(convert_content(raw).html)


class TestCaptions:
    def test_caption_with_text_after_the_image(self):
        html = body(
            '[caption id="attachment_1" width="300"]<img src="/a.jpg" alt="A" /> The <em>caption</em>[/caption]'
        )
        assert (
            html.strip() == '<figure><img src="/a.jpg" alt="A"><figcaption>The <em>caption</em></figcaption></figure>'
        )

    def test_old_style_caption_attribute(self):
        html = body('[caption id="attachment_1" caption="Old style"]<img src="/a.jpg" alt="A" />[/caption]')
        assert "<figcaption>Old style</figcaption>" in html

    def test_linked_image_keeps_its_link(self):
        html = body('[caption]<a href="/big.jpg"><img src="/a.jpg" alt="A"></a>Text[/caption]')
        assert html.startswith('<figure><a href="/big.jpg" rel="noopener noreferrer"><img src="/a.jpg" alt="A"></a>')
        assert "<figcaption>Text</figcaption>" in html

    def test_text_around_a_caption_stays_in_paragraphs(self):
        html = body('Before.\n\n[caption]<img src="/a.jpg" alt="A"> Cap[/caption]\n\nAfter.')
        assert html == (
            '<p>Before.</p>\n<figure><img src="/a.jpg" alt="A"><figcaption>Cap</figcaption></figure>\n<p>After.</p>\n'
        )


class TestShortcodes:
    @pytest.mark.parametrize(
        ("raw", "expected", "removed"),
        [
            ('[contact-form-7 id="12" title="Contact"]', "", 1),
            ("[foo /]", "", 1),
            ("[box]Inside text[/box]", "Inside text", 1),
            ("[vc_row][vc_column]Words[/vc_column][/vc_row]", "Words", 2),
            ("[[gallery]]", "[gallery]", 0),
            ("A finding [1] and [2, 3].", "A finding [1] and [2, 3].", 0),
            ("He said [sic] it.", "He said [sic] it.", 0),
            ("[Editor's note: updated]", "[Editor's note: updated]", 0),
        ],
    )
    def test_removed_or_kept(self, raw, expected, removed):
        converted = convert_content(raw)
        assert plain_text(converted.html) == expected
        assert converted.shortcodes_removed == removed

    def test_embed_keeps_its_address_as_a_link(self):
        html = body("[embed]https://video.example/watch?v=1[/embed]")
        assert '<a href="https://video.example/watch?v=1" rel="noopener noreferrer">' in html


class TestGalleriesVideoAndAudioAreSetAside:
    """wordpress.media_markup: each becomes a placeholder the post's files resolve (test_media_blocks)."""

    def test_shortcodes_and_blocks_become_placeholders_with_what_they_show(self):
        converted = convert_content(
            '[gallery ids="3,1"]\n\n[audio mp3="https://old.example/a.mp3"]\n\n'
            '[video src="https://old.example/b.webm" poster="https://old.example/b.jpg"][/video]'
        )
        blocks = list(converted.media.values())
        assert [block.ids for block in blocks[:1]] == [["3", "1"]]
        assert [(block.kind, block.url, block.poster) for block in blocks[1:]] == [
            ("audio", "https://old.example/a.mp3", ""),
            ("video", "https://old.example/b.webm", "https://old.example/b.jpg"),
        ]
        assert converted.html.count("data-wp-block=") == 3 and converted.shortcodes_removed == 0

    def test_a_video_shortcode_of_a_provider_link_is_an_embed(self):
        assert 'data-embed="youtube"' in body("[video]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/video]")

    def test_an_escaped_gallery_stays_text(self):
        assert convert_content("[[gallery]]").media == {}

    def test_a_placeholder_written_in_the_post_names_nothing_of_ours(self):
        converted = convert_content('<figure data-wp-block="0-0"></figure>[gallery]')
        assert "0-0" not in converted.media and len(converted.media) == 1


class TestLinksAndComments:
    def test_a_url_alone_on_its_line_becomes_a_link(self):
        html = body("Watch this:\n\nhttps://video.example/watch?v=1&amp;t=2\n\nThen read on.")
        assert '<p><a href="https://video.example/watch?v=1&amp;t=2" rel="noopener noreferrer">' in html

    def test_more_and_nextpage_comments_leave_no_empty_paragraph(self):
        assert body("Intro.\n\n<!--more-->\n\nRest.<!--nextpage-->") == "<p>Intro.</p>\n<p>Rest.</p>\n"


class TestEmbeds:
    """Links WordPress embedded become the body editor's embed blocks when the provider table knows them."""

    YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    BLOCK = (
        '<figure data-embed="youtube" data-embed-id="dQw4w9WgXcQ" '
        'data-embed-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ">'
    )

    def test_an_embed_shortcode_of_a_known_provider_becomes_an_embed_block(self):
        assert self.BLOCK in body(f"Watch:\n\n[embed]{self.YOUTUBE}[/embed]\n\nThen read on.")

    def test_a_known_link_alone_on_its_line_becomes_an_embed_block(self):
        html = body(f"Watch:\n\n{self.YOUTUBE}\n\nThen read on.")
        assert self.BLOCK in html and "<p>Then read on.</p>" in html

    def test_a_block_editor_embed_keeps_its_caption(self):
        raw = (
            '<!-- wp:embed {"url":"x"} --><figure class="wp-block-embed is-provider-youtube wp-block-embed-youtube">'
            f'<div class="wp-block-embed__wrapper">\n{self.YOUTUBE}\n</div>'
            "<figcaption>The trial, explained</figcaption></figure><!-- /wp:embed -->"
        )
        assert self.BLOCK + "<figcaption>The trial, explained</figcaption></figure>" in body(raw)

    def test_a_block_editor_embed_of_an_unknown_provider_is_a_link_and_its_caption(self):
        raw = (
            '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">https://video.example/1</div>'
            "<figcaption>Our clip</figcaption></figure>"
        )
        html = body(raw)
        assert '<a href="https://video.example/1" rel="noopener noreferrer">' in html and "<p>Our clip</p>" in html
        assert "data-embed" not in html

    def test_a_script_url_never_becomes_an_embed(self):
        assert "data-embed" not in body("[embed]https://www.youtube.com/watch?v=<script>[/embed]")


class TestParagraphs:
    def test_blank_lines_make_paragraphs_and_single_breaks_br(self):
        assert autop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n"

    def test_block_elements_are_not_wrapped(self):
        html = autop("Intro\n\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n\n<h2>Title</h2>\nText")
        assert "<p><ul>" not in html and "<p><h2>" not in html
        assert "<h2>Title</h2>" in html and "<li>a</li>" in html and "<p>Text</p>" in html

    def test_preformatted_text_is_untouched(self):
        assert "<pre>a\n\nb</pre>" in autop("x\n\n<pre>a\n\nb</pre>")

    def test_block_editor_content_keeps_its_own_paragraphs(self):
        raw = "<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->"
        assert body(raw).strip() == "<p>One</p>"

    def test_windows_line_endings(self):
        assert autop("One\r\n\r\nTwo") == "<p>One</p>\n<p>Two</p>\n"


class TestPlainText:
    def test_entities_and_tags_become_plain_text(self):
        assert plain_text("Statins &amp; the heart: what&#8217;s <b>new</b>") == "Statins & the heart: what’s new"

    def test_double_encoded_entities(self):
        assert plain_text("Q&amp;amp;A") == "Q&A"

    def test_dek_from_excerpt_or_first_paragraph(self):
        assert derive_dek("An <i>excerpt</i>", "<p>Body</p>") == "An excerpt"
        assert derive_dek("", "<p>First para.</p><p>Second.</p>") == "First para."
        assert derive_dek("", "<p>" + "word " * 60 + "</p>").endswith("…")


class TestUploadPaths:
    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            ("https://old.example/wp-content/uploads/2024/03/a.jpg", "2024/03/a.jpg"),
            ("/wp-content/uploads/2024/03/a%20b.jpg?ver=2#x", "2024/03/a b.jpg"),
            ("https://old.example/wp-content/uploads/sites/2/2024/03/a.jpg", "sites/2/2024/03/a.jpg"),
            ("2024/03/a.jpg", "2024/03/a.jpg"),
            ("https://old.example/wp-content/uploads/../../etc/passwd", ""),
            ("../secret.jpg", ""),
            ("https://elsewhere.example/image.jpg", ""),
        ],
    )
    def test_uploads_path(self, url, expected):
        assert uploads_path(url) == expected

    def test_files_outside_the_media_folder_are_never_read(self, tmp_path):
        (tmp_path / "uploads").mkdir()
        (tmp_path / "outside.jpg").write_bytes(b"x")
        (tmp_path / "uploads" / "link.jpg").symlink_to(tmp_path / "outside.jpg")
        library = MediaLibrary(tmp_path / "uploads")
        assert library.locate("link.jpg") == (None, "link.jpg")

    @pytest.mark.django_db
    def test_a_file_that_is_not_an_image_is_refused(self, tmp_path):
        (tmp_path / "fake.jpg").write_text("<html><script>alert(1)</script></html>")
        with pytest.raises(MediaError, match="not a readable image"):
            MediaLibrary(tmp_path).store("fake.jpg")
