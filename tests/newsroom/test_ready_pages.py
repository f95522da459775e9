"""Stored pages made ready to serve: each worker assembles a page once, every hit gets a fresh nonce."""

import re

import pytest

from articles import fragments
from articles.models import Status
from newsroom import pagecache, ready_pages
from tests.support.factories import make_article, make_section
from tests.support.pagecache import cached_get, text

pytestmark = pytest.mark.django_db

POLICY = "Content-Security-Policy"


@pytest.fixture
def worker_memory(settings):
    """Pages kept in this worker's memory, as in production."""
    settings.PAGE_CACHE_LOCAL_BYTES = 1_000_000
    pagecache.forget_local()
    yield
    pagecache.forget_local()


@pytest.fixture
def fills(monkeypatch):
    """How many times a latest-stories list was put into a page."""
    calls = []
    real = fragments.fill

    def counting(content, fragment):
        calls.append(1)
        return real(content, fragment)

    monkeypatch.setattr(fragments, "fill", counting)
    return calls


def nonces(response):
    body = set(re.findall(r'nonce="([^"]+)"', text(response)))
    header = set(re.findall(r"'nonce-([^']+)'", response[POLICY]))
    assert len(body) == 1 and body == header, (body, header)
    return body.pop()


def test_a_page_is_assembled_once_then_each_hit_only_gets_a_fresh_nonce(client, story, worker_memory, fills):
    url = story.get_absolute_url()
    client.get(url)  # rendered: the list is put in once
    hits = [client.get(url) for _ in range(3)]

    assert [hit["X-Page-Cache"] for hit in hits] == ["hit"] * 3
    assert len(fills) == 2  # the render, then the first hit; the next hits reuse it
    assert len({nonces(hit) for hit in hits}) == 3
    # Sent whole with its length, as a rendered page is, not in chunks.
    assert all(hit["Content-Length"] == str(len(hit.content)) for hit in hits)
    bodies = {re.sub(r'nonce="[^"]+"', "", text(hit)) for hit in hits}
    assert len(bodies) == 1


def test_a_new_latest_list_is_assembled_into_the_kept_page(client, story, worker_memory):
    elsewhere = make_article("Walking daily", section=make_section("Fitness"), days_ago=5)
    url = elsewhere.get_absolute_url()
    before = cached_get(client, url)

    make_article("Statins revisited", section=story.section, days_ago=0)

    after = client.get(url)
    assert after["X-Page-Cache"] == "hit"
    assert "Statins revisited" in text(after)
    assert after["ETag"] != before["ETag"]


def test_a_takedown_reaches_a_page_kept_ready(client, story, worker_memory):
    elsewhere = make_article("Walking daily", section=make_section("Fitness"), days_ago=5)
    url = elsewhere.get_absolute_url()
    assert "Salt and the heart" in text(cached_get(client, url))

    story.status = Status.UNPUBLISHED
    story.save()

    assert "Salt and the heart" not in text(client.get(url))
    assert client.get(story.get_absolute_url()).status_code == 404


def test_a_page_stored_again_is_assembled_again(worker_memory):
    assembled = []

    def assemble(content):
        def build():
            assembled.append(content)
            return content, [("Content-Type", "text/html")]

        return build

    first = {"status": 200, "stored_at": 1.0, "nonce": None}
    second = dict(first, stored_at=2.0)
    ready_pages.ready("key", first, "latest-1", assemble(b"first"))
    ready_pages.ready("key", first, "latest-1", assemble(b"again"))
    page = ready_pages.ready("key", second, "latest-1", assemble(b"second"))

    assert assembled == [b"first", b"second"]
    assert page.response().content == b"second"


def test_nothing_is_kept_when_the_worker_keeps_no_pages(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 0
    entry = {"status": 200, "stored_at": 1.0, "nonce": None}
    assembled = []
    for _ in range(2):
        ready_pages.ready("key", entry, None, lambda: assembled.append(1) or (b"x", []))
    assert len(assembled) == 2


def test_forgetting_this_workers_pages_forgets_the_ready_ones(worker_memory):
    entry = {"status": 200, "stored_at": 1.0, "nonce": None}
    assembled = []
    ready_pages.ready("key", entry, None, lambda: assembled.append(1) or (b"x", []))
    pagecache.forget_local()
    ready_pages.ready("key", entry, None, lambda: assembled.append(1) or (b"x", []))
    assert len(assembled) == 2


def test_a_ready_page_replaces_the_nonce_in_the_body_and_the_policy_only():
    nonce = "OLDNONCE"
    page = ready_pages.ReadyPage(
        200,
        b'<script nonce="OLDNONCE">1</script><p>OLDNONCE</p>',
        [
            ("Content-Type", "text/html; charset=utf-8"),
            (POLICY, "script-src 'nonce-OLDNONCE'"),
            ("X-Note", "OLDNONCE"),
        ],
        nonce,
    )
    first, second = page.response(), page.response()

    new = re.search(r"'nonce-([^']+)'", first[POLICY]).group(1)
    assert new != nonce
    assert first.content == f'<script nonce="{new}">1</script><p>{new}</p>'.encode()
    assert first["X-Note"] == "OLDNONCE"
    assert first["Content-Type"] == "text/html; charset=utf-8"
    assert first["Content-Length"] == str(len(first.content))
    assert first.status_code == 200
    assert second[POLICY] != first[POLICY]


def test_a_page_without_a_nonce_is_served_as_stored():
    page = ready_pages.ReadyPage(200, b"plain", [("Content-Type", "text/plain"), ("Vary", "Cookie")], None)
    response = page.response()
    assert response.content == b"plain"
    assert response["Vary"] == "Cookie"
    assert response["Content-Type"] == "text/plain"


def test_a_release_that_stores_pages_differently_never_reads_an_older_ones_pages():
    key = pagecache.page_key(["https", "example.org", "/", ""], ["token"])
    assert key.startswith(f"pagecache:page{pagecache.STORED_FORMAT}:")
