"""The page cache in each worker's memory: tokens trusted for at most a second, recent pages kept by size."""

import pytest

from articles.models import Status
from tests.support.pagecache import cached_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_memory(settings, monkeypatch):
    """Tokens trusted for a second and pages kept in memory, as in production, on a controllable clock."""
    from newsroom import pagecache

    settings.PAGE_CACHE_TOKEN_SECONDS = 1.0
    settings.PAGE_CACHE_LOCAL_BYTES = 10_000
    clock = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: clock[0])
    pagecache.forget_local()
    yield clock
    pagecache.forget_local()


def test_a_change_made_by_another_worker_is_seen_within_the_token_time(worker_memory):
    from newsroom import pagecache

    before = pagecache.read(["site"])[0]
    # Another worker replaces the token in the shared cache.
    pagecache.page_cache().set(pagecache._token_key("site"), pagecache.new_token(), None)
    worker_memory[0] += 0.5
    assert pagecache.read(["site"])[0] == before
    worker_memory[0] += 0.6
    assert pagecache.read(["site"])[0] != before


def test_a_change_made_by_this_worker_is_seen_here_at_once(worker_memory):
    from newsroom import pagecache

    before = pagecache.read(["site"])[0]
    pagecache.bump(["site"])
    assert pagecache.read(["site"])[0] != before


def test_a_takedown_by_another_worker_reaches_a_page_served_from_memory_within_a_second(
    client, story, worker_memory, settings
):
    from newsroom import pagecache

    settings.PAGE_CACHE_LOCAL_BYTES = 1_000_000
    url = story.get_absolute_url()
    cached_get(client, url)
    # The page is now in this worker's memory: it is served even if the shared entry is gone...
    for key in list(pagecache._local_pages.entries):
        pagecache.page_cache().delete(key)
    assert client.get(url)["X-Page-Cache"] == "hit"
    # ...until another worker takes the story down: at most a second later, it is gone here too.
    type(story).objects.filter(pk=story.pk).update(status=Status.DRAFT)
    pagecache.page_cache().set(pagecache._token_key("site"), pagecache.new_token(), None)
    worker_memory[0] += 1.0
    assert client.get(url).status_code == 404


def test_pages_kept_in_memory_are_bounded_by_size(worker_memory):
    from newsroom import pagecache

    for number in range(30):
        pagecache.store_page(f"page-{number}", {"content": b"x" * 1000}, 60)
    assert pagecache._local_pages.size <= 10_000
    assert pagecache._local_pages.get("page-29") is not None
    assert pagecache._local_pages.get("page-0") is None
    # A page larger than an eighth of the budget is never kept in memory (it would evict the rest).
    pagecache.store_page("large", {"content": b"x" * 2000}, 60)
    assert pagecache._local_pages.get("large") is None


@pytest.fixture
def round_trips(monkeypatch):
    """The keys of each get_many() the page cache makes on the shared cache."""
    from newsroom import pagecache

    cache, calls = pagecache.page_cache(), []
    original = cache.get_many

    def counting(keys, *args, **kwargs):
        calls.append(list(keys))
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", counting)
    return calls


def test_the_tokens_of_many_pages_are_renewed_together_not_one_round_trip_per_page(worker_memory, round_trips):
    from newsroom import pagecache

    scopes = [f"article:story-{number}" for number in range(50)]
    for scope in scopes:
        pagecache.read([scope])
    worker_memory[0] += 0.6
    for scope in scopes:  # still trusted: no round trip, but they are in use
        pagecache.read([scope])
    worker_memory[0] += 0.5
    round_trips.clear()
    # The first page asked for past the trust time renews every token in use in its round trip...
    for scope in scopes:
        pagecache.read([scope])
    assert len(round_trips) == 1
    assert len(round_trips[0]) == 50


def test_a_renewed_token_is_still_trusted_for_at_most_the_token_time(worker_memory):
    from newsroom import pagecache

    first, second = pagecache.read(["article:a"])[0][0], pagecache.read(["article:b"])[0][0]
    worker_memory[0] += 0.6
    pagecache.read(["article:b"])
    worker_memory[0] += 0.5
    pagecache.read(["article:a"])  # renews b too
    pagecache.page_cache().set(pagecache._token_key("article:b"), "changed elsewhere", None)
    worker_memory[0] += 0.5
    assert pagecache.read(["article:b"])[0] == [second]
    worker_memory[0] += 0.6
    assert pagecache.read(["article:b"])[0] == ["changed elsewhere"]
    assert pagecache.read(["article:a"])[0] == [first]


def test_tokens_nobody_asks_for_are_forgotten(worker_memory):
    from newsroom import pagecache

    for number in range(20):
        pagecache.read([f"article:crawled-{number}"])
    worker_memory[0] += pagecache.FORGET_AFTER * 1.0 + 1
    pagecache.read(["site"])
    assert not any("crawled" in key for key in pagecache._snapshot)


def test_only_tokens_in_use_are_renewed(worker_memory, round_trips):
    from newsroom import pagecache

    for number in range(10):
        pagecache.read([f"article:once-{number}"])
    worker_memory[0] += 1.1
    pagecache.read(["article:busy"])
    worker_memory[0] += 1.1
    round_trips.clear()
    pagecache.read(["article:busy"])
    assert round_trips == [[pagecache._token_key("article:busy")]], "pages nobody asked for lately wait"


def test_a_failed_renewal_keeps_the_tokens_held(worker_memory, monkeypatch):
    from newsroom import pagecache

    before = pagecache.read(["article:a"])[0]
    worker_memory[0] += 0.6
    pagecache.read(["article:a"])  # in use
    worker_memory[0] += 0.5  # and due for renewal with the next round trip, which fails
    monkeypatch.setattr(pagecache.page_cache(), "get_many", lambda keys, *args, **kwargs: {})
    pagecache.read(["site"])
    assert pagecache._snapshot[pagecache._token_key("article:a")][0] == before[0], "not marked absent"
    monkeypatch.undo()
    assert pagecache.read(["article:a"])[0] == before


def test_a_token_replaced_here_during_a_renewal_is_not_put_back(worker_memory, monkeypatch):
    from newsroom import pagecache

    pagecache.read(["article:a"])
    worker_memory[0] += 1.1
    cache = pagecache.page_cache()
    original = cache.get_many

    def slow_get_many(keys, *args, **kwargs):
        found = original(keys, *args, **kwargs)  # read before the bump below reaches the cache
        worker_memory[0] += 0.01
        pagecache._remember({pagecache._token_key("article:a"): "bumped here"})
        return found

    monkeypatch.setattr(cache, "get_many", slow_get_many)
    pagecache.read(["article:a"])
    monkeypatch.undo()
    assert pagecache._snapshot[pagecache._token_key("article:a")][0] == "bumped here"
