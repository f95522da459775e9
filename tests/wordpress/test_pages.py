"""WordPress pages come in as Pages, hidden until an editor publishes them, with 301s from their old addresses."""

import pytest

from editorial.models import PageRevision
from pages.models import Page, PageKind, PageStatus
from tests.support.wordpress import SITE_EXPORT, report_value, run_import
from wordpress.models import ImportedPage, LegacyRedirect

pytestmark = pytest.mark.django_db


def imported_page(wp_id=110):
    return Page.objects.get(wordpress_page__wp_post_id=wp_id)


def publish(page):
    page.status = PageStatus.PUBLISHED
    page.save()


def edited_export(tmp_path, old, new):
    path = tmp_path / "edited.xml"
    path.write_text(SITE_EXPORT.read_text().replace(old, new))
    return path


class TestImport:
    def test_a_page_becomes_a_hidden_page(self, imported, client):
        page = imported_page()
        assert (page.title, page.slug, page.kind) == ("About us", "about", PageKind.OTHER)
        assert page.body.strip() == "<p>We write about health.</p>"
        assert page.summary == "We write about health."
        assert page.status == PageStatus.DRAFT
        assert not Page.objects.published().filter(pk=page.pk).exists()
        assert "pages:               1 imported, 0 updated, 0 unchanged" in imported

    def test_its_old_addresses_answer_404_until_it_is_published_then_301(self, imported, client):
        page = imported_page()
        assert client.get("/?page_id=110").status_code == 200  # our home page: nothing to move to yet
        publish(page)
        response = client.get("/?page_id=110")
        assert response.status_code == 301 and response.headers["Location"] == page.get_absolute_url()
        assert LegacyRedirect.objects.filter(page=page, old_path="/about/").exists()

    def test_a_slug_taken_by_our_own_page_is_deduplicated_and_ours_keeps_its_address(self, media_dir, client):
        ours = Page.objects.create(title="About", slug="about", kind=PageKind.ABOUT, status=PageStatus.PUBLISHED)
        run_import(SITE_EXPORT, "--media-dir", str(media_dir))
        page = imported_page()
        assert page.slug == "about-2"
        publish(page)
        assert client.get("/about/").status_code == 200  # our About page answers, no redirect
        assert Page.objects.get(pk=ours.pk).title == "About"

    def test_a_password_protected_page_is_noted_and_reported(self, tmp_path):
        export = edited_export(
            tmp_path,
            "<wp:post_id>110</wp:post_id>",
            "<wp:post_id>110</wp:post_id><wp:post_password><![CDATA[x]]></wp:post_password>",
        )
        output = run_import(export)
        assert "Password-protected" in ImportedPage.objects.get(wp_post_id=110).note
        assert "post 110: password-protected page, kept as a draft" in output
        assert imported_page().status == PageStatus.DRAFT


class TestRunningAgain:
    def test_an_unchanged_page_is_left_alone(self, imported, media_dir):
        output = run_import(SITE_EXPORT, "--media-dir", str(media_dir))
        assert "pages:               0 imported, 0 updated, 1 unchanged" in output
        assert Page.objects.count() == 1

    def test_a_published_page_stays_published_and_takes_wordpress_edits(self, imported, tmp_path):
        publish(imported_page())
        run_import(edited_export(tmp_path, "We write about health.", "We write about health and medicine."))
        page = imported_page()
        assert page.status == PageStatus.PUBLISHED
        assert "health and medicine" in page.body

    def test_an_editors_change_is_kept_and_reported(self, imported, tmp_path):
        page = imported_page()
        page.title = "Who we are"
        page.save()
        output = run_import(edited_export(tmp_path, "About us", "About this blog"))
        assert imported_page().title == "Who we are"
        assert "post 110: page title" in output
        assert report_value(output, "conflicts") == 1

    def test_a_page_deleted_by_an_editor_is_not_brought_back(self, imported, tmp_path):
        imported_page().delete()
        output = run_import(edited_export(tmp_path, "About us", "About this blog"))
        assert not Page.objects.exists()
        assert "page deleted in Newsroom pages: 1" in output


class TestRevisions:
    def test_each_page_the_import_creates_or_changes_is_a_revision(self, imported, tmp_path):
        run_import(edited_export(tmp_path, "We write about health.", "We write about medicine."))
        notes = list(
            PageRevision.objects.filter(page=imported_page()).order_by("number").values_list("note", flat=True)
        )
        assert notes == [
            "WordPress import: created from page 110",
            "WordPress import: updated summary, body from page 110",
        ]
