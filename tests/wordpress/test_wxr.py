"""Reading the export file: the WXR versions and namespaces understood, files refused before anything is
written, and hostile XML (external entities, entity bombs) that is never expanded."""

import pytest
from django.core.management.base import CommandError

from articles.models import Article
from tests.support.wordpress import FIXTURES, SITE_EXPORT, report_value, row_counts, run_import

pytestmark = pytest.mark.django_db


class TestFilesThatCannotBeImported:
    @pytest.mark.parametrize(
        ("name", "message"),
        [
            ("broken.xml", "Not a readable XML file"),
            ("not-wxr.xml", "Not a WordPress export: no WordPress export namespace"),
            ("unknown-version.xml", "Unknown WXR version '1.3'"),
        ],
    )
    def test_stops_with_a_clear_error_before_writing(self, name, message):
        with pytest.raises(CommandError, match=message):
            run_import(FIXTURES / name)
        assert all(count == 0 for count in row_counts().values())

    def test_an_xml_document_that_is_not_rss(self, tmp_path):
        export = tmp_path / "page.xml"
        export.write_text('<?xml version="1.0"?><html><body>Hello</body></html>')
        with pytest.raises(CommandError, match="the document is <html>, not an RSS <rss> feed"):
            run_import(export)

    def test_a_truncated_export_writes_nothing_even_though_its_first_posts_are_fine(self, tmp_path):
        text = SITE_EXPORT.read_text()
        export = tmp_path / "truncated.xml"
        export.write_text(text[: text.index("<wp:post_id>109</wp:post_id>")])
        with pytest.raises(CommandError, match="Not a readable XML file"):
            run_import(export)
        assert all(count == 0 for count in row_counts().values())

    def test_a_missing_file(self, tmp_path):
        with pytest.raises(CommandError, match="No such file"):
            run_import(tmp_path / "nowhere.xml")

    def test_an_unknown_time_zone(self):
        with pytest.raises(CommandError, match="Unknown time zone"):
            run_import(SITE_EXPORT, "--timezone", "Mars/Olympus")


class TestVersionsAndNamespaces:
    def test_wxr_11_with_https_namespaces(self):
        output = run_import(FIXTURES / "site-wxr-1.1-https.xml")
        assert "WXR 1.1, Older Blog" in output
        story = Article.objects.get(wordpress_post__wp_post_id=7)
        assert story.title == "Sleep & memory"
        assert story.body == "<p>Sleep helps memory.</p>\n<p>A second paragraph.</p>\n"
        assert story.section.name == "Neurology"
        assert list(story.tags.values_list("name", flat=True)) == ["Sleep"]
        assert [b.author.name for b in story.bylines.select_related("author")] == ["Kim Lee"]

    @pytest.mark.parametrize(
        ("version", "scheme"), [("1.0", "http"), ("1.0", "https"), ("1.1", "http"), ("1.2", "https")]
    )
    def test_every_known_version_in_either_namespace_form(self, tmp_path, version, scheme):
        text = (FIXTURES / "site-wxr-1.1-https.xml").read_text()
        text = text.replace("https://wordpress.org/export/1.1/", f"{scheme}://wordpress.org/export/{version}/")
        text = text.replace("<wp:wxr_version>1.1</wp:wxr_version>", f"<wp:wxr_version>{version}</wp:wxr_version>")
        export = tmp_path / "export.xml"
        export.write_text(text)
        output = run_import(export)
        assert report_value(output, "imported") == 1
        assert Article.objects.get().dek == "Why sleep matters."


class TestHostileXML:
    def test_external_entities_are_not_resolved(self, tmp_path):
        secret = tmp_path / "secret.txt"
        secret.write_text("TOP-SECRET-VALUE")
        text = (FIXTURES / "site-wxr-1.1-https.xml").read_text()
        text = text.replace(
            '<?xml version="1.0" encoding="UTF-8" ?>',
            f'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        )
        text = text.replace("<title>Sleep &amp; memory</title>", "<title>Sleep &xxe;</title>")
        export = tmp_path / "xxe.xml"
        export.write_text(text)
        run_import(export)
        assert "TOP-SECRET-VALUE" not in Article.objects.get().title

    def test_entity_expansion_bombs_are_not_expanded(self, tmp_path):
        laughs = (
            '<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        )
        text = (FIXTURES / "site-wxr-1.1-https.xml").read_text()
        text = text.replace(
            '<?xml version="1.0" encoding="UTF-8" ?>',
            f'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE rss [{laughs}]>',
        )
        text = text.replace("<title>Sleep &amp; memory</title>", "<title>Sleep &c;</title>")
        export = tmp_path / "bomb.xml"
        export.write_text(text)
        try:
            run_import(export)
        except CommandError:
            return  # refusing the file outright is fine too
        assert "lol" not in Article.objects.get().title
