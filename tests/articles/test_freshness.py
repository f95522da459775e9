"""Conditional GET: a reader's cached copy is confirmed with a 304 until the content changes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/?page=1",
    "/article/lead-story/",
    "/section/cardiology/",
    "/tag/lupus/",
    "/author/ada-lane/",
    "/feed/",
    "/feed/atom/",
    "/section/cardiology/feed/",
    "/tag/lupus/feed/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/news-sitemap.xml",
]


@pytest.fixture
def newsroom():
    cardio = make_section("Cardiology")
    lupus = make_tag("lupus")
    ada = make_author("Ada Lane", slug="ada-lane")
    disclaimer = make_disclaimer(is_default=True)
    lead = make_article("Lead story", section=cardio, authors=[ada], tags=[lupus], days_ago=0)
    other = make_article("Other story", section=cardio, authors=[ada], tags=[lupus], days_ago=1)
    return {"lead": lead, "other": other, "disclaimer": disclaimer, "section": cardio, "tag": lupus, "author": ada}


@pytest.fixture
def without_page_cache(settings):
    """Only the views' own conditional handling (articles.freshness), no page cache in front."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("PageCacheMiddleware")]


def revalidate(client, url, response):
    return client.get(url, headers={"if-none-match": response["ETag"]})


@pytest.mark.parametrize("url", URLS)
def test_repeat_request_with_the_etag_gets_304(client, newsroom, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('W/"')
    assert first.has_header("Last-Modified")
    second = revalidate(client, url, first)
    assert second.status_code == 304
    assert second.content == b""
    assert second["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", URLS)
def test_if_modified_since_gets_304(client, newsroom, url):
    first = client.get(url)
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304


def test_a_304_for_a_list_costs_no_query(client, newsroom):
    first = client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert revalidate(client, "/", first).status_code == 304
    assert len(queries) == 0


def test_a_304_for_an_article_costs_one_query_proving_it_is_still_public(client, newsroom, without_page_cache):
    first = client.get("/article/lead-story/")
    with CaptureQueriesContext(connection) as queries:
        assert revalidate(client, "/article/lead-story/", first).status_code == 304
    assert len(queries) == 1


def test_after_an_unpublish_an_old_etag_gets_404_even_if_the_cache_missed_the_change(
    client, newsroom, without_page_cache
):
    """Once cached pages have expired, a token the cache never replaced must not confirm a pulled story."""
    first = client.get("/article/lead-story/")
    lead = newsroom["lead"]
    # As if the cache had been unreachable at the unpublish: the row changes, the tokens do not.
    type(lead).objects.filter(pk=lead.pk).update(status="unpublished")
    assert revalidate(client, "/article/lead-story/", first).status_code == 404
    assert client.get("/article/lead-story/", headers={"if-modified-since": first["Last-Modified"]}).status_code == 404


def test_editing_a_draft_moves_no_public_etag(client, newsroom, time_machine):
    time_machine.move_to(timezone.now())
    draft = make_article("Draft story", section=newsroom["section"], status="draft", days_ago=None)
    urls = ["/", "/article/lead-story/", "/feed/"]
    firsts = {url: client.get(url) for url in urls}
    time_machine.shift(timedelta(seconds=2))
    draft.title = "Draft story, retitled"
    draft.body = "<p>Still a draft.</p>"
    draft.save()
    for url in urls:
        assert revalidate(client, url, firsts[url]).status_code == 304, url


def edit_article(stories):
    stories["lead"].title = "Lead story, corrected"
    stories["lead"].save()


def edit_other_article(stories):
    stories["other"].dek = "A new dek for the related story."
    stories["other"].save()


def edit_disclaimer(stories):
    stories["disclaimer"].body = "New wording."
    stories["disclaimer"].save()


def edit_section(stories):
    stories["section"].name = "Heart"
    stories["section"].save()


def edit_author(stories):
    stories["author"].name = "Ada Lane-Smith"
    stories["author"].save()


def retag(stories):
    stories["lead"].tags.add(make_tag("new tag"))


def publish_another(stories):
    make_article("Breaking story", section=stories["section"], days_ago=0)


CHANGES_SEEN_EVERYWHERE = [edit_article, edit_other_article, edit_section, edit_author, retag, publish_another]
CASES = [
    *[(change, url) for change in CHANGES_SEEN_EVERYWHERE
      for url in ["/article/lead-story/", "/", "/feed/", "/sitemap-articles.xml"]],
    (edit_disclaimer, "/article/lead-story/"),  # disclaimers show on article pages only
]  # fmt: skip


@pytest.mark.parametrize("url", ["/", "/feed/", "/sitemap-articles.xml"])
def test_a_disclaimer_change_leaves_lists_confirmed(client, newsroom, time_machine, url):
    time_machine.move_to(timezone.now())
    first = client.get(url)
    time_machine.shift(timedelta(seconds=2))
    edit_disclaimer(newsroom)
    assert revalidate(client, url, first).status_code == 304


@pytest.mark.parametrize("change, url", CASES)
def test_any_change_to_what_the_page_shows_gives_200_again(client, newsroom, time_machine, change, url):
    time_machine.move_to(timezone.now())
    first = client.get(url)
    time_machine.shift(timedelta(seconds=2))
    change(newsroom)
    second = revalidate(client, url, first)
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 200


def test_a_scheduled_story_going_live_gives_200_without_any_write(client, newsroom, time_machine):
    time_machine.move_to(timezone.now())
    make_article("Scheduled story", section=newsroom["section"], published_at=timezone.now() + timedelta(hours=1))
    first = client.get("/")
    assert revalidate(client, "/", first).status_code == 304
    time_machine.shift(timedelta(hours=2))
    second = revalidate(client, "/", first)
    assert second.status_code == 200
    assert "Scheduled story" in second.content.decode()


def test_etags_differ_between_pages_and_between_pages_of_a_list(client, newsroom):
    etags = {client.get(url)["ETag"] for url in ["/", "/?page=1", "/feed/", "/article/lead-story/"]}
    assert len(etags) == 4


def test_errors_and_redirects_carry_no_validators(client, newsroom):
    response = client.get("/article/no-such-story/")
    assert response.status_code == 404
    assert not response.has_header("ETag")


@pytest.mark.parametrize("url", ["/article/lead-story/", "/feed/", "/news-sitemap.xml"])
def test_the_views_answer_304_themselves(client, newsroom, without_page_cache, time_machine, url):
    time_machine.move_to(timezone.now())
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert revalidate(client, url, first).status_code == 304
    # An article page checks that it is still public before confirming a copy.
    assert len(queries) == (1 if url.startswith("/article/") else 0)
    time_machine.shift(timedelta(seconds=2))
    edit_article(newsroom)
    assert revalidate(client, url, first).status_code == 200
