"""Hostile addresses: every public URL with fuzzed path segments and query strings never answers 5xx.

Hypothesis generates the segments and query strings; each public route is tried about 50
times with DEBUG off and exceptions turned into responses, as in production. A 4xx is
fine (a bad page number is a 404, an unknown slug too); a 5xx or a traceback is not.
"""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import preview

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

TRICKY_SEGMENTS = [
    "",
    ".",
    "..",
    "%2e%2e",
    "../../etc/passwd",
    "\x00",
    "%00",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "a" * 600,
    "\u202e\u0000\ufffd",
    "\ud7ff\ue000",
    "😀" * 20,
    "CON",
    "-1",
    "99999999999999999999999",
    "heart-health",
    "blood-pressure",
]
TRICKY_VALUES = [
    "",
    "0",
    "-1",
    "1.5",
    "last",
    "99999999999999999999999999",
    "\x00",
    "a\x00b",
    "' OR 1=1 --",
    "%",
    "%%",
    "\\",
    "*",
    "<script>",
    "a" * 5000,
    "\ud7ff",
    "heart & lungs | !!",
    '"unterminated',
    "(((",
    ":*",
    "&",
]
QUERY_KEYS = ["page", "q", "p", "section", "tag", "sort", "format", "next", "utm_source", "preview", "token"]

# Surrogates are excluded: they cannot be UTF-8 encoded into a URL at all.
text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
segments = st.one_of(st.sampled_from(TRICKY_SEGMENTS), text)
values = st.one_of(st.sampled_from(TRICKY_VALUES), text)
queries = st.one_of(
    st.just(""),
    st.dictionaries(st.one_of(st.sampled_from(QUERY_KEYS), text), values, max_size=4).map(urlencode),
    st.sampled_from(["page=", "page", "q", "&&&", "=x", "page=1&page=2", "q=%", "q=%ZZ", "%00=%00", "a=" + "%C3" * 9]),
)


# Stands for the fuzzed path segment in a reversed address: a valid slug, so every route reverses.
SEGMENT = "fuzzed-segment"
PK = 918273645


def public_routes(site):
    """Each public route as (address of one path segment, a segment that is real on `site`, its status there).

    Built with reverse(): a renamed route fails here instead of being fuzzed at a dead address.
    """
    share = preview.make_share_token(site.story)

    def at(name, **kwargs):
        address = reverse(name, kwargs=kwargs or None)
        return lambda segment: address.replace(SEGMENT, segment).replace(str(PK), segment)

    return {
        "home": (at("articles:home"), "", 200),
        "article": (at("articles:article", slug=SEGMENT), site.story.slug, 200),
        "section": (at("articles:section", slug=SEGMENT), site.section.slug, 200),
        "tag": (at("articles:tag", slug=SEGMENT), site.tag.slug, 200),
        "author": (at("articles:author", slug=SEGMENT), site.author.slug, 200),
        "search": (at("search:search"), "", 200),
        "feed": (at("articles:feed"), "", 200),
        "atom feed": (at("articles:feed_atom"), "", 200),
        "section feed": (at("articles:section_feed", slug=SEGMENT), site.section.slug, 200),
        "tag feed": (at("articles:tag_feed_atom", slug=SEGMENT), site.tag.slug, 200),
        "sitemap index": (at("sitemap_index"), "", 200),
        "sitemap section": (at("sitemap_section", section=SEGMENT), "articles", 200),
        "news sitemap": (at("news_sitemap"), "", 200),
        "robots": (at("robots_txt"), "", 200),
        "share link": (at("articles:preview_shared", token=SEGMENT), share, 200),
        "share link tampered": (at("articles:preview_shared", token=share + SEGMENT), "", 200),
        "staff preview": (at("articles:preview", pk=PK), str(site.story.pk), 302),  # to the login
        "anywhere": (lambda segment: f"/{segment}", "", 200),
    }


ROUTES = [
    "home",
    "article",
    "section",
    "tag",
    "author",
    "search",
    "feed",
    "atom feed",
    "section feed",
    "tag feed",
    "sitemap index",
    "sitemap section",
    "news sitemap",
    "robots",
    "share link",
    "share link tampered",
    "staff preview",
    "anywhere",
]


def assert_handled(response, url):
    body = response.content.decode("utf-8", "replace")
    assert response.status_code < 500, f"{url!r} answered {response.status_code}"
    assert "Traceback" not in body, f"{url!r} showed a traceback"
    assert 'File "/' not in body, f"{url!r} leaked a source path"


def test_every_route_is_fuzzed(small_site):
    assert sorted(ROUTES) == sorted(public_routes(small_site))


@pytest.mark.parametrize("route", ROUTES)
def test_public_routes_survive_fuzzed_segments_and_queries(route, small_site, settings):
    settings.DEBUG = False
    build, real_segment, real_status = public_routes(small_site)[route]
    client = Client(raise_request_exception=False)
    # The route is live: with a segment that exists on the site it answers as it should.
    assert client.get(build(real_segment)).status_code == real_status, build(real_segment)

    @FUZZ
    @given(segment=segments, query=queries)
    def run(segment, query):
        path = build(quote(segment, safe=""))
        url = f"{path}?{query}" if query else path
        assert_handled(client.get(url), url)

    run()


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "options"])
def test_public_pages_refuse_other_methods_cleanly(method, small_site, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    urls = [reverse("articles:home"), small_site.story.get_absolute_url(), reverse("search:search")]
    for url in [*urls, reverse("articles:feed")]:
        response = getattr(client, method)(url, data="x=1", content_type="application/x-www-form-urlencoded")
        assert_handled(response, url)
        assert response.status_code in (200, 403, 405), f"{method.upper()} {url} answered {response.status_code}"


def test_hostile_headers_are_handled(small_site, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    url = small_site.story.get_absolute_url()
    for headers in [
        {"HTTP_HOST": "evil.example"},
        {"HTTP_HOST": "127.0.0.1:99999999"},
        {"HTTP_IF_MODIFIED_SINCE": "not a date"},
        {"HTTP_IF_NONE_MATCH": '"' * 500},
        {"HTTP_ACCEPT_LANGUAGE": "x" * 5000},
        {"HTTP_COOKIE": "sessionid=" + "A" * 4000},
        {"HTTP_X_FORWARDED_FOR": "not-an-ip, ::::"},
        {"HTTP_RANGE": "bytes=-1-2-3"},
    ]:
        response = client.get(url, **headers)
        assert_handled(response, f"{url} {headers}")
