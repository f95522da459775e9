"""Helpers for tests of the anonymous page cache."""

import re

PUBLIC = "public, max-age=60, s-maxage=300, stale-while-revalidate=60"


def cached_get(client, url):
    """GET twice; the second answer must come from the page cache. Returns it."""
    first = client.get(url)
    assert first.status_code == 200
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit", f"{url} was not served from the page cache"
    assert without_nonces(text(second)) == without_nonces(text(first))
    return second


def text(response):
    return response.content.decode()


def without_nonces(html):
    """Each response gets its own CSP nonce, cached or not."""
    return re.sub(r'nonce="[^"]*"', 'nonce=""', html)


def assert_private(response):
    """Never kept by a shared cache or on disk: `private` and `no-store` (a view may add more)."""
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, response["Cache-Control"]
