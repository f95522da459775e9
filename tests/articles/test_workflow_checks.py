"""Publishing checks in words, and scheduling: a scheduled story goes live exactly at its time, with no worker."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles import workflow
from articles.models import Article, Section, Status
from tests.support.admin import post_transition
from tests.support.factories import make_article, make_disclaimer, make_section, ready_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

EVERYTHING_MISSING = [
    "a title",
    "a slug (the article's address)",
    "a standfirst (dek)",
    "a body",
    "a section",
    "at least one author on the byline",
    "at least one tag",
    "alt text for the hero image",
    'a source (a source name, or tick "Original reporting")',
    "a disclaimer (the article's own, its section's default, or an active site-wide default)",
]


class TestMissingForPublication:
    def test_a_complete_article_lacks_nothing(self):
        assert workflow.missing_for_publication(ready_article()) == []

    def test_an_empty_article_lacks_everything_in_words(self):
        article = Article(title=" ", slug="", hero_image="heroes/x.jpg")
        assert workflow.missing_for_publication(article) == EVERYTHING_MISSING

    def test_an_empty_editor_paragraph_is_no_body(self):
        assert "a body" in workflow.missing_for_publication(ready_article(body="<p> </p><p><br></p>"))

    @pytest.mark.parametrize(
        ("body", "has_body"),
        [
            ("", False),
            ('<p> </p>\n<h2 class="x"> </h2>', False),
            ("Plain words", True),
            ("<p><strong></strong>A word</p>", True),
            ("<p> </p><ul><li>x</li></ul>", True),
            ('<p><a title="a > b" href="https://example.org/"></a></p>', False),
            ('<figure><img src="/media/a.jpg" alt=""></figure>', True),
        ],
    )
    def test_a_body_is_text_outside_tags_or_a_picture(self, body, has_body):
        assert ("a body" not in workflow.missing_for_publication(ready_article(body=body))) is has_body

    def test_original_reporting_counts_as_a_source(self):
        article = ready_article(source_name="", original_reporting=True)
        assert workflow.missing_for_publication(article) == []

    def test_hero_image_needs_alt_text(self):
        article = ready_article()
        article.hero_image = SimpleUploadedFile("hero.jpg", b"not read here")
        article.hero_alt = ""
        assert workflow.missing_for_publication(article) == ["alt text for the hero image"]

    @pytest.mark.parametrize("where", ["article", "section", "site"])
    def test_any_applicable_disclaimer_will_do(self, where):
        section = make_section("Bare section")
        article = ready_article(section=section)
        assert workflow.missing_for_publication(article)[-1].startswith("a disclaimer")
        disclaimer = make_disclaimer(f"{where} disclaimer", is_default=where == "site")
        if where == "article":
            article.disclaimer = disclaimer
            article.save()
        elif where == "section":
            section.default_disclaimer = disclaimer
            section.save()
        article = Article.objects.get(pk=article.pk)
        assert workflow.missing_for_publication(article) == []

    def test_an_inactive_disclaimer_does_not_count(self):
        section = make_section("Bare section", default_disclaimer=make_disclaimer("Old", active=False))
        assert workflow.missing_for_publication(ready_article(section=section))[-1].startswith("a disclaimer")

    def test_annotated_list_gives_the_same_answer_as_one_article(self):
        make_disclaimer("Site", is_default=True)
        articles = [ready_article("Full"), ready_article("No tags", tags=[]), ready_article("No byline", authors=[])]
        listed = workflow.with_publication_facts(Article.objects.filter(pk__in=[a.pk for a in articles]))
        assert {a.title: workflow.missing_for_publication(a) for a in listed} == {
            a.title: workflow.missing_for_publication(Article.objects.get(pk=a.pk)) for a in articles
        }

    def test_refusal_repeats_the_same_words(self):
        editor = make_staff("editor", "editor")
        article = ready_article(status=Status.IN_REVIEW, dek="", tags=[])
        with pytest.raises(workflow.WorkflowError) as refused:
            workflow.perform(article=article, action="approve", by=editor)
        assert refused.value.problems == ["a standfirst (dek)", "at least one tag"]
        assert str(refused.value) == (
            'Cannot approve "Ready story" yet. Still missing: a standfirst (dek); at least one tag.'
        )


class TestScheduling:
    MOMENT = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("UTC"))

    def test_scheduled_story_appears_exactly_at_its_time(self, client, time_machine):
        time_machine.move_to(self.MOMENT - timedelta(days=1), tick=False)
        editor = make_staff("editor", "editor")
        article = ready_article("Embargo lifts at nine", status=Status.APPROVED)
        client.force_login(editor)
        response = post_transition(client, article, "schedule", publish_at="2026-12-01T09:00")
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.published_at == self.MOMENT
        client.logout()

        def public():
            return (
                client.get(article.get_absolute_url()).status_code,
                "Embargo lifts at nine" in client.get("/").content.decode(),
                Article.objects.published().filter(pk=article.pk).exists(),
            )

        time_machine.move_to(self.MOMENT - timedelta(seconds=1), tick=False)
        assert public() == (404, False, False)
        assert workflow.status_label(article) == "Scheduled for 1 Dec 2026, 09:00 UTC"
        time_machine.move_to(self.MOMENT, tick=False)
        assert public() == (200, True, True)
        assert workflow.status_label(article) == "Published"

    def test_next_scheduled_time_tells_caches_when_to_expire(self, time_machine):
        time_machine.move_to(self.MOMENT, tick=False)
        assert Article.objects.next_publication_time() is None
        make_article("Later", published_at=self.MOMENT + timedelta(hours=5))
        make_article("Sooner", published_at=self.MOMENT + timedelta(hours=2))
        make_article("Live", published_at=self.MOMENT - timedelta(hours=2))
        assert Article.objects.next_publication_time() == self.MOMENT + timedelta(hours=2)

    def test_reschedule_and_publish_now(self, time_machine):
        time_machine.move_to(self.MOMENT, tick=False)
        editor = make_staff("editor", "editor")
        article = ready_article(status=Status.PUBLISHED, published_at=self.MOMENT + timedelta(days=3))
        workflow.perform(article=article, action="schedule", by=editor, publish_at=self.MOMENT + timedelta(days=1))
        assert article.published_at == self.MOMENT + timedelta(days=1)
        workflow.perform(article=article, action="publish", by=editor)
        assert (article.status, article.published_at) == (Status.PUBLISHED, self.MOMENT)
        assert workflow.current_state(article) == Status.PUBLISHED

    def test_scheduling_without_a_time_is_refused(self):
        editor = make_staff("editor", "editor")
        article = ready_article(status=Status.APPROVED)
        with pytest.raises(workflow.WorkflowError, match="Give the date and time"):
            workflow.perform(article=article, action="schedule", by=editor)

    def test_cancelling_a_schedule_takes_it_back_to_approved(self, time_machine):
        time_machine.move_to(self.MOMENT, tick=False)
        editor = make_staff("editor", "editor")
        article = ready_article(status=Status.PUBLISHED, published_at=self.MOMENT + timedelta(hours=1))
        workflow.perform(article=article, action="unschedule", by=editor)
        time_machine.move_to(self.MOMENT + timedelta(hours=2), tick=False)
        assert not Article.objects.published().filter(pk=article.pk).exists()
        article.refresh_from_db()
        assert (article.status, article.published_at) == (Status.APPROVED, None)

    def test_a_scheduled_story_is_not_unpublished_it_was_never_public(self, time_machine):
        time_machine.move_to(self.MOMENT, tick=False)
        editor = make_staff("editor", "editor")
        article = ready_article(status=Status.PUBLISHED, published_at=self.MOMENT + timedelta(hours=1))
        assert "unpublish" not in [action.name for action in workflow.available_actions(editor, article)]
        with pytest.raises(workflow.WorkflowError, match="cannot be unpublished"):
            workflow.perform(article=article, action="unpublish", by=editor)


def test_sections_exist_for_ready_article_helper():
    """ready_article() makes its own section with a disclaimer when the database has none."""
    assert Section.objects.count() == 0
    article = ready_article()
    assert article.section.default_disclaimer is not None
    assert timezone.is_aware(article.created_at)
