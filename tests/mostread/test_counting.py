"""Which requests count as a view of an article, and that counting never costs a page."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from mostread import counting, services, tally
from mostread.models import ArticleViews
from tests.support.factories import make_article
from tests.support.staff import make_staff

from .conftest import BROWSER

pytestmark = pytest.mark.django_db


def views_of(story):
    services.fold()
    return sum(ArticleViews.objects.filter(article=story).values_list("views", flat=True))


def test_a_readers_visit_to_an_article_page_counts_once(reader):
    story = make_article("Salt and the heart")
    response = reader.get(story.get_absolute_url())
    assert response.status_code == 200
    assert views_of(story) == 1


def test_views_served_from_the_page_cache_count_too(reader):
    story = make_article("Salt and the heart")
    reader.get(story.get_absolute_url())
    hit = reader.get(story.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    assert views_of(story) == 2


def test_counting_sets_no_cookie_and_keeps_nothing_about_the_reader(reader):
    story = make_article("Salt and the heart")
    response = reader.get(story.get_absolute_url(), REMOTE_ADDR="203.0.113.9")
    assert not response.cookies
    services.fold()
    row = ArticleViews.objects.get(article=story)
    assert {field.name for field in ArticleViews._meta.concrete_fields} == {"id", "article", "hour", "views"}
    assert row.views == 1 and row.hour.minute == row.hour.second == 0


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) Chrome-Lighthouse",
        "python-requests/2.32.3",
        "curl/8.5.0",
        "",
    ],
)
def test_robots_are_not_counted(client, user_agent):
    story = make_article("Salt and the heart")
    assert client.get(story.get_absolute_url(), HTTP_USER_AGENT=user_agent).status_code == 200
    assert views_of(story) == 0


@pytest.mark.parametrize(
    "header",
    [{"HTTP_SEC_PURPOSE": "prefetch"}, {"HTTP_SEC_PURPOSE": "prefetch;prerender"}, {"HTTP_PURPOSE": "prefetch"}],
)
def test_prefetches_and_prerenders_are_not_counted(reader, header):
    story = make_article("Salt and the heart")
    assert reader.get(story.get_absolute_url(), **header).status_code == 200
    assert views_of(story) == 0


def test_head_requests_are_not_counted(reader):
    story = make_article("Salt and the heart")
    assert reader.head(story.get_absolute_url()).status_code == 200
    assert views_of(story) == 0


def test_signed_in_staff_are_not_counted(reader):
    story = make_article("Salt and the heart")
    reader.force_login(make_staff("editor", "cam.editor"))
    reader.get("/admin/")  # as signing in does, gives the signed-in marker
    assert reader.get(story.get_absolute_url()).status_code == 200
    assert views_of(story) == 0


def test_other_pages_and_missing_articles_are_not_counted(reader):
    story = make_article("Salt and the heart")
    reader.get("/")
    reader.get(story.section.get_absolute_url())
    assert reader.get("/article/no-such-story/").status_code == 404
    assert tally.take() == {}


def test_a_worker_hands_its_views_over_in_one_flush(reader, settings):
    settings.MOST_READ_FLUSH_SECONDS = 3600
    story = make_article("Salt and the heart")
    for _ in range(3):
        reader.get(story.get_absolute_url())
    assert tally.take() == {}, "held in the worker's memory until the flush"
    counting.pending.flush()
    assert list(tally.take().values()) == [3]


def test_a_cache_that_is_down_loses_views_without_an_error(reader):
    down = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=down):
        tally.add({(0, "salt-and-the-heart"): 1})
        assert tally.take() == {}


def test_the_site_keeps_counting_quietly_when_redis_is_down(reader):
    story = make_article("Salt and the heart")
    down = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=down):
        caches["default"].reset_outage()
        assert reader.get(story.get_absolute_url()).status_code == 200
        assert reader.get("/").status_code == 200


def test_views_go_through_a_real_redis_in_one_hash(real_redis_cache):
    tally.add({(3600, "salt"): 2, (7200, "salt"): 1})
    tally.add({(3600, "salt"): 3})
    assert tally.take() == {(3600, "salt"): 5, (7200, "salt"): 1}
    assert tally.take() == {}, "taken once"


def test_a_page_served_through_a_real_redis_is_counted(reader, real_redis_cache):
    story = make_article("Salt and the heart")
    reader.get(story.get_absolute_url())
    assert reader.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
    assert views_of(story) == 2


def test_bot_words_are_read_from_the_data_file():
    assert counting.is_robot("Mozilla/5.0 (compatible; YandexBot/3.0)")
    assert not counting.is_robot(BROWSER)
