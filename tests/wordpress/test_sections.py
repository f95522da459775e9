"""Where WordPress categories land: hidden new sections by default, or where `--section-map FILE` sends them."""

import pytest
from django.core.management import CommandError

from articles.models import Article, Section
from tests.support.factories import make_section
from tests.support.wordpress import SITE_EXPORT, report_value, row_counts, run_import

pytestmark = pytest.mark.django_db


def article(wp_id):
    return Article.objects.select_related("section").get(wordpress_post__wp_post_id=wp_id)


def section_map(tmp_path, text):
    path = tmp_path / "sections.toml"
    path.write_text(text)
    return str(path)


class TestCreatedSections:
    def test_sections_made_from_categories_stay_out_of_the_navigation(self, imported, client):
        created = Section.objects.filter(slug__in=["cardiology", "vaccines", "heart-failure"])
        assert created.count() == 3
        assert not created.filter(show_in_navigation=True).exists()
        assert list(client.get("/").context["nav_sections"]) == []

    def test_an_existing_section_keeps_its_place_in_the_navigation(self, media_dir, client):
        ours = make_section("Cardiology")
        run_import(SITE_EXPORT, "--media-dir", str(media_dir))
        assert article(101).section == ours
        assert [section.name for section in client.get("/").context["nav_sections"]] == ["Cardiology"]


class TestSectionMap:
    def test_categories_land_in_existing_sections_or_become_tags(self, tmp_path, client):
        heart = make_section("Heart health")
        mapping = section_map(tmp_path, 'cardiology = "heart-health"\nvaccines = "tag"\n"*" = "heart-health"\n')
        output = run_import(SITE_EXPORT, "--section-map", mapping)
        assert report_value(output, "imported") == 6
        assert article(101).section == heart
        assert article(109).section == heart  # its only category became a tag: the "*" section
        assert "Vaccines" in article(109).tags.values_list("name", flat=True)
        assert "Vaccines" in article(101).tags.values_list("name", flat=True)
        assert not Section.objects.filter(slug__in=["cardiology", "vaccines"]).exists()
        assert client.get("/category/cardiology/").headers["Location"] == heart.get_absolute_url()
        assert client.get("/category/vaccines/").headers["Location"] == "/tag/vaccines/"

    def test_a_post_whose_categories_all_become_tags_falls_back_to_a_hidden_section(self, tmp_path):
        mapping = section_map(tmp_path, 'vaccines = "tag"\n')
        run_import(SITE_EXPORT, "--section-map", mapping)
        story = article(109)
        assert story.section.slug == "uncategorized" and not story.section.show_in_navigation
        assert list(story.tags.values_list("name", flat=True)) == ["Vaccines"]

    def test_a_map_naming_a_missing_section_stops_before_anything_is_written(self, tmp_path):
        mapping = section_map(tmp_path, 'cardiology = "no-such-section"\n')
        with pytest.raises(CommandError, match="no section with the slug 'no-such-section'.*Nothing was imported"):
            run_import(SITE_EXPORT, "--section-map", mapping)
        assert all(count == 0 for count in row_counts().values())

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("cardiology = ", "is not a TOML file"),
            ("cardiology = 3\n", 'give a section slug or "tag"'),
            ('"*" = "tag"\n', "names the section for posts whose categories all become tags"),
        ],
    )
    def test_an_unusable_map_is_refused_with_a_clear_message(self, tmp_path, text, message):
        with pytest.raises(CommandError, match=message):
            run_import(SITE_EXPORT, "--section-map", section_map(tmp_path, text))

    def test_a_missing_map_file_is_refused(self, tmp_path):
        with pytest.raises(CommandError, match="cannot read"):
            run_import(SITE_EXPORT, "--section-map", str(tmp_path / "nope.toml"))
