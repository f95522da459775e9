"""Running `import_wordpress` again never republishes, unpublishes or overwrites what Newsroom changed.

A changed post is merged field by field: WordPress's new value goes in only where Newsroom left
the imported one; both sides changed is a conflict that keeps Newsroom's copy. The state and the
publication time belong to the workflow and never change; each change is a revision by the import.
"""

from datetime import UTC, datetime

import pytest
from PIL import Image

from articles import workflow
from articles.models import Article, Status
from editorial.models import Revision
from tests.support.factories import make_section
from tests.support.staff import make_staff
from tests.support.wordpress import SITE_EXPORT, report_value, run_import
from wordpress.models import ImportedPost

pytestmark = pytest.mark.django_db


def article(wp_id):
    return Article.objects.get(wordpress_post__wp_post_id=wp_id)


def edited_export(tmp_path, *replacements):
    """The fixture export with (old, new) text replacements: a post edited in WordPress."""
    text = SITE_EXPORT.read_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "edited.xml"
    path.write_text(text)
    return path


def add_featured_image_file(media_dir):
    """The featured image of post 107 appears in the media folder: its fingerprint changes."""
    (media_dir / "2024" / "02").mkdir()
    Image.new("RGB", (40, 40), "green").save(media_dir / "2024" / "02" / "gone.jpg", "JPEG")


class TestStateIsNeverChanged:
    def test_a_story_taken_down_in_newsroom_stays_down(self, imported, media_dir, client):
        editor = make_staff("editor", "eddie")
        story = article(107)
        workflow.perform(article=story, action="unpublish", by=editor)
        workflow.perform(article=story, action="archive", by=editor)
        add_featured_image_file(media_dir)

        output = run_import(SITE_EXPORT, "--media-dir", str(media_dir))

        assert report_value(output, "updated") == 1
        story = article(107)
        assert story.status == Status.ARCHIVED
        assert story.hero_image  # the new file did come in
        assert "post 107: publish in WordPress, archived here" in output
        assert client.get(story.get_absolute_url()).status_code == 404
        assert client.get("/?p=107").status_code == 200  # our home page, no redirect to the story
        assert story.title not in client.get("/feed/").content.decode()

    def test_a_draft_published_in_newsroom_since_stays_published(self, imported, tmp_path):
        went_live = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
        Article.objects.filter(pk=article(103).pk).update(status=Status.PUBLISHED, published_at=went_live)
        export = edited_export(tmp_path, ("Work in progress.", "Work in progress, with more."))

        run_import(export, "--timezone", "UTC")

        story = article(103)
        assert (story.status, story.published_at) == (Status.PUBLISHED, went_live)
        assert "with more" in story.body

    def test_another_timezone_does_not_move_the_publication_time(self, imported, media_dir):
        before = article(101).published_at
        output = run_import(SITE_EXPORT, "--media-dir", str(media_dir), "--timezone", "America/New_York")
        assert article(101).published_at == before
        assert report_value(output, "failed") == 1  # only the post with the broken date


class TestNewsroomEditsAreKept:
    def test_a_field_changed_on_both_sides_keeps_newsrooms_version_and_is_reported(self, imported, tmp_path):
        Article.objects.filter(pk=article(109).pk).update(title="Measles is back (corrected)")
        export = edited_export(tmp_path, ("Measles is back", "Measles returns"))

        output = run_import(export)

        assert article(109).title == "Measles is back (corrected)"
        assert report_value(output, "conflicts") == 1
        assert "post 109: title" in output
        assert "Newsroom's version was kept" in output

    def test_a_field_changed_in_newsroom_only_is_kept_while_others_take_wordpress_edits(self, imported, tmp_path):
        story = article(109)
        story.dek = "Our own standfirst."
        story.save()
        export = edited_export(tmp_path, ("Vaccination rates fell.", "Vaccination rates fell sharply."))

        output = run_import(export)

        story = article(109)
        assert story.dek == "Our own standfirst."
        assert "fell sharply" in story.body
        assert report_value(output, "conflicts") == 0
        assert report_value(output, "updated") == 1

    def test_a_section_and_tags_changed_in_newsroom_stay(self, imported, tmp_path):
        story = article(109)
        ours = make_section("Infectious disease")
        story.section = ours
        story.save()
        story.tags.set(["Outbreaks"])
        export = edited_export(tmp_path, ("Cases rose in three countries.", "Cases rose in four countries."))

        run_import(export)

        story = article(109)
        assert story.section == ours
        assert list(story.tags.values_list("name", flat=True)) == ["Outbreaks"]
        assert "four countries" in story.body

    def test_a_conflict_is_reported_once_not_at_every_run(self, imported, tmp_path):
        Article.objects.filter(pk=article(109).pk).update(title="Ours")
        export = edited_export(tmp_path, ("Measles is back", "Measles returns"))
        run_import(export)
        again = edited_export(
            tmp_path, ("Vaccination rates fell.", "Vaccination fell."), ("Measles is back", "Measles returns")
        )
        output = run_import(again)
        assert report_value(output, "conflicts") == 0, output
        assert article(109).title == "Ours"
        assert "Vaccination fell." in article(109).body

    def test_an_article_imported_before_digests_were_kept_keeps_every_differing_field(self, imported, tmp_path):
        ImportedPost.objects.filter(wp_post_id=109).update(imported_values={})
        output = run_import(edited_export(tmp_path, ("Measles is back", "Measles returns")))
        assert article(109).title == "Measles is back"
        assert "post 109: title" in output


