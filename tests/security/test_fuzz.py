"""Hostile addresses: every public URL with fuzzed path segments and query strings never answers 5xx.

Hypothesis generates the segments and query strings; each public route is tried about 50
times with DEBUG off and exceptions turned into responses, as in production. A 4xx is
fine (a bad page number is a 404, an unknown slug too); a 5xx or a traceback is not.
"""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import preview
from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag
from tests.support.security import url_or_none

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


@pytest.fixture
def newsroom():
    """A small real site: the fuzzed addresses sometimes hit real slugs."""
    make_disclaimer(is_default=True)
    section = make_section("Heart health")
    author = make_author("Ada Writer")
    tag = make_tag("Blood pressure")
    article = make_article("A real story", section=section, authors=[author], tags=[tag])
    return {"section": section, "author": author, "tag": tag, "article": article}


def public_routes(newsroom):
    """Each public route as a function of one path segment (None when the route does not exist in this tree)."""
    share = preview.make_share_token(newsroom["article"])
    builders = {
        "home": lambda segment: url_or_none("articles:home"),
        "article": lambda segment: f"/article/{segment}/",
        "section": lambda segment: f"/section/{segment}/",
        "tag": lambda segment: f"/tag/{segment}/",
        "author": lambda segment: f"/author/{segment}/",
        "search": lambda segment: url_or_none("search:search"),
        "feed": lambda segment: url_or_none("articles:feed"),
        "atom feed": lambda segment: url_or_none("articles:feed_atom"),
        "section feed": lambda segment: f"/section/{segment}/feed/" if url_or_none("articles:feed") else None,
        "tag feed": lambda segment: f"/tag/{segment}/feed/atom/" if url_or_none("articles:feed") else None,
        "sitemap index": lambda segment: url_or_none("sitemap_index"),
        "sitemap section": lambda segment: f"/sitemap-{segment}.xml" if url_or_none("sitemap_index") else None,
        "news sitemap": lambda segment: url_or_none("news_sitemap"),
        "robots": lambda segment: url_or_none("robots_txt"),
        "share link": lambda segment: f"/preview/shared/{segment}/",
        "share link tampered": lambda segment: f"/preview/shared/{share}{segment}/",
        "staff preview": lambda segment: f"/preview/{segment}/",
        "anywhere": lambda segment: f"/{segment}",
    }
    return builders


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


@pytest.mark.parametrize("route", ROUTES)
def test_public_routes_survive_fuzzed_segments_and_queries(route, newsroom, settings):
    settings.DEBUG = False
    build = public_routes(newsroom)[route]
    if build("x") is None:
        pytest.skip(f"{route} does not exist in this tree")
    client = Client(raise_request_exception=False)

    @FUZZ
    @given(segment=segments, query=queries)
    def run(segment, query):
        path = build(quote(segment, safe=""))
        url = f"{path}?{query}" if query else path
        assert_handled(client.get(url), url)

    run()


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "options"])
def test_public_pages_refuse_other_methods_cleanly(method, newsroom, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    article_url = newsroom["article"].get_absolute_url()
    for url in [url_or_none("articles:home"), article_url, url_or_none("search:search"), url_or_none("articles:feed")]:
        if url is None:
            continue
        response = getattr(client, method)(url, data="x=1", content_type="application/x-www-form-urlencoded")
        assert_handled(response, url)
        assert response.status_code in (200, 403, 405), f"{method.upper()} {url} answered {response.status_code}"


def test_hostile_headers_are_handled(newsroom, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    url = newsroom["article"].get_absolute_url()
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
