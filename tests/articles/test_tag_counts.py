"""Tag.article_count follows every way an article gains or loses a tag."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Tag
from tests.support.factories import make_article, make_tag

pytestmark = pytest.mark.django_db


def counts(*tags):
    return [Tag.objects.get(pk=tag.pk).article_count for tag in tags]


@pytest.fixture
def lupus():
    return make_tag("lupus")


@pytest.fixture
def stroke():
    return make_tag("stroke")


def test_adding_tags_counts_each_new_tag(lupus, stroke):
    story = make_article("One")
    story.tags.add(lupus, stroke)
    make_article("Two", tags=[lupus])
    assert counts(lupus, stroke) == [2, 1]


def test_adding_a_tag_the_article_already_has_counts_it_once(lupus):
    story = make_article("One", tags=[lupus])
    story.tags.add(lupus)
    assert counts(lupus) == [1]


def test_removing_a_tag_lowers_only_that_tag(lupus, stroke):
    story = make_article("One", tags=[lupus, stroke])
    story.tags.remove(lupus)
    assert counts(lupus, stroke) == [0, 1]


def test_setting_tags_counts_the_added_and_the_dropped(lupus, stroke):
    story = make_article("One", tags=[lupus])
    story.tags.set([stroke])
    assert counts(lupus, stroke) == [0, 1]


def test_clearing_an_articles_tags_lowers_every_one_of_them(lupus, stroke):
    story = make_article("One", tags=[lupus, stroke])
    make_article("Two", tags=[lupus])
    story.tags.clear()
    assert counts(lupus, stroke) == [1, 0]


def test_deleting_an_article_lowers_the_count_of_each_of_its_tags(lupus, stroke):
    make_article("Gone", tags=[lupus, stroke]).delete()
    make_article("Stays", tags=[lupus])
    assert counts(lupus, stroke) == [1, 0]


def test_deleting_articles_in_bulk_lowers_the_counts(lupus, stroke):
    make_article("Gone one", tags=[lupus, stroke])
    make_article("Gone two", tags=[lupus])
    make_article("Stays", tags=[lupus])
    Article.objects.filter(title__startswith="Gone").delete()
    assert counts(lupus, stroke) == [1, 0]


def test_deleting_a_tag_leaves_the_other_tags_counts_alone(lupus, stroke):
    make_article("One", tags=[lupus, stroke])
    make_article("Two", tags=[lupus, stroke])
    lupus.delete()
    assert not Tag.objects.filter(slug="lupus").exists()
    assert counts(stroke) == [2]


def test_deleting_a_tag_does_not_recount_it_once_per_article(lupus):
    for n in range(3):
        make_article(f"Story {n}", tags=[lupus])
    with CaptureQueriesContext(connection) as captured:
        Tag.objects.filter(pk=lupus.pk).delete()
    assert not [q["sql"] for q in captured if q["sql"].startswith("UPDATE") and "article_count" in q["sql"]]


def test_saving_a_tag_read_before_a_recount_keeps_the_new_count(lupus):
    opened = Tag.objects.get(pk=lupus.pk)  # an editor opens the tag's change form
    make_article("Tagged meanwhile", tags=[lupus])
    opened.description = "An autoimmune disease."
    opened.save()
    assert counts(lupus) == [1]
    assert Tag.objects.get(pk=lupus.pk).description == "An autoimmune disease."
