"""articles.models.prepared: a queryset compiled once per process gives what the ORM gives, at each fetch's time."""

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import related, services, views
from articles.models import Article, Section, Status, prepared
from editorial.models import Correction
from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag

pytestmark = pytest.mark.django_db

# Everything the article page reads of its object: fields, joined rows and the riding-along annotations.
ANNOTATIONS = ("byline_rows", "tag_rows", "site_disclaimer_row", "correction_rows", "older_link", "newer_link")


@pytest.fixture
def section_of_three():
    make_disclaimer(is_default=True)
    section = make_section("Heart")
    heart, rare = make_tag("Heart"), make_tag("Rare")
    older = make_article("Older", section=section, tags=[heart], days_ago=3)
    middle = make_article(
        "Middle", section=section, tags=[heart, rare], authors=[make_author("Dr Ada Lane")], days_ago=2
    )
    newer = make_article("Newer", section=section, tags=[heart], days_ago=1)
    Correction.objects.create(article=middle, note="The dose was 5 mg, not 50 mg.")
    related.refresh_related([older.pk, middle.pk, newer.pk])
    return older, middle, newer


def orm_page(slug):
    return views.article_page().get(slug=slug)


def described(article):
    """What a page shows of a loaded article, as plain values."""
    return {
        "fields": {field.attname: getattr(article, field.attname) for field in Article._meta.concrete_fields},
        "section": (article.section.pk, article.section.name),
        "annotations": {name: getattr(article, name, None) for name in ANNOTATIONS},
        "related": sorted((row["rank"], row["slug"]) for row in article.related_rows or []),
    }


def test_the_prepared_page_query_loads_what_the_orm_loads(section_of_three):
    for story in section_of_three:
        (fetched,) = views.PUBLIC_ARTICLE_PAGE.fetch(slug=story.slug)
        assert described(fetched) == described(orm_page(story.slug))
    _, middle, _ = section_of_three
    (fetched,) = views.PUBLIC_ARTICLE_PAGE.fetch(slug=middle.slug)
    assert fetched.older_link["title"] == "Older" and fetched.newer_link["title"] == "Newer"
    assert [row["note"] for row in fetched.correction_rows] == ["The dose was 5 mg, not 50 mg."]
    assert {row["slug"] for row in fetched.related_rows} == {"older", "newer"}


def test_one_query_per_fetch_once_compiled(section_of_three):
    older, middle, _ = section_of_three
    views.PUBLIC_ARTICLE_PAGE.fetch(slug=older.slug)
    with CaptureQueriesContext(connection) as queries:
        views.PUBLIC_ARTICLE_PAGE.fetch(slug=middle.slug)
    assert len(queries) == 1


def test_only_the_published_door_s_stories_are_fetched(section_of_three):
    section = Section.objects.get(name="Heart")
    draft = make_article("Draft", section=section, status=Status.DRAFT)
    later = make_article("Later", section=section, days_ago=-1)
    assert views.PUBLIC_ARTICLE_PAGE.fetch(slug=draft.slug) == []
    assert views.PUBLIC_ARTICLE_PAGE.fetch(slug=later.slug) == []
    assert views.PUBLIC_ARTICLE_PAGE.fetch(slug="no-such-story") == []


def test_each_fetch_compares_with_its_own_time_not_the_compile_s(section_of_three):
    _, middle, newer = section_of_three
    soon = make_article("Soon", section=middle.section, published_at=timezone.now() + timedelta(minutes=5))
    assert views.PUBLIC_ARTICLE_PAGE.fetch(slug=soon.slug) == []
    shapes = dict(views.PUBLIC_ARTICLE_PAGE._shapes)
    later = timezone.now() + timedelta(minutes=10)
    with mock.patch("django.utils.timezone.now", return_value=later):
        (fetched,) = views.PUBLIC_ARTICLE_PAGE.fetch(slug=soon.slug)
        # The neighbours and the related list take the same time: the newest story now has a newer one.
        (newest_before,) = views.PUBLIC_ARTICLE_PAGE.fetch(slug=newer.slug)
    assert fetched.title == "Soon"
    assert newest_before.newer_link["title"] == "Soon"
    assert views.PUBLIC_ARTICLE_PAGE._shapes == shapes  # not compiled again


