"""Model rules: the published door, disclaimers, tag counts, sanitized bodies."""

from datetime import timedelta

import pytest
from django.core.exceptions import FieldFetchBlocked
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Disclaimer, Section, Status, Tag
from tests.support.factories import make_article, make_disclaimer, make_section, make_tag

pytestmark = pytest.mark.django_db


class TestPublishedDoor:
    def test_includes_published_articles_in_the_past(self):
        story = make_article("Live story", days_ago=1)
        assert list(Article.objects.published()) == [story]

    def test_excludes_drafts(self):
        make_article("Draft story", status=Status.DRAFT)
        assert not Article.objects.published().exists()

    def test_excludes_articles_scheduled_for_later(self):
        make_article("Scheduled story", published_at=timezone.now() + timedelta(hours=1))
        assert not Article.objects.published().exists()

    def test_excludes_published_status_without_a_date(self):
        make_article("Dateless", days_ago=None)
        assert not Article.objects.published().exists()

    @pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED, Status.ARCHIVED])
    def test_excludes_every_non_published_state(self, status):
        make_article(f"In state {status}", status=status)
        assert not Article.objects.published().exists()

    def test_a_scheduled_article_appears_when_its_time_comes(self, time_machine):
        publish_at = timezone.now() + timedelta(hours=2)
        story = make_article("Embargoed", published_at=publish_at)
        assert not story.is_public
        time_machine.move_to(publish_at + timedelta(seconds=1))
        assert list(Article.objects.published()) == [story]


class TestCardRows:
    """Story cards and lists load their rows through for_cards(): only what a card shows."""

    def test_a_card_row_holds_the_cards_fields_and_its_sections_and_nothing_else(self):
        story = make_article("Card story", dek="What it found.")
        card = Article.objects.published().for_cards().get(pk=story.pk)
        loaded = {field.attname for field in Article._meta.concrete_fields} - card.get_deferred_fields()
        assert loaded == {"id", "title", "slug", "dek", "status", "published_at", "section_id"}
        section_loaded = {field.attname for field in Section._meta.concrete_fields} - card.section.get_deferred_fields()
        assert section_loaded == {"id", "name", "slug", "position"}
        assert (card.title, card.dek, card.section.name) == ("Card story", "What it found.", story.section.name)
        assert card.get_absolute_url() == story.get_absolute_url()

    def test_a_field_a_card_does_not_show_is_not_loaded_behind_the_readers_back(self):
        """Public querysets raise in tests where production would fetch: a card template reading more fails here."""
        story = make_article("Card story", source_name="A journal")
        card = Article.objects.published().for_cards().get(pk=story.pk)
        with pytest.raises(FieldFetchBlocked):
            card.source_name  # noqa: B018 - the read is the test


class TestDisclaimers:
    def test_only_one_site_default_is_allowed(self):
        make_disclaimer("First", is_default=True)
        with pytest.raises(IntegrityError):
            make_disclaimer("Second", is_default=True)

    def test_many_non_default_disclaimers_are_allowed(self):
        make_disclaimer("A")
        make_disclaimer("B")
        assert Disclaimer.objects.count() == 2

    def test_article_disclaimer_wins(self):
        make_disclaimer("Site", is_default=True)
        section = make_section("Cardiology", default_disclaimer=make_disclaimer("Section"))
        own = make_disclaimer("Own")
        story = make_article(section=section, disclaimer=own)
        assert story.applicable_disclaimer == own

    def test_section_default_comes_next(self):
        make_disclaimer("Site", is_default=True)
        section_disclaimer = make_disclaimer("Section")
        story = make_article(section=make_section("Cardiology", default_disclaimer=section_disclaimer))
        assert story.applicable_disclaimer == section_disclaimer

    def test_site_default_comes_last(self):
        site = make_disclaimer("Site", is_default=True)
        story = make_article(section=make_section("Cardiology"))
        assert story.applicable_disclaimer == site

    def test_inactive_disclaimers_are_skipped(self):
        site = make_disclaimer("Site", is_default=True)
        section = make_section("Cardiology", default_disclaimer=make_disclaimer("Old section", active=False))
        story = make_article(section=section, disclaimer=make_disclaimer("Old own", active=False))
        assert story.applicable_disclaimer == site

    def test_no_disclaimer_at_all_gives_none(self):
        assert make_article().applicable_disclaimer is None


class TestTagCounts:
    def test_count_follows_adding_removing_and_clearing(self):
        lupus = make_tag("lupus")
        first = make_article("One", tags=[lupus])
        make_article("Two", tags=[lupus])
        lupus.refresh_from_db()
        assert lupus.article_count == 2
        first.tags.remove(lupus)
        lupus.refresh_from_db()
        assert lupus.article_count == 1
        Article.objects.get(slug="two").tags.clear()
        lupus.refresh_from_db()
        assert lupus.article_count == 0

    def test_count_drops_when_an_article_is_deleted(self):
        tag = make_tag("stroke")
        make_article("Gone", tags=[tag]).delete()
        assert Tag.objects.get(pk=tag.pk).article_count == 0


class TestArticleBasics:
    def test_slug_is_unique(self):
        make_article("Same", slug="same")
        with pytest.raises(IntegrityError):
            make_article("Other", slug="same")

    def test_urls(self):
        story = make_article("A story", slug="a-story")
        assert story.get_absolute_url() == "/article/a-story/"
        assert story.section.get_absolute_url().startswith("/section/")

    def test_body_is_sanitized_on_every_save(self):
        story = make_article(body='<p onclick="x()">Hi<script>alert(1)</script></p><iframe src="//evil"></iframe>')
        story.refresh_from_db()
        assert story.body == "<p>Hi</p>"

    def test_outside_links_get_noopener(self):
        story = make_article(body='<p><a href="https://example.org/">x</a> <a href="javascript:alert(1)">y</a></p>')
        assert 'rel="noopener noreferrer"' in story.body
        assert "javascript" not in story.body

    def test_was_updated_only_after_a_real_change(self):
        story = make_article(days_ago=2)
        story.updated_at = story.published_at + timedelta(seconds=30)
        assert not story.was_updated
        story.updated_at = story.published_at + timedelta(hours=3)
        assert story.was_updated


def test_no_help_text_holds_markup_the_admin_would_swallow():
    """The admin renders help text as HTML: "/article/<slug>/" would show as "/article//"."""
    from django.apps import apps

    for model in apps.get_app_config("articles").get_models():
        for field in model._meta.get_fields():
            assert "<" not in str(getattr(field, "help_text", "")), f"{model.__name__}.{field.name}"
