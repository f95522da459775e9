"""articles.related: related stories stored when they change, read through the published door."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import related, services, workflow
from articles.models import Article, RelatedStory, Status
from tests.support.factories import make_article, make_disclaimer, make_section, make_tag, ready_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def heart():
    make_disclaimer(is_default=True)  # so that ready articles may be published
    return make_tag("Heart")


def titles(stories):
    return [story.title for story in stories]


def test_the_stored_list_is_the_ranking_rule_s_result(heart):
    rare = make_tag("Rare")
    story = make_article("Story", tags=[heart, rare], days_ago=0)
    for n in range(8):
        make_article(f"Common {n}", tags=[heart], days_ago=n + 1)
    make_article("Shares the rare tag", tags=[rare], days_ago=20)
    related.refresh_related([story.pk])
    assert titles(related.stored_related(story)) == titles(services.related_stories(story))


def test_stored_lists_keep_spares_past_the_shown_limit(settings, heart):
    settings.RELATED_STORIES_LIMIT = 2
    story = make_article("Story", tags=[heart], days_ago=0)
    for n in range(6):
        make_article(f"Other {n}", tags=[heart], days_ago=n + 1)
    related.refresh_related([story.pk])
    assert RelatedStory.objects.filter(article=story).count() == 4
    assert titles(related.stored_related(story)) == ["Other 0", "Other 1"]
    assert titles(related.stored_related(story, limit=3)) == ["Other 0", "Other 1", "Other 2"]


def test_a_story_taken_down_disappears_from_every_list_at_once(heart):
    story = make_article("Story", tags=[heart], days_ago=0)
    other = make_article("Other", tags=[heart], days_ago=1)
    related.refresh_related([story.pk])
    assert titles(related.stored_related(story)) == ["Other"]
    other.status = Status.UNPUBLISHED
    other.save()
    assert related.stored_related(story) == []


def test_a_scheduled_story_is_stored_and_shown_once_it_is_live(heart, time_machine):
    story = make_article("Story", tags=[heart], days_ago=0)
    make_article("Later", tags=[heart], published_at=timezone.now() + timedelta(hours=2))
    related.refresh_related([story.pk])
    assert related.stored_related(story) == []
    time_machine.move_to(timezone.now() + timedelta(hours=3))
    assert titles(related.stored_related(story)) == ["Later"]


def test_drafts_are_never_stored(heart):
    story = make_article("Story", tags=[heart], days_ago=0)
    make_article("Draft", tags=[heart], status=Status.DRAFT)
    related.refresh_related([story.pk])
    assert not RelatedStory.objects.filter(article=story).exists()


def test_refreshing_replaces_the_old_list(heart):
    lung = make_tag("Lung")
    story = make_article("Story", tags=[heart], days_ago=0)
    make_article("Heart story", tags=[heart], days_ago=1)
    make_article("Lung story", tags=[lung], days_ago=1)
    related.refresh_related([story.pk])
    story.tags.set([lung])
    related.refresh_related([story.pk])
    assert titles(related.stored_related(story)) == ["Lung story"]


def test_articles_listing_names_the_pages_that_show_a_story(heart):
    first = make_article("First", tags=[heart], days_ago=0)
    second = make_article("Second", tags=[heart], days_ago=1)
    alone = make_article("Alone", tags=[make_tag("Elsewhere")], days_ago=2)
    related.refresh_related([first.pk, second.pk, alone.pk])
    assert set(related.articles_listing(second.pk)) == {first.pk}
    assert set(related.articles_listing(first.pk)) == {second.pk}
    assert list(related.articles_listing(alone.pk)) == []


def test_the_read_is_one_query(heart):
    story = make_article("Story", tags=[heart], days_ago=0)
    for n in range(4):
        make_article(f"Other {n}", section=make_section(f"Section {n}"), tags=[heart], days_ago=n + 1)
    related.refresh_related([story.pk])
    with CaptureQueriesContext(connection) as queries:
        stories = related.stored_related(story)
        sections = [story.section.name for story in stories]
    assert len(queries) == 1
    assert sections == ["Section 0", "Section 1", "Section 2", "Section 3"]


def test_a_bulk_refresh_costs_queries_per_batch_plus_one_ranking_per_article(heart, monkeypatch):
    monkeypatch.setattr(related, "BATCH_SIZE", 3)
    stories = [make_article(f"Story {n}", tags=[heart], days_ago=n) for n in range(6)]
    RelatedStory.objects.all().delete()  # stored as they were tagged: start from none, as a bulk loader does
    with CaptureQueriesContext(connection) as queries:
        assert related.refresh_related(story.pk for story in stories) == 6
    # Per batch of three: tags, three rankings, the lists stored before, delete, insert, the
    # savepoint's two statements, and the slugs of the pages whose lists changed (articles.changes).
    rankings = [query for query in queries if "UNION ALL" in query["sql"] or "SUM(weight)" in query["sql"]]
    assert len(rankings) == 6
    assert len(queries) - len(rankings) == 2 * 7
    assert RelatedStory.objects.filter(article=stories[0]).count() == 5


def test_unknown_ids_and_untagged_articles_store_nothing(heart):
    untagged = make_article("Untagged", days_ago=0)
    make_article("Tagged", tags=[heart], days_ago=1)
    assert related.refresh_related([987654, untagged.pk]) == 0
    assert not RelatedStory.objects.exists()


class TestWorkflowKeepsListsRight:
    def test_publishing_stores_the_story_s_list_and_enters_the_lists_it_belongs_to(self, heart):
        editor = make_staff("editor", "editor")
        older = make_article("Older", tags=[heart], days_ago=3)
        related.refresh_related([older.pk])
        assert related.stored_related(older) == []
        article = ready_article("Fresh", status=Status.APPROVED, tags=[heart])
        workflow.perform(article=article, action="publish", by=editor)
        assert titles(related.stored_related(article)) == ["Older"]
        assert titles(related.stored_related(older)) == ["Fresh"]

    def test_unpublishing_refills_the_lists_that_held_the_story(self, heart, settings):
        settings.RELATED_STORIES_LIMIT = 1
        editor = make_staff("editor", "editor")
        story = make_article("Story", tags=[heart], days_ago=0)
        make_article("Spare", tags=[heart], days_ago=5)
        article = ready_article("Going", status=Status.APPROVED, tags=[heart])
        workflow.perform(article=article, action="publish", by=editor)
        related.refresh_related([story.pk])
        assert titles(related.stored_related(story)) == ["Going"]
        workflow.perform(article=article, action="unpublish", by=editor)
        assert titles(related.stored_related(story)) == ["Spare"]
        assert list(related.articles_listing(article.pk)) == []


def test_a_tag_change_moves_the_story_between_the_lists_near_it(heart):
    lung = make_tag("Lung")
    moving = make_article("Moving", tags=[heart], days_ago=0)
    heart_story = make_article("Heart story", tags=[heart], days_ago=1)
    lung_story = make_article("Lung story", tags=[lung], days_ago=2)
    related.refresh_related([moving.pk, heart_story.pk, lung_story.pk])
    assert titles(related.stored_related(heart_story)) == ["Moving"]

    moving.tags.set([lung])
    related.stories_changed([moving.pk])

    assert titles(related.stored_related(moving)) == ["Lung story"]
    assert titles(related.stored_related(lung_story)) == ["Moving"]
    assert related.stored_related(heart_story) == []


def test_tagging_articles_stores_their_lists_and_the_lists_near_them(heart):
    first = make_article("First", days_ago=3)
    second = make_article("Second", days_ago=2)
    first.tags.add(heart)
    second.tags.add(heart)  # the tag edit alone, as in the admin, an import or the shell
    assert titles(related.stored_related(second)) == ["First"]
    assert titles(related.stored_related(first)) == ["Second"]


def loaded_with_its_list(story):
    return related.with_stored_related(Article.objects.filter(pk=story.pk)).get()


def test_an_article_loaded_with_its_list_reads_the_same_stories_with_no_query(settings, heart):
    settings.RELATED_STORIES_LIMIT = 3
    story = make_article("Story", tags=[heart], days_ago=0)
    for n in range(6):
        make_article(f"Other {n}", tags=[heart], days_ago=n + 1)
    related.refresh_related([story.pk])
    Article.objects.filter(title="Other 1").update(status=Status.UNPUBLISHED)  # taken down since
    loaded = loaded_with_its_list(story)

    with CaptureQueriesContext(connection) as queries:
        stories = related.stored_related(loaded)
        shown = [(s.title, s.get_absolute_url(), s.published_at) for s in stories]

    assert len(queries) == 0
    assert titles(stories) == titles(related.stored_related(story)) == ["Other 0", "Other 2", "Other 3"]
    assert shown[0][1] == Article.objects.get(title="Other 0").get_absolute_url()
    assert shown[0][2] == Article.objects.get(title="Other 0").published_at


def test_an_article_loaded_with_an_empty_list_shows_none(heart):
    story = make_article("Story", tags=[heart], days_ago=0)
    assert related.stored_related(loaded_with_its_list(story)) == []