def test_the_public_page_reads_through_the_prepared_query(client, section_of_three, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    _, middle, _ = section_of_three
    with mock.patch.object(views.PUBLIC_ARTICLE_PAGE, "fetch", wraps=views.PUBLIC_ARTICLE_PAGE.fetch) as fetch:
        response = client.get(middle.get_absolute_url())
    assert response.status_code == 200
    fetch.assert_called_once_with(slug=middle.slug)
    assert b"The dose was 5 mg, not 50 mg." in response.content
    assert client.get("/article/no-such-story/").status_code == 404


def test_a_setting_change_forgets_the_compiled_shapes(section_of_three, settings):
    older, _, _ = section_of_three
    views.PUBLIC_ARTICLE_PAGE.fetch(slug=older.slug)
    assert views.PUBLIC_ARTICLE_PAGE._shapes
    settings.RELATED_STORIES_LIMIT = 1
    assert not views.PUBLIC_ARTICLE_PAGE._shapes


def test_a_build_that_drops_an_argument_is_refused():
    query = prepared.PreparedQuery(Article, lambda slug: Article.objects.published(), slug=str)
    with pytest.raises(ValueError, match="slug"):
        query.fetch(slug="anything")


def test_fetch_takes_exactly_the_declared_arguments():
    query = prepared.PreparedQuery(Article, lambda slug: Article.objects.filter(slug=slug), slug=str)
    with pytest.raises(TypeError):
        query.fetch(pk=1)
    with pytest.raises(TypeError):
        prepared.PreparedQuery(Section, lambda slug: Article.objects.filter(slug=slug), slug=str).fetch(slug="x")


def test_now_is_a_marker_only_while_a_shape_is_built():
    assert abs(prepared.now() - timezone.now()) < timedelta(seconds=5)
    seen = []

    def build(slug):
        seen.append(prepared.now())
        return Article.objects.filter(slug=slug)

    prepared.PreparedQuery(Article, build, slug=str).fetch(slug="x")
    assert seen == list(prepared.NOW_MARKERS), "built twice, once with each set of markers"
    assert prepared.now() not in prepared.NOW_MARKERS


@pytest.mark.parametrize(
    "build",
    [
        lambda slug: Article.objects.filter(slug__contains=slug),  # escaped and wrapped in % for LIKE
        lambda slug: Article.objects.filter(slug=slug, published_at__gte=prepared.now() - timedelta(days=7)),
        lambda slug: Article.objects.filter(slug=slug).values("pk"),
        lambda slug: Article.objects.filter(slug=slug).values_list("pk", named=True),
        lambda slug: Article.objects.filter(slug=slug).prefetch_related("tags"),
        lambda slug: Article.objects.filter(slug=slug, pk__in=list(Article.objects.values_list("pk", flat=True))),
    ],
    ids=["transformed argument", "time derived from now", "values", "named", "prefetch", "runs a query while built"],
)
def test_a_build_that_cannot_be_replayed_faithfully_is_refused(build):
    make_article("Any story")
    with pytest.raises(prepared.PreparedQueryError):
        prepared.PreparedQuery(Article, build, slug=str).fetch(slug="anything")


def test_a_story_taken_down_after_the_compile_is_gone_at_the_next_fetch(section_of_three):
    _, middle, _ = section_of_three
    assert views.PUBLIC_ARTICLE_PAGE.fetch(slug=middle.slug)
    Article.objects.filter(pk=middle.pk).update(status=Status.DRAFT)
    assert views.PUBLIC_ARTICLE_PAGE.fetch(slug=middle.slug) == []
    assert middle.slug not in [story.slug for story in services.latest_stories(limit=5)]


def test_a_build_that_matches_nothing_is_refused():
    query = prepared.PreparedQuery(Article, lambda slug: Article.objects.filter(slug=slug, pk__in=[]), slug=str)
    with pytest.raises(prepared.PreparedQueryError, match="matches nothing"):
        query.fetch(slug="x")


def test_fetch_checks_its_values_types():
    query = prepared.PreparedQuery(Article, lambda exclude: Article.objects.exclude(pk=exclude), exclude=int)
    with pytest.raises(TypeError):
        query.fetch(exclude=True)
    with pytest.raises(TypeError):
        query.fetch(exclude="1")


def test_the_latest_stories_are_the_orm_s_instances(section_of_three):
    _, middle, _ = section_of_three
    orm = list(Article.objects.published().for_cards().exclude(pk=middle.pk)[:5])
    fetched = services.latest_stories(exclude=middle, limit=5)

    def loaded(story):
        deferred = story.get_deferred_fields()
        names = [field.attname for field in Article._meta.concrete_fields if field.attname not in deferred]
        fields = {name: getattr(story, name) for name in names}
        return deferred, fields

    assert [loaded(story) for story in fetched] == [loaded(story) for story in orm]
    assert {"body", "body_html"} <= loaded(fetched[0])[0], "cards leave the body unread"
    assert [story.section.name for story in fetched] == [story.section.name for story in orm]


def test_an_int_argument_is_replaced_where_its_marker_was(section_of_three):
    older, middle, newer = section_of_three
    beside_middle = services.latest_stories(exclude=middle, limit=5)
    assert [story.title for story in beside_middle] == ["Newer", "Older"]
    assert [story.title for story in services.latest_stories(exclude=newer, limit=5)] == ["Middle", "Older"]
    assert [story.title for story in services.latest_stories(limit=2)] == ["Newer", "Middle"]


def test_queries_without_arguments_still_take_each_fetch_s_time(section_of_three):
    _, middle, _ = section_of_three
    soon = make_article("Soon", section=middle.section, published_at=timezone.now() + timedelta(minutes=5))
    assert soon.title not in [story.title for _, stories in services.section_fronts() for story in stories]
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=10)):
        fronts = services.section_fronts()
        latest = services.latest_stories(exclude=middle)
    assert [story.title for _, stories in fronts for story in stories] == ["Soon", "Newer", "Middle"]
    assert latest[0].title == "Soon"


def test_values_list_rows_are_the_orm_s_tuples_also_of_a_union(section_of_three):
    older, middle, newer = section_of_three

    def build(exclude):
        stories = Article.objects.published().exclude(pk=exclude).order_by()
        return (
            stories.values_list("pk", "title", "published_at")
            .union(stories.values_list("pk", "slug", "published_at"), all=True)
            .order_by("title")
        )

    query = prepared.PreparedQuery(Article, build, exclude=int)
    expected = list(build(middle.pk))
    assert query.fetch(exclude=middle.pk) == expected and len(expected) == 4
    assert all(isinstance(published_at, datetime) for _, _, published_at in expected), "converted as the ORM does"
    flat = prepared.PreparedQuery(
        Article, lambda slug: Article.objects.filter(slug=slug).values_list("title", flat=True), slug=str
    )
    assert flat.fetch(slug="older") == ["Older"]
    Article.objects.filter(pk=older.pk).update(title="Oldest")
    assert flat.fetch(slug="older") == ["Oldest"], "rows are read at each fetch"
