"""Embed titles from the providers' oEmbed endpoints at save time, against a local server."""

import pytest
from lxml import html

from articles.sanitize import render_body, sanitize_html
from richmedia import oembed, providers

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
BLOCK = f'<figure data-embed="youtube" data-embed-id="dQw4w9WgXcQ" data-embed-url="{YOUTUBE}"></figure>'


def facade_title(body=BLOCK):
    page = html.fragment_fromstring(render_body(sanitize_html(body)), create_parent="div")
    return page.xpath("//*[@class='embed__title']")[0].text


def test_the_title_comes_from_the_providers_oembed_endpoint(oembed):
    oembed.answer("/youtube", {"type": "video", "title": "How  vaccine trials\n work", "html": "<iframe></iframe>"})
    assert facade_title() == "How vaccine trials work"
    assert oembed.requests[0]["query"]["url"] == [YOUTUBE]
    assert oembed.requests[0]["query"]["format"] == ["json"]


def test_a_second_save_asks_nobody(oembed):
    oembed.answer("/youtube", {"title": "Cached title"})
    facade_title()
    facade_title()
    assert len(oembed.requests) == 1


def test_an_oembed_that_points_its_iframe_elsewhere_changes_nothing_we_serve(oembed):
    oembed.answer(
        "/youtube",
        {
            "title": "Legit title",
            "html": '<iframe src="https://evil.example/player"></iframe><script src="https://evil.example/x.js"></script>',
            "thumbnail_url": "https://evil.example/tracker.gif",
        },
    )
    out = render_body(sanitize_html(BLOCK))
    assert "evil.example" not in out
    assert "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in out


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (b"<!doctype html><html><body><script>alert(1)</script>Not JSON</body></html>", "text/html"),
        (b"<html>labelled JSON but is not</html>", "application/json"),
        (b'["a", "list"]', "application/json"),
    ],
)
def test_a_provider_answering_html_or_nonsense_leaves_the_link_as_title(oembed, raw, content_type):
    oembed.answer("/youtube", raw=raw, content_type=content_type)
    assert facade_title() == YOUTUBE


def test_an_unreachable_provider_still_saves_with_the_link_as_title():
    assert facade_title() == YOUTUBE  # the autouse fixture points every endpoint at a closed port


def test_a_slow_provider_is_given_up_on(oembed, settings):
    settings.OEMBED_TIMEOUT = 0.2
    oembed.answer("/youtube", {"title": "Too late"}, delay=1.0)
    assert facade_title() == YOUTUBE


def test_a_provider_error_is_not_cached(oembed):
    oembed.answer("/youtube", {"error": "busy"}, status=503)
    assert facade_title() == YOUTUBE
    oembed.answer("/youtube", {"title": "Back again"})
    assert facade_title() == "Back again"


def test_a_title_the_writer_gave_is_kept_and_nobody_is_asked(oembed):
    body = BLOCK.replace("></figure>", ' data-embed-title="Our own title"></figure>')
    assert facade_title(body) == "Our own title"
    assert oembed.requests == []


def test_the_endpoints_come_from_settings(settings):
    settings.OEMBED_PROVIDERS_BASE_URLS = {"vimeo": "http://127.0.0.1:1/vimeo-oembed"}
    embed = providers.match("https://vimeo.com/76979871")
    assert oembed.endpoint_url(embed).startswith(
        "http://127.0.0.1:1/vimeo-oembed?url=https%3A%2F%2Fvimeo.com%2F76979871"
    )
