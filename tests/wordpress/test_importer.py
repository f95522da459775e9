"""`import_wordpress`: what a WordPress export becomes, what is skipped and why, and that running it again is safe."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from articles.models import Article, Status
from articles.workflow import missing_for_publication
from tests.support.factories import make_article, make_disclaimer, make_section
from tests.support.wordpress import HTTPS_11_EXPORT, SITE_EXPORT, make_media_dir, report_value, row_counts, run_import
from wordpress.models import ImportedAttachment, ImportedPost, LegacyRedirect

pytestmark = pytest.mark.django_db


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def article(wp_id):
    return Article.objects.select_related("section").get(wordpress_post__wp_post_id=wp_id)


class TestPublishedPost:
    def test_title_slug_dek_and_dates(self, imported):
        story = article(101)
        assert story.title == "Statins & the heart: what’s new"
        assert story.slug == "statins-and-the-heart"
        assert story.dek == "A short summary & more."
        assert story.status == Status.PUBLISHED
        assert story.published_at == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
        assert story.updated_at == datetime(2024, 3, 6, 10, 0, tzinfo=UTC)
        assert story.is_public

    def test_body_has_paragraphs_and_a_figure_with_its_caption(self, imported):
        body = article(101).body
        assert "<p>Statins lower cholesterol, a large trial found [1].<br>\nDoctors were not surprised.</p>" in body
        assert "<figcaption>Cholesterol fell &amp; stayed low</figcaption></figure>" in body
        inline = ImportedAttachment.objects.get(source_path="2024/03/inline.jpg")
        assert f'<img src="{default_storage.url(inline.stored_name)}" alt="A chart of cholesterol levels"' in body
        assert inline.stored_name.startswith("wordpress/2024/03/")
        assert "<li>Fewer heart attacks</li>" in body
        assert "The end [sic].</p>" in body

    def test_shortcodes_are_removed_and_their_text_kept(self, imported):
        body = article(101).body
        assert "[gallery" not in body and "[su_note" not in body and "[/su_note]" not in body
        assert "<p>Talk to your doctor before stopping any medicine.</p>" in body
        assert report_value(imported, "shortcodes removed") == 1  # the gallery is a gallery block (test_media_blocks)

    def test_content_is_sanitized(self, imported):
        assert "<script" not in article(101).body
        assert "alert" not in article(101).body

    def test_section_tags_author_and_source(self, imported):
        story = article(101)
        assert story.section.name == "Cardiology" and story.section.slug == "cardiology"
        # The second category becomes a tag, beside the post's own tags.
        assert sorted(story.tags.values_list("name", flat=True)) == ["Blood pressure", "Statins", "Vaccines"]
        assert [byline.author.name for byline in story.bylines.select_related("author")] == ["Jane Doe"]
        assert story.source_name == "Old Health Blog & Co"

    def test_featured_image_becomes_the_hero_with_alt_and_caption(self, imported):
        story = article(101)
        assert story.hero_image and default_storage.exists(story.hero_image.name)
        assert story.hero_alt == "A doctor holds a model of a heart"
        assert story.hero_caption == "Photo: the clinic & its staff"

    def test_posts_sharing_a_featured_image_share_one_stored_file(self, media_dir, tmp_path):
        shared = tmp_path / "shared.xml"
        meta = "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>201</wp:meta_value></wp:postmeta>"
        text = SITE_EXPORT.read_text()
        text = text.replace("<wp:post_id>109</wp:post_id>", f"<wp:post_id>109</wp:post_id>{meta}")
        shared.write_text(text)
        run_import(shared, "--media-dir", str(media_dir))
        assert article(109).hero_image.name == article(101).hero_image.name
        assert article(109).hero_alt == "A doctor holds a model of a heart"

    def test_inline_image_file_is_in_storage(self, imported):
        stored = ImportedAttachment.objects.get(source_path="2024/03/inline.jpg")
        assert default_storage.exists(stored.stored_name)

    def test_inline_images_get_the_renditions_their_picture_markup_points_at(self, imported):
        from images import specs

        stored = ImportedAttachment.objects.get(source_path="2024/03/inline.jpg").stored_name
        master = specs.parse_master(stored)
        planned = specs.plan(master)
        assert planned
        assert all(default_storage.exists(specs.rendition_name(master, spec)) for spec in planned)

    def test_imported_images_lose_their_location_data(self, tmp_path):
        media = make_media_dir(tmp_path / "gps")
        exif = Image.Exif()
        exif.get_ifd(0x8825)[2] = (48.0, 51.0, 24.0)  # GPSLatitude
        Image.new("RGB", (120, 80), "navy").save(media / "2024" / "03" / "inline.jpg", "JPEG", exif=exif)
        with Image.open(media / "2024" / "03" / "inline.jpg") as original:
            assert original.getexif().get_ifd(0x8825)
        run_import(SITE_EXPORT, "--media-dir", str(media))
        stored = ImportedAttachment.objects.get(source_path="2024/03/inline.jpg")
        with default_storage.open(stored.stored_name) as handle, Image.open(handle) as image:
            assert not image.getexif().get_ifd(0x8825)

    def test_primary_category_from_yoast_wins_over_the_first(self, imported):
        story = article(107)
        assert story.section.slug == "heart-failure"
        assert "Cardiology" in story.tags.values_list("name", flat=True)

    def test_unicode_title_keeps_its_characters_and_gets_an_ascii_slug(self, imported):
        story = article(107)
        assert story.title == "Café au lait: 咖啡 and the heart"
        assert story.slug == "cafe-au-lait"

    def test_an_embedded_video_becomes_an_embed_block_readers_see_as_a_facade(self, tmp_path):
        export = tmp_path / "embed.xml"
        video = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        export.write_text(SITE_EXPORT.read_text().replace("Vaccination rates fell.", f"[embed]{video}[/embed]"))
        run_import(export)
        story = article(109)
        assert 'data-embed="youtube"' in story.body
        assert "<iframe" not in story.body_html and video in story.body_html

    def test_block_editor_content_is_left_as_written(self, imported):
        assert article(107).body.count("<p>") == 1

    def test_dek_falls_back_to_the_first_paragraph(self, imported):
        assert article(109).dek == "Cases rose in three countries."

    def test_a_post_without_tags_is_tagged_with_its_category(self, imported):
        assert list(article(109).tags.values_list("name", flat=True)) == ["Vaccines"]

    def test_slug_taken_by_an_existing_article_is_deduplicated(self, media_dir):
        make_article("Ours", slug="statins-and-the-heart", section=make_section("News"))
        run_import(SITE_EXPORT, "--media-dir", str(media_dir))
        assert article(101).slug == "statins-and-the-heart-2"


class TestStatuses:
    def test_future_post_is_published_for_later(self, imported):
        story = article(102)
        assert story.status == Status.PUBLISHED
        assert story.published_at == datetime(2099, 1, 1, 9, 0, tzinfo=UTC)
        assert not story.is_public
        assert not Article.objects.published().filter(pk=story.pk).exists()

    def test_draft_uses_local_dates_and_has_no_publication_time(self, imported):
        story = article(103)
        assert story.status == Status.DRAFT
        assert story.published_at is None
        assert story.title == "Ünïcode draft — “quotes” & more"
        assert story.slug == "unicode-draft-quotes-more"
        # post_modified 2024-04-02 12:00 in Paris (summer time) is 10:00 UTC.
        assert story.updated_at == datetime(2024, 4, 2, 10, 0, tzinfo=UTC)

    def test_pending_is_in_review(self, imported):
        assert article(104).status == Status.IN_REVIEW

    def test_private_and_trash_are_skipped_and_reported(self, imported):
        assert not ImportedPost.objects.filter(wp_post_id__in=[105, 106]).exists()
        assert not Article.objects.filter(title__in=["Staff only", "Binned"]).exists()
        assert "private posts: 1" in imported and "trash posts: 1" in imported
        assert "105 (private), 106 (trash)" in imported

    def test_menus_custom_types_and_comments_are_skipped_and_counted(self, imported):
        assert not Article.objects.filter(title__in=["About us", "Home", "Blood pressure cuff"]).exists()
        for line in ["nav_menu_item: 1", "custom post types: 1", "comments: 2"]:
            assert line in imported, line


class TestReport:
    def test_counts(self, imported):
        assert report_value(imported, "posts in the export") == 9
        assert report_value(imported, "imported") == 6
        assert report_value(imported, "failed") == 1
        assert report_value(imported, "missing media") == 2
        assert report_value(imported, "redirects made") == LegacyRedirect.objects.count()

    def test_progress_is_shown(self, imported):
        assert "9/9 posts · 6 imported" in imported

    def test_missing_images_are_reported_not_fatal(self, imported):
        assert "post 107: featured image 2024/02/gone.jpg: not found" in imported
        assert "post 107: image 2024/02/missing-chart.png: not found" in imported
        story = article(107)
        assert story.status == Status.PUBLISHED and not story.hero_image

    def test_without_a_media_folder_every_image_is_reported(self):
        output = run_import(SITE_EXPORT)
        assert "featured image 2024/03/hero.jpg: no --media-dir given" in output
        assert not article(101).hero_image


class TestPublishingChecks:
    def test_published_imports_pass_the_sites_checks_when_a_default_disclaimer_exists(self, media_dir):
        make_disclaimer(is_default=True)
        output = run_import(SITE_EXPORT, "--media-dir", str(media_dir))
        assert "still missing" not in output
        for wp_id in (101, 107, 109):
            assert missing_for_publication(article(wp_id)) == []

    def test_what_is_still_missing_is_reported_not_refused(self, imported):
        assert "published, but still missing (fix in the admin):" in imported
        assert "- a disclaimer (" in imported and "site-wide default): 4 (posts 101, 102, 107, 109)" in imported
        assert "no active site-default disclaimer" in imported
        assert article(101).status == Status.PUBLISHED


class TestBrokenPost:
    def test_a_bad_post_is_reported_with_its_id_and_the_rest_go_on(self, imported):
        assert "post 108: unreadable date '2024-13-45 99:00:00'" in imported
        assert not ImportedPost.objects.filter(wp_post_id=108).exists()
        assert ImportedPost.objects.count() == 6

    def test_a_post_failing_midway_leaves_nothing_behind(self, media_dir, monkeypatch):
        save = Article.save

        def failing_save(self, *args, **kwargs):
            save(self, *args, **kwargs)
            if self.title == "Measles is back":
                raise RuntimeError("disk full")

        monkeypatch.setattr(Article, "save", failing_save)
        output = run_import(SITE_EXPORT, "--media-dir", str(media_dir))
        assert "post 109: RuntimeError: disk full" in output
        assert not Article.objects.filter(title="Measles is back").exists()
        assert not LegacyRedirect.objects.filter(old_path="/measles-is-back/").exists()
        assert report_value(output, "imported") == 5


class TestRunningAgain:
    def test_second_run_changes_nothing(self, imported, media_dir, settings):
        before, files = row_counts(), stored_files(settings)
        output = run_import(SITE_EXPORT, "--media-dir", str(media_dir))
        assert row_counts() == before
        assert stored_files(settings) == files
        assert report_value(output, "unchanged") == 6
        assert report_value(output, "imported") == 0
        assert report_value(output, "updated") == 0
        assert report_value(output, "redirects made") == 0

    def test_a_changed_post_is_updated_in_place(self, imported, media_dir, tmp_path):
        changed = tmp_path / "changed.xml"
        changed.write_text(SITE_EXPORT.read_text().replace("Measles is back", "Measles returns"))
        before = row_counts()
        output = run_import(changed, "--media-dir", str(media_dir))
        assert report_value(output, "updated") == 1
        assert report_value(output, "unchanged") == 5
        assert article(109).title == "Measles returns"
        assert article(109).slug == "measles-is-back"  # the WordPress slug did not change
        assert row_counts() == before

    def test_an_image_that_arrives_later_is_picked_up(self, imported, media_dir):
        (media_dir / "2024" / "02").mkdir()
        Image.new("RGB", (40, 40), "green").save(media_dir / "2024" / "02" / "gone.jpg", "JPEG")
        output = run_import(SITE_EXPORT, "--media-dir", str(media_dir))
        assert report_value(output, "updated") == 1
        assert article(107).hero_image

    def test_an_article_deleted_by_an_editor_is_not_brought_back(self, imported, media_dir):
        article(109).delete()
        output = run_import(SITE_EXPORT, "--media-dir", str(media_dir))
        assert "109 (article deleted in Newsroom)" in output
        assert not Article.objects.filter(title="Measles is back").exists()


class TestPostIds:
    def test_a_post_without_wp_post_id_is_named_by_its_plain_link(self, tmp_path):
        text = HTTPS_11_EXPORT.read_text().replace("<wp:post_id>7</wp:post_id>", "")
        export = tmp_path / "no-id.xml"
        export.write_text(
            text.replace("http://older.example/sleep-and-memory/</guid>", "http://older.example/?p=77</guid>")
        )
        run_import(export)
        assert article(77).title == "Sleep & memory"

    def test_a_post_without_any_id_is_reported_by_its_title(self, tmp_path):
        export = tmp_path / "no-id.xml"
        export.write_text(HTTPS_11_EXPORT.read_text().replace("<wp:post_id>7</wp:post_id>", ""))
        output = run_import(export)
        assert "post 'Sleep & memory': no numeric wp:post_id" in output

    def test_the_same_id_from_another_site_does_not_overwrite(self, imported, tmp_path):
        export = tmp_path / "other-site.xml"
        text = HTTPS_11_EXPORT.read_text()
        export.write_text(text.replace("<wp:post_id>7</wp:post_id>", "<wp:post_id>101</wp:post_id>"))
        output = run_import(export)
        assert "post 101: post id 101 was already imported from old.example" in output
        assert article(101).title == "Statins & the heart: what’s new"


class TestDryRun:
    def test_reports_everything_and_writes_nothing(self, media_dir, settings):
        output = run_import(SITE_EXPORT, "--media-dir", str(media_dir), "--dry-run")
        assert "Dry run — nothing was written." in output
        assert report_value(output, "imported") == 6
        assert report_value(output, "failed") == 1
        assert all(count == 0 for count in row_counts().values()), row_counts()
        assert stored_files(settings) == []

    def test_after_a_real_import_it_still_writes_nothing(self, imported, media_dir, settings, tmp_path):
        changed = tmp_path / "changed.xml"
        changed.write_text(SITE_EXPORT.read_text().replace("Measles is back", "Measles returns"))
        before, files = row_counts(), stored_files(settings)
        output = run_import(changed, "--media-dir", str(media_dir), "--dry-run")
        assert report_value(output, "updated") == 1
        assert article(109).title == "Measles is back"
        assert row_counts() == before and stored_files(settings) == files
