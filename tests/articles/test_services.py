"""articles.services: related stories (weighted by shared tags, bounded, through the published door),
section fronts, and the stored body HTML for writers that bypass save()."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article, Status
from tests.support.factories import make_article, make_section, make_tag
from tests.support.races import before_first_call, postgresql_only

pytestmark = pytest.mark.django_db


def titles(stories):
    return [story.title for story in stories]


def test_a_rare_shared_tag_beats_a_common_one():
    common, rare = make_tag("vaccines"), make_tag("lupus")
    for n in range(10):
        make_article(f"Filler {n}", tags=[common], days_ago=30 + n)
    subject = make_article("Subject", tags=[common, rare])
    make_article("Shares the common tag", tags=[common], days_ago=0)
    make_article("Shares the rare tag", tags=[rare], days_ago=5)
    related = titles(services.related_stories(subject))
    assert related[0] == "Shares the rare tag"
    assert related.index("Shares the rare tag") < related.index("Shares the common tag")


def test_more_shared_tags_rank_higher():
    a, b = make_tag("a"), make_tag("b")
    subject = make_article("Subject", tags=[a, b])
    make_article("One shared", tags=[a], days_ago=0)
    make_article("Two shared", tags=[a, b], days_ago=9)
    assert titles(services.related_stories(subject))[0] == "Two shared"


def test_recency_breaks_ties():
    tag = make_tag("cardiology")
    subject = make_article("Subject", tags=[tag])
    make_article("Older", tags=[tag], days_ago=10)
    make_article("Newer", tags=[tag], days_ago=2)
    assert titles(services.related_stories(subject)) == ["Newer", "Older"]


def test_never_itself_a_draft_or_a_scheduled_story():
    tag = make_tag("mrna")
    subject = make_article("Subject", tags=[tag])
    make_article("Draft", tags=[tag], status=Status.DRAFT)
    make_article("Scheduled", tags=[tag], published_at=timezone.now() + timedelta(days=1))
    make_article("Unrelated", tags=[make_tag("other")])
    make_article("Public", tags=[tag])
    assert titles(services.related_stories(subject)) == ["Public"]


def test_at_most_six_stories():
    tag = make_tag("stroke")
    subject = make_article("Subject", tags=[tag])
    for n in range(9):
        make_article(f"Story {n}", tags=[tag], days_ago=n + 1)
    assert len(services.related_stories(subject)) == 6


def test_no_tags_means_no_related_stories():
    assert services.related_stories(make_article("Lonely")) == []


def test_candidates_per_tag_are_bounded(settings):
    settings.RELATED_CANDIDATES_PER_TAG = 3
    tag = make_tag("covid")
    old = make_article("Oldest created", tags=[tag], days_ago=1)
    for n in range(4):
        make_article(f"Newer {n}", tags=[tag], days_ago=20 + n)
    subject = make_article("Subject", tags=[tag])
    # Only the three most recently created tagged articles (besides the subject) are read.
    assert old.title not in titles(services.related_stories(subject))


def test_related_stories_carry_their_section():
    tag = make_tag("nutrition")
    subject = make_article("Subject", tags=[tag])
    other = make_article("Other", tags=[tag])
    [story] = services.related_stories(subject)
    assert story.section.name == other.section.name
    assert story.get_absolute_url() == other.get_absolute_url()


def test_only_a_shortlist_of_article_rows_is_read(settings):
    """The ranking runs on the tag index; article rows are read for a bounded shortlist only."""
    settings.RELATED_SHORTLIST_FACTOR = 1
    tag = make_tag("shortlist")
    subject = make_article("Subject", tags=[tag])
    for n in range(3):
        make_article(f"Candidate {n}", tags=[tag], days_ago=n + 1)
    stories = services.related_stories(subject)
    assert len(stories) == 3  # shortlist of 6 x 1 covers all three
    sql, params = services.related_stories_sql(article_id=subject.pk, tags=[tag], limit=2)
    assert "LIMIT" in sql.split("AS ranked")[0].rsplit("GROUP BY", 1)[1]
    assert 2 * settings.RELATED_SHORTLIST_FACTOR in params


class TestSectionFronts:
    def test_each_section_with_stories_in_section_order_with_its_newest_three(self):
        first, second = make_section("First", position=1), make_section("Second", position=2)
        empty = make_section("Empty")
        for n in range(5):
            make_article(f"Second {n}", section=second, days_ago=n + 1)
            make_article(f"First {n}", section=first, days_ago=n + 1)
        make_article("First draft", section=first, status=Status.DRAFT, days_ago=0)
        make_article("First scheduled", section=first, published_at=timezone.now() + timedelta(days=1))
        fronts = services.section_fronts()
        assert [(section.name, titles(stories)) for section, stories in fronts] == [
            ("First", ["First 0", "First 1", "First 2"]),
            ("Second", ["Second 0", "Second 1", "Second 2"]),
        ]
        assert empty not in [section for section, _ in fronts]


class TestStoreRenderedBodies:
    def test_bodies_written_around_save_are_sanitised_and_stored(self):
        story = make_article("Bulk written")
        Article.objects.filter(pk=story.pk).update(body='<p onclick="x()">Hi<script>bad()</script></p>', body_html="")
        assert services.store_rendered_bodies([story.pk]) == 1
        story.refresh_from_db()
        assert story.body_html == "<p>Hi</p>"

    def test_unchanged_bodies_are_not_written_again(self):
        story = make_article("Saved normally")
        assert services.store_rendered_bodies([story.pk, 987654]) == 0

    @postgresql_only
    @pytest.mark.django_db(transaction=True)
    def test_a_body_an_editor_saves_while_the_batch_renders_keeps_its_own_html(self, monkeypatch):
        story = make_article("Corrected meanwhile")
        Article.objects.filter(pk=story.pk).update(body_html="")  # an image change: its HTML is due again
        corrected = "<p>The corrected dose.</p>"
        meanwhile = before_first_call(
            monkeypatch,
            services,
            "render_body",
            lambda: Article.objects.filter(pk=story.pk).update(body=corrected, body_html=corrected),
        )

        services.store_rendered_bodies([story.pk])
        meanwhile.finish()

        story.refresh_from_db()
        assert (story.body, story.body_html) == (corrected, corrected)

    def test_a_save_stores_the_body_html_even_with_update_fields(self):
        story = make_article("Edited")
        story.body = "<p>New <em>words</em>.</p>"
        story.save(update_fields=["body"])
        assert Article.objects.values_list("body_html", flat=True).get(pk=story.pk) == "<p>New <em>words</em>.</p>"
