"""newsroom.ratelimit: a per-client limit that answers 429 with Retry-After, resets, and fails open."""

import pytest
import time_machine
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom import ratelimit
from newsroom.ratelimit import over_limit, rate_limited

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (3, 60)}
    settings.RATE_LIMITS_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 0
    return settings


def _request(address="203.0.113.7", method="get"):
    return getattr(RequestFactory(), method)("/probe/", REMOTE_ADDR=address)


@rate_limited("search")
def probe_view(request):
    return HttpResponse("ok")


def test_requests_within_the_limit_pass_and_the_next_one_gets_429_with_retry_after(limits):
    with time_machine.travel("2026-12-04 10:00:10 +00:00", tick=False):
        assert [probe_view(_request()).status_code for _ in range(3)] == [200, 200, 200]
        refused = probe_view(_request())
    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"
    assert refused["Cache-Control"] == "no-store"
    assert b"Too many requests" in refused.content


def test_another_client_is_not_affected(limits):
    with time_machine.travel("2026-12-04 10:00:10 +00:00", tick=False):
        for _ in range(4):
            probe_view(_request("203.0.113.7"))
        assert probe_view(_request("198.51.100.9")).status_code == 200


def test_the_limit_resets_when_the_window_ends(limits):
    with time_machine.travel("2026-12-04 10:00:10 +00:00", tick=False):
        for _ in range(4):
            probe_view(_request())
    with time_machine.travel("2026-12-04 10:01:00 +00:00", tick=False):
        assert probe_view(_request()).status_code == 200


def test_the_client_is_the_address_the_trusted_proxy_saw(limits):
    limits.TRUSTED_PROXY_COUNT = 1
    with time_machine.travel("2026-12-04 10:00:10 +00:00", tick=False):
        for spoofed in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"):
            request = _request("127.0.0.1")
            request.META["HTTP_X_FORWARDED_FOR"] = f"{spoofed}, 203.0.113.7"
            last = probe_view(request)
    assert last.status_code == 429


def test_only_the_named_methods_count(limits):
    view = rate_limited("search", methods=("POST",))(lambda request: HttpResponse("ok"))
    with time_machine.travel("2026-12-04 10:00:10 +00:00", tick=False):
        assert all(view(_request()).status_code == 200 for _ in range(10))
        assert [view(_request(method="post")).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_cache_that_fails_means_no_limit_never_an_error(limits, monkeypatch):
    class BrokenCache:
        def add(self, *args, **kwargs):
            raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit, "caches", {"default": BrokenCache()})
    assert all(probe_view(_request()).status_code == 200 for _ in range(10))


def test_limits_can_be_turned_off(limits):
    limits.RATE_LIMITS_ENABLED = False
    assert all(over_limit(_request(), "search") is None for _ in range(10))


def test_an_unknown_limit_name_fails_when_the_view_is_defined():
    with pytest.raises(ValueError, match="no-such-limit"):
        rate_limited("no-such-limit")
