"""Galleries, video and audio from WordPress become richmedia's blocks, their files fetched through the safe pipeline.

The export (fixtures/media-wxr.xml) reproduces what WordPress's theme-unit-test export holds:
shortcodes and block-editor blocks, files on a host outside wp-content/uploads. The old site
is the local server of conftest.old_site; what cannot be had is reported and left as a link.
"""

import time

import pytest

from articles.models import Article
from images.models import BodyImage
from richmedia.models import MediaFile, MediaKind
from tests.support.wordpress import MEDIA_EXPORT, jpeg, report_value, run_import
from wordpress.models import ImportedAttachment

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 200
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\0" * 99
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 50


@pytest.fixture
def export(old_site, tmp_path):
    """The media export as if the old site and its files host lived at the local server."""
    path = tmp_path / "media.xml"
    text = MEDIA_EXPORT.read_text().replace("https://files.old.example", old_site.base)
    path.write_text(text.replace("https://old.example", old_site.base))
    return path


@pytest.fixture
def served(old_site):
    """Every file the export names, present on the old site."""
    old_site.file("/2008/06/canola.jpg", jpeg("gold", (320, 200)))
    old_site.file("/2008/06/boardwalk.jpg", jpeg("sienna", (320, 200)))
    old_site.file("/2008/06/st-louis-blues.mp3", MP3, "audio/mpeg")
    old_site.file("/2013/12/trial-explained.mp4", MP4, "video/mp4")
    old_site.file("/2013/12/slider.webm", WEBM, "video/webm")
    return old_site


def body(wp_id):
    return Article.objects.get(wordpress_post__wp_post_id=wp_id).body


def body_html(wp_id):
    return Article.objects.get(wordpress_post__wp_post_id=wp_id).body_html


def stored_url(path):
    return f"/media/{ImportedAttachment.objects.get(source_path=path).stored_name}"


def media_for(path):
    return MediaFile.objects.get(file=ImportedAttachment.objects.get(source_path=path).stored_name)


class TestGalleries:
    def test_a_bare_gallery_shortcode_shows_the_pictures_uploaded_to_the_post_in_their_order(self, export, served):
        run_import(export, "--fetch-media")
        first_gallery = body(555).strip().split("</figure></figure>")[0]
        assert first_gallery.startswith('<figure data-gallery="">')
        # Boardwalk is first in WordPress's menu order; the post's sound file is no picture.
        assert first_gallery.index(stored_url("2008/06/boardwalk.jpg")) < first_gallery.index(
            stored_url("2008/06/canola.jpg")
        )
        assert "<figcaption>Boardwalk at Westport, WA</figcaption>" in first_gallery
        assert "st-louis-blues" not in first_gallery

    def test_a_gallery_naming_an_attachment_not_in_the_export_keeps_the_others_and_reports_it(self, export, served):
        output = run_import(export, "--fetch-media")
        assert body(555).count('<figure data-gallery="">') == 2
        assert "post 555: gallery image 799 is not in the export" in output

    def test_block_editor_galleries_of_both_layouts_keep_their_captions(self, export, served):
        run_import(export, "--fetch-media")
        stored = body(1752)
        assert stored.count('<figure data-gallery="">') == 2
        assert f'<img src="{stored_url("2008/06/canola.jpg")}" alt="Canola field"><figcaption>Canola in bloom' in stored
        assert "<figcaption>Lorem ipsum,\ndolor sit amet.</figcaption>" in stored
        assert "<p><em>(gallery caption)</em> 2 columns</p>" in stored

    def test_readers_get_a_grid_of_responsive_pictures(self, export, served):
        run_import(export, "--fetch-media")
        page = body_html(1752)
        assert page.count('<figure class="gallery"') == 2 and "srcset=" in page and 'data-gallery=""' not in page

    def test_each_picture_is_fetched_once_however_many_galleries_show_it(self, export, served):
        run_import(export, "--fetch-media")
        run_import(export, "--fetch-media")
        assert served.requests["/2008/06/canola.jpg"] == 1
        assert served.requests["/2008/06/boardwalk.jpg"] == 1

    def test_without_the_files_a_gallery_is_a_list_of_links_and_every_picture_is_reported(self, export, served):
        output = run_import(export)
        assert "data-gallery" not in body(555)
        assert f'<a href="{served.base}/2008/06/canola.jpg"' in body(555)
        assert "post 555: gallery image 2008/06/canola.jpg: no --media-dir given" in output
        assert not served.requests


