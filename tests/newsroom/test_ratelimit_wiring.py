"""The expensive public endpoints are limited per client: search and the feeds of one section, tag or author.

newsroom.ratelimit's own behaviour is in test_ratelimit.py; here, through the whole stack, that
these addresses use it: 429 with Retry-After after N, another client unaffected, a new window
resets it, a cache that fails means no limit, and the cheap pages stay unlimited.
"""

import pytest
import time_machine
from django.urls import reverse

from newsroom import ratelimit
from tests.support.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

NOON = "2026-12-04 12:00:10 +00:00"
CLIENT, OTHER = "203.0.113.7", "198.51.100.9"


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (3, 60), "feeds": (3, 60)}
    settings.RATE_LIMITS_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 0
    return settings


def searches():
    # A new query each time: a page the page cache already holds never reaches the view.
    return (f"{reverse('search:search')}?q=heart{number}" for number in range(100))


@pytest.fixture
def feeds():
    """Built at NOON, when the tests read them: the story is public by then whatever today is."""
    with time_machine.travel(NOON, tick=False):
        return build_feeds()


def build_feeds():
    section, tag, author = make_section("Cardiology"), make_tag("Blood pressure"), make_author("Ada Lovelace")
    make_article("Salt and the heart", section=section, authors=[author], tags=[tag])
    return [
        reverse("articles:section_feed", kwargs={"slug": section.slug}),
        reverse("articles:tag_feed_atom", kwargs={"slug": tag.slug}),
        reverse("articles:author_feed", kwargs={"slug": author.slug}),
        reverse("articles:section_feed_atom", kwargs={"slug": section.slug}),
        reverse("articles:tag_feed", kwargs={"slug": tag.slug}),
    ]


def statuses(client, paths, address=CLIENT):
    return [client.get(path, REMOTE_ADDR=address).status_code for path in paths]


class TestSearch:
    def test_the_fourth_search_in_a_minute_gets_429_with_retry_after(self, client, limits):
        paths = searches()
        with time_machine.travel(NOON, tick=False):
            assert statuses(client, [next(paths) for _ in range(3)]) == [200, 200, 200]
            refused = client.get(next(paths), REMOTE_ADDR=CLIENT)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "50"
        assert "Too many requests" in refused.content.decode()

    def test_another_client_is_not_affected(self, client, limits):
        paths = searches()
        with time_machine.travel(NOON, tick=False):
            statuses(client, [next(paths) for _ in range(4)])
            assert client.get(next(paths), REMOTE_ADDR=OTHER).status_code == 200

    def test_the_limit_resets_with_the_next_window(self, client, limits):
        paths = searches()
        with time_machine.travel(NOON, tick=False):
            assert statuses(client, [next(paths) for _ in range(4)])[-1] == 429
        with time_machine.travel("2026-12-04 12:01:00 +00:00", tick=False):
            assert client.get(next(paths), REMOTE_ADDR=CLIENT).status_code == 200

    def test_a_cache_that_fails_means_no_limit(self, client, limits, monkeypatch):
        monkeypatch.setattr(ratelimit, "caches", {limits.RATE_LIMIT_CACHE_ALIAS: BrokenCache()})
        paths = searches()
        with time_machine.travel(NOON, tick=False):
            assert statuses(client, [next(paths) for _ in range(6)]) == [200] * 6

    def test_the_client_is_the_address_the_trusted_proxy_saw(self, client, limits):
        limits.TRUSTED_PROXY_COUNT = 1
        paths = searches()
        with time_machine.travel(NOON, tick=False):
            for spoofed in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
                client.get(next(paths), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{spoofed}, {CLIENT}")
            spoofed_again = client.get(next(paths), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"4.4.4.4, {CLIENT}")
            assert spoofed_again.status_code == 429
            assert client.get(next(paths), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OTHER).status_code == 200


class TestFeeds:
    def test_the_fourth_feed_of_a_section_tag_or_author_gets_429(self, client, limits, feeds):
        with time_machine.travel(NOON, tick=False):
            assert statuses(client, feeds[:3]) == [200, 200, 200]
            refused = client.get(feeds[3], REMOTE_ADDR=CLIENT)
            assert refused.status_code == 429
            assert refused["Retry-After"] == "50"
            assert client.get(feeds[4], REMOTE_ADDR=OTHER).status_code == 200
        with time_machine.travel("2026-12-04 12:01:00 +00:00", tick=False):
            assert client.get(feeds[4], REMOTE_ADDR=CLIENT).status_code == 200

    def test_a_refusal_is_never_kept_by_the_page_cache(self, client, limits, feeds):
        with time_machine.travel(NOON, tick=False):
            statuses(client, feeds[:3])
            assert client.get(feeds[3], REMOTE_ADDR=CLIENT).status_code == 429
            assert client.get(feeds[3], REMOTE_ADDR=OTHER).status_code == 200

    def test_the_site_feed_is_not_limited(self, client, limits):
        with time_machine.travel(NOON, tick=False):
            assert set(statuses(client, [reverse("articles:feed"), reverse("articles:feed_atom")] * 4)) == {200}


class BrokenCache:
    def add(self, *args, **kwargs):
        raise ConnectionError("cache down")

    incr = add
