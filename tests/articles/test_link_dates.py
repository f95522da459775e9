"""Tag links and bylines carry their article's publication time, so a tag's or an author's newest stories
are read from their own links: in order, never showing what the published door refuses, at a cost that does
not grow with the archive."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import bylines
from articles.models import Article, ArticleAuthor, Status, TaggedArticle
from articles.models.link_dates import copy_to_links
from articles.pagination import PageWindowPaginator
from tests.support.factories import add_stories, make_article, make_author, make_section, make_tag
from tests.support.sqlite_steps import sqlite_steps

pytestmark = pytest.mark.django_db


def link_times(article):
    tags = set(TaggedArticle.objects.filter(content_object=article).values_list("published_at", flat=True))
    authors = set(ArticleAuthor.objects.filter(article=article).values_list("published_at", flat=True))
    return tags, authors


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [story.title for story in response.context["page_obj"].object_list]


@pytest.fixture(autouse=True)
def rendered_every_time(settings):
    """Every page rendered, none from the page cache: these tests read what the queries find."""
    settings.CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in settings.CACHES}


@pytest.fixture
def section():
    return make_section("Cardiology")


def test_a_new_tag_link_and_byline_take_their_articles_time_whichever_way_they_are_written(section):
    statins, ada, bo = make_tag("Statins"), make_author("Ada Byline"), make_author("Bo Byline")
    story = make_article("Story", authors=[ada], tags=[statins], days_ago=3)  # byline saved, tags by taggit
    bylines.write(story, [ada.pk, bo.pk])  # bylines bulk-created, as the admin's byline field writes them
    reloaded = Article.objects.get(pk=story.pk)
    reloaded.tags.add(make_tag("Blood pressure"))

    assert link_times(story) == ({story.published_at}, {story.published_at})


def test_publishing_rescheduling_and_taking_a_date_away_pass_the_time_to_the_links(section):
    statins, ada = make_tag("Statins"), make_author("Ada Byline")
    story = make_article("Story", authors=[ada], tags=[statins], status=Status.DRAFT, days_ago=None)
    assert link_times(story) == ({None}, {None})

    story.status, story.published_at = Status.PUBLISHED, timezone.now() - timedelta(hours=1)
    story.save()
    assert link_times(story) == ({story.published_at}, {story.published_at})

    later = timezone.now() + timedelta(days=2)
    edited = Article.objects.get(pk=story.pk)
    edited.published_at = later
    edited.save(update_fields=["published_at"])
    assert link_times(story) == ({later}, {later})

    edited.published_at = None
    edited.save()
    assert link_times(story) == ({None}, {None})


def test_a_save_that_leaves_the_time_alone_writes_no_link(section):
    story = make_article("Story", authors=[make_author("Ada Byline")], tags=[make_tag("Statins")])
    edited = Article.objects.get(pk=story.pk)
    edited.title = "Story, retitled"
    with CaptureQueriesContext(connection) as queries:
        edited.save()
    writes = [query["sql"] for query in queries if query["sql"].startswith("UPDATE")]
    assert writes and not [sql for sql in writes if "taggedarticle" in sql or "articleauthor" in sql], writes


@pytest.mark.django_db(transaction=True)  # autocommit, as a script's save runs
def test_a_save_that_fails_leaves_the_links_times_as_they_were(section):
    make_article("Taken", slug="taken")
    story = make_article("Story", authors=[make_author("Ada Byline")], tags=[make_tag("Statins")], days_ago=2)
    before = link_times(story)
    edited = Article.objects.get(pk=story.pk)
    edited.published_at -= timedelta(days=5)
    edited.slug = "taken"  # the article's own write fails after the links' would have been written

    with pytest.raises(IntegrityError):
        edited.save()

    assert link_times(story) == before


def test_copy_to_links_mends_links_written_around_it(section):
    story = make_article("Story", authors=[make_author("Ada Byline")], tags=[make_tag("Statins")], days_ago=2)
    draft = make_article("Draft", tags=[make_tag("Lipids")], status=Status.DRAFT, days_ago=None)
    moved = story.published_at - timedelta(days=30)
    Article.objects.filter(pk=story.pk).update(published_at=moved)  # past save(), as a bulk writer would

    assert copy_to_links() == 2  # the story's tag link and byline; the undated draft's link is left alone
    assert link_times(story) == ({moved}, {moved})
    assert link_times(draft)[0] == {None}
    assert copy_to_links() == 0


def test_tag_and_author_pages_and_feeds_list_newest_first_only_what_the_door_lets_through(client, section):
    statins, ada = make_tag("Statins"), make_author("Ada Byline")
    make_article("Two days old", authors=[ada], tags=[statins], days_ago=2)
    make_article("Yesterday's", authors=[ada], tags=[statins], days_ago=1)
    make_article("A week old", authors=[ada], tags=[statins], days_ago=7)
    make_article("Scheduled", authors=[ada], tags=[statins], published_at=timezone.now() + timedelta(days=1))
    withdrawn = make_article("Taken down", authors=[ada], tags=[statins], days_ago=3)
    withdrawn.status = Status.UNPUBLISHED
    withdrawn.save()
    make_article("Someone else's", authors=[make_author("Bo Byline")], days_ago=0)

    newest_first = ["Yesterday's", "Two days old", "A week old"]
    assert listed(client, statins.get_absolute_url()) == newest_first
    assert listed(client, ada.get_absolute_url()) == newest_first
    for feed in (f"/tag/{statins.slug}/feed/", f"/author/{ada.slug}/feed/"):
        response = client.get(feed)
        assert response.status_code == 200, feed
        content = response.content.decode()
        positions = [content.index(f"<title>{title}</title>") for title in newest_first]
        assert positions == sorted(positions), feed
        assert "Scheduled" not in content and "Taken down" not in content


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's virtual machine steps")
@pytest.mark.parametrize(("newest_of", "links"), [("tag", "tagged"), ("author", "byline")])
def test_a_tag_or_author_list_reads_its_own_newest_links_not_the_archive_nor_all_its_stories(
    section, settings, newest_of, links
):
    """Neither many newer stories of others (a walk of the newest articles would pass them) nor many older
    stories of its own (a look-up of all its stories by key would read them) make a page of it dearer:
    its stories and its capped count, as the list pages read them."""
    owner = make_tag("Old tag") if newest_of == "tag" else make_author("Old hand")
    owner_links = {"tags": [owner]} if newest_of == "tag" else {"authors": [owner]}
    window = (1 + settings.LIST_PAGES_AHEAD) * settings.ARTICLES_PER_PAGE  # how far page 1's count reads
    add_stories(section, window + 10, days_ago_from=400, prefix="Old mine", **owner_links)

    def read_first_page():
        stories = Article.objects.published().for_cards()
        stories = stories.newest_tagged(owner) if newest_of == "tag" else stories.newest_by_author(owner)
        page = PageWindowPaginator(stories, settings.ARTICLES_PER_PAGE).page(1)
        return [story.title for story in page.object_list], page.paginator.count

    def with_statistics():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics, as a deployment keeps them

    with_statistics()
    few = sqlite_steps(read_first_page)
    add_stories(section, 400, days_ago_from=1, prefix="Newer theirs")
    add_stories(section, 400, days_ago_from=500, prefix="Older mine", **owner_links)
    with_statistics()
    many = sqlite_steps(read_first_page)

    titles, count = read_first_page()
    assert titles[:2] == ["Old mine 400", "Old mine 401"]
    assert count == window
    assert many < few * 1.2, (links, few, many)