class TestVideoAndAudio:
    def test_an_audio_shortcode_becomes_our_own_audio_player(self, export, served):
        run_import(export, "--fetch-media")
        audio = media_for("2008/06/st-louis-blues.mp3")
        assert (audio.kind, audio.content_type) == (MediaKind.AUDIO, "audio/mpeg")
        assert f'<figure data-media="{audio.pk}"></figure>' in body(555)
        assert '<audio controls preload="none"' in body_html(555)

    def test_a_video_shortcode_becomes_a_video_player_with_its_poster_from_the_picture_library(self, export, served):
        run_import(export, "--fetch-media")
        video = media_for("2013/12/trial-explained.mp4")
        assert video.kind == MediaKind.VIDEO
        assert video.poster == BodyImage.objects.get(
            file=ImportedAttachment.objects.get(source_path="2008/06/canola.jpg").stored_name
        )
        assert '<video controls preload="none"' in body_html(555) and "poster=" in body_html(555)

    def test_video_blocks_keep_their_caption_and_the_same_file_is_stored_once(self, export, served):
        run_import(export, "--fetch-media")
        video = media_for("2013/12/trial-explained.mp4")
        assert f'<figure data-media="{video.pk}"><figcaption>This is a video block caption.</figcaption>' in body(1752)
        assert MediaFile.objects.count() == 3  # the MP4 (shortcode and block), the WebM, the MP3
        assert served.requests["/2013/12/trial-explained.mp4"] == 1
        assert media_for("2013/12/slider.webm").content_type == "video/webm"

    def test_a_third_partys_file_is_linked_never_fetched(self, export, served):
        output = run_import(export, "--fetch-media")
        assert '<a href="https://upload.example/commons/Armstrong_Small_Step.ogg"' in body(1752)
        assert "Armstrong_Small_Step.ogg: not a file of the old site, left as a link" in output

    def test_a_quicktime_movie_is_not_taken_for_mp4_and_stays_a_link(self, export, served):
        export.write_text(export.read_text().replace("slider.webm", "slider.mov"))
        served.file(
            "/2013/12/slider.mov", b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + bytes(200), "video/quicktime"
        )
        output = run_import(export, "--fetch-media")
        assert "video 2013/12/slider.mov: This is not an MP4 or WebM video" in output
        assert f'<a href="{served.base}/2013/12/slider.mov"' in body(1752)

    def test_published_stories_list_the_transcripts_they_still_need(self, export, served):
        output = run_import(export, "--fetch-media")
        assert "a transcript for “st louis blues”" in output

    def test_files_from_the_media_folder_need_no_download(self, export, served, tmp_path):
        uploads = tmp_path / "uploads" / "2008" / "06"
        uploads.mkdir(parents=True)
        (uploads / "st-louis-blues.mp3").write_bytes(MP3)
        run_import(export, "--media-dir", str(tmp_path / "uploads"))
        assert f'<figure data-media="{media_for("2008/06/st-louis-blues.mp3").pk}">' in body(555)
        assert not served.requests

    def test_a_second_run_changes_nothing(self, export, served):
        run_import(export, "--fetch-media")
        second = run_import(export, "--fetch-media")
        assert report_value(second, "unchanged") == 2 and MediaFile.objects.count() == 3

    def test_a_dry_run_stores_no_file(self, export, served):
        run_import(export, "--fetch-media", "--dry-run")
        assert not MediaFile.objects.exists()


class TestHostileFiles:
    def test_a_video_that_is_really_html_is_refused_and_left_as_a_link(self, export, served):
        served.file("/2013/12/slider.webm", b"<!doctype html><html><script>alert(1)</script></html>", "video/webm")
        output = run_import(export, "--fetch-media")
        assert "video 2013/12/slider.webm: This is not an MP4 or WebM video or an MP3 audio file" in output
        assert f'<a href="{served.base}/2013/12/slider.webm"' in body(1752)
        assert not ImportedAttachment.objects.filter(source_path="2013/12/slider.webm").exists()
        assert "<script" not in body_html(1752)

    def test_a_refused_file_shown_by_two_posts_is_fetched_once(self, export, served):
        served.file("/2013/12/trial-explained.mp4", b"<html>" + bytes(300), "video/mp4")
        output = run_import(export, "--fetch-media")
        assert output.count("video 2013/12/trial-explained.mp4: This is not an MP4") == 2  # posts 555 and 1752
        assert served.requests["/2013/12/trial-explained.mp4"] == 1

    def test_a_redirect_to_the_loopback_address_is_refused(self, export, served):
        served.redirect("/2013/12/trial-explained.mp4", "http://127.0.0.1:9/video.mp4")
        output = run_import(export, "--fetch-media")
        assert "video 2013/12/trial-explained.mp4: could not be fetched" in output
        assert "127.0.0.1 is not a public address" in output
        assert "data-media" not in body(1752).split("This is a video block caption.")[0].rsplit("<p>", 1)[-1]
        assert f'<a href="{served.base}/2013/12/trial-explained.mp4"' in body(1752)

    def test_a_two_gigabyte_attachment_is_refused_before_it_is_read(self, export, served):
        served.claims_size("/2013/12/trial-explained.mp4", 2 * 1024**3)
        started = time.monotonic()
        output = run_import(export, "--fetch-media")
        assert "2,147,483,648 bytes announced, more than the" in output
        assert time.monotonic() - started < 15
        assert not ImportedAttachment.objects.filter(source_path="2013/12/trial-explained.mp4").exists()

    def test_a_video_larger_than_richmedias_upload_limit_is_refused(self, export, served, settings):
        settings.RICHMEDIA_MAX_UPLOAD_BYTES = 100
        output = run_import(export, "--fetch-media")
        assert "2013/12/trial-explained.mp4: could not be fetched" in output and "more than the 100 allowed" in output

    def test_a_script_address_is_neither_fetched_nor_linked(self, export, served):
        export.write_text(
            export.read_text().replace(f'mp4="{served.base}/2013/12/trial-explained.mp4"', 'mp4="javascript:alert(1)"')
        )
        output = run_import(export, "--fetch-media")
        assert "video javascript:alert(1): not a file of the old site" in output
        assert "javascript:" not in body(555) and "javascript:" not in body_html(555)
