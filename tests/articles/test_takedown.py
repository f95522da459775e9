"""Takedown guarantee: what an editor pulls is gone for readers, also when Redis is slow or down.

Each test runs its own redis-server on a free port (so pausing or stopping it touches
nothing else), caches the public pages, pulls a story, and checks every public surface.
"""

import logging
import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.urls import reverse

from articles import takedown_reports, workflow
from articles.models import Status
from tests.support.admin import messages_of, post_transition
from tests.support.staff import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

REDIS_SERVER = shutil.which("redis-server")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self, workdir):
        self.port = free_port()
        self.process = subprocess.Popen(  # noqa: S603 - a fixed local binary, our arguments
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)
        for _ in range(100):
            try:
                if self.client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def pause(self, milliseconds):
        self.client.execute_command("CLIENT", "PAUSE", milliseconds, "ALL")

    def stop(self):
        self.process.kill()
        self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path, settings):
    if REDIS_SERVER is None:
        if os.environ.get("NEWSROOM_REQUIRE_REDIS"):
            pytest.fail("redis-server is not installed, and NEWSROOM_REQUIRE_REDIS is set (CI)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = PrivateRedis(tmp_path)
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25, "RETRY_AFTER": 5},
        }
    }
    yield server
    server.stop()


@pytest.fixture
def story(small_site):
    """A public story on the shared small site, next to one that stays."""
    return small_site.story


def public_surfaces(client, article):
    """What readers get, for each public place a story shows: (status, whether the story is in it)."""
    link = article.get_absolute_url()
    found = {}
    for name, url in [
        ("home", "/"),
        ("section", article.section.get_absolute_url()),
        ("feed", reverse("articles:feed")),
        ("search", reverse("search:search") + "?q=real"),
    ]:
        response = client.get(url)
        found[name] = (response.status_code, link in response.content.decode())
    found["page"] = (client.get(article.get_absolute_url()).status_code, None)
    return found


def cache_everything(client, article):
    before = public_surfaces(client, article)
    assert before == {name: (200, True) for name in ("home", "section", "feed", "search")} | {"page": (200, None)}
    assert public_surfaces(client, article) == before
    assert client.get("/")["X-Page-Cache"] == "hit", "the page cache is not in use"
    return client.get(article.get_absolute_url())


def assert_gone(client, article, old_page):
    surfaces = public_surfaces(client, article)
    assert surfaces["page"] == (404, None)
    for name in ("home", "section", "feed", "search"):
        assert surfaces[name] == (200, False), (name, surfaces[name])
    revalidated = client.get(article.get_absolute_url(), headers={"if-none-match": old_page["ETag"]})
    assert revalidated.status_code == 404


def editor():
    user = make_staff("editor", "eddie")
    assert user.has_perm("articles.unpublish_article")
    return user


def test_unpublishing_while_redis_is_paused_withdraws_the_story_everywhere(client, story, private_redis):
    old_page = cache_everything(client, story)
    private_redis.pause(1000)
    with takedown_reports.reporting() as report:
        workflow.perform(article=story, action="unpublish", by=editor())
    assert report.unrecorded == []
    time.sleep(0.2)  # whatever is left of the pause
    assert_gone(client, story, old_page)


def test_archiving_while_redis_is_stopped_is_reported_and_still_gone_for_readers(client, story, private_redis, caplog):
    old_page = cache_everything(client, story)
    private_redis.stop()
    with caplog.at_level(logging.ERROR, logger="articles.changes"), takedown_reports.reporting() as report:
        workflow.perform(article=story, action="archive", by=editor())
    assert report.unrecorded == ['"A real story"']
    assert "may be served for up to 300 seconds" in report.message()
    assert any("Takedown not recorded" in record.getMessage() for record in caplog.records)
    assert_gone(client, story, old_page)


def test_deleting_while_redis_is_paused_withdraws_the_story(client, story, private_redis):
    old_page = cache_everything(client, story)
    private_redis.pause(1000)
    with takedown_reports.reporting() as report:
        story.delete()
    assert report.unrecorded == []
    time.sleep(0.2)
    assert_gone(client, story, old_page)


def test_a_slug_change_while_redis_is_stopped_is_reported(client, story, private_redis):
    cache_everything(client, story)
    private_redis.stop()
    with takedown_reports.reporting() as report:
        story.slug = "a-real-story-revisited"
        story.save()
    assert report.unrecorded == ['the old address of "A real story"']


def test_the_editor_is_told_in_words_when_the_cache_missed_an_unpublish(client, story, private_redis):
    private_redis.stop()
    client.force_login(editor())
    response = post_transition(client, story, "unpublish")
    story.refresh_from_db()
    assert story.status == Status.UNPUBLISHED
    said = " ".join(messages_of(response))
    assert "unpublished" in said
    assert 'cached copies of "A real story" may be served for up to 300 seconds' in said


def test_a_plain_unpublish_with_redis_up_says_nothing_more(client, story, private_redis):
    client.force_login(editor())
    response = post_transition(client, story, "unpublish")
    assert not any("cached copies" in message for message in messages_of(response))