class TestRevisions:
    def test_the_import_records_a_revision_with_tags_and_byline(self, imported):
        revision = Revision.objects.get(article=article(109))
        assert revision.note == "WordPress import: created from post 109"
        assert revision.snapshot["tags"] == ["Vaccines"]
        assert [ref["name"] for ref in revision.snapshot["authors"]] == ["Jane Doe"]

    def test_every_change_is_a_revision_saying_what_the_import_changed(self, imported, tmp_path):
        Article.objects.filter(pk=article(109).pk).update(title="Ours")
        export = edited_export(
            tmp_path, ("Measles is back", "Measles returns"), ("Vaccination rates fell.", "Vaccination fell.")
        )
        run_import(export)
        latest = Revision.objects.filter(article=article(109)).latest()
        assert latest.number == 2
        assert latest.note == "WordPress import: updated body from post 109; kept Newsroom's title"
        assert "Vaccination fell." in latest.snapshot["body"]

    def test_an_edit_that_changes_nothing_here_records_no_revision(self, imported, tmp_path):
        Article.objects.filter(pk=article(109).pk).update(title="Ours")
        run_import(edited_export(tmp_path, ("Measles is back", "Measles returns")))
        assert Revision.objects.filter(article=article(109)).count() == 1


class TestUpdatedDate:
    def test_a_post_never_modified_shows_no_updated_date(self, imported, client):
        story = article(109)
        assert story.updated_at == story.published_at
        assert story.public_updated_at is None
        assert "Updated" not in client.get(story.get_absolute_url()).content.decode()

    def test_the_updated_date_is_wordpresss_modified_date(self, imported, client):
        story = article(101)
        assert story.public_updated_at == datetime(2024, 3, 6, 10, 0, tzinfo=UTC)
        assert 'Updated <time datetime="2024-03-06T' in client.get(story.get_absolute_url()).content.decode()

    def test_an_update_is_dated_by_wordpress_not_by_the_import(self, imported, tmp_path):
        export = edited_export(
            tmp_path,
            ("Vaccination rates fell.", "Vaccination fell."),
            (
                "<wp:post_date_gmt><![CDATA[2024-01-10 07:00:00]]></wp:post_date_gmt>",
                "<wp:post_date_gmt><![CDATA[2024-01-10 07:00:00]]></wp:post_date_gmt>"
                "<wp:post_modified_gmt><![CDATA[2024-02-01 12:00:00]]></wp:post_modified_gmt>",
            ),
        )
        run_import(export)
        assert article(109).updated_at == datetime(2024, 2, 1, 12, 0, tzinfo=UTC)


class TestPasswordProtectedPosts:
    @pytest.fixture
    def protected_export(self, tmp_path):
        return edited_export(
            tmp_path,
            (
                "<wp:post_id>109</wp:post_id>",
                "<wp:post_id>109</wp:post_id><wp:post_password><![CDATA[enter]]></wp:post_password>",
            ),
        )

    def test_is_imported_hidden_with_a_note_and_reported(self, protected_export, client):
        output = run_import(protected_export)
        story = article(109)
        assert story.status == Status.DRAFT and story.published_at is None
        assert not Article.objects.published().filter(pk=story.pk).exists()
        assert "Password-protected in WordPress" in ImportedPost.objects.get(wp_post_id=109).note
        assert Revision.objects.get(article=story).note.startswith("Password-protected in WordPress")
        assert report_value(output, "imported hidden") == 1
        assert "post 109: password-protected, kept as a draft (never published)" in output
        assert client.get("/?p=109").status_code == 200  # no redirect to a hidden story
        assert client.get("/measles-is-back/").status_code == 404

    def test_running_again_never_publishes_it(self, protected_export, tmp_path):
        run_import(protected_export)
        changed = tmp_path / "changed.xml"
        changed.write_text(protected_export.read_text().replace("Measles is back", "Measles returns"))
        run_import(changed)
        assert article(109).status == Status.DRAFT
