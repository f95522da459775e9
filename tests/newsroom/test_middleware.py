"""The page-cache middleware: who is served cached pages, and the headers every response carries."""

import io
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpResponse, QueryDict
from django.template import RequestContext, Template
from django.urls import path

from articles.models import Article, Status, TaggedArticle
from newsroom.middleware import SIGNED_IN_COOKIE, query_names, signed_in_marker
from tests.support.factories import make_article, make_tag
from tests.support.pagecache import PUBLIC, assert_private, cached_get, text

pytestmark = pytest.mark.django_db


# --- Who gets cached pages, and which headers --------------------------------------------


@pytest.fixture
def staff_client(client):
    """A signed-in editor who has opened the admin (which gives the signed-in marker, as signing in does)."""
    user = get_user_model().objects.create_user("editor", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.get("/admin/")
    return client


def test_signed_in_staff_bypass_the_cache(client, staff_client, story):
    from django.test import Client

    anonymous = Client()
    cached_get(anonymous, "/")
    # A change made without signals (a raw update) is not seen by the cache...
    Article.objects.filter(pk=story.pk).update(title="Quietly retitled")
    assert "Quietly retitled" not in text(anonymous.get("/"))

    # ...but staff always get a fresh page, never stored and never storable.
    response = staff_client.get("/")
    assert "Quietly retitled" in text(response)
    assert response["X-Page-Cache"] == "bypass"
    assert_private(response)


def test_signing_in_sets_the_marker_and_signing_out_removes_it(client, story):
    secret = "a long password 123"  # noqa: S105 - a test account
    user = get_user_model().objects.create_user("writer", password=secret, is_staff=True)
    response = client.post("/admin/login/", {"username": "writer", "password": secret})
    assert response.status_code == 302
    marker = response.cookies[SIGNED_IN_COOKIE]
    assert marker.value == signed_in_marker(client.cookies[settings.SESSION_COOKIE_NAME].value)
    assert marker["httponly"]

    client.post("/admin/logout/")
    assert client.get(story.get_absolute_url())["X-Page-Cache"] != "bypass"
    assert user.pk and not client.cookies[SIGNED_IN_COOKIE].value


def test_a_made_up_session_cookie_is_served_the_cached_page(client, story):
    from django.test import Client

    cached_get(client, "/")
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = "made-up-session-key"
    stranger.cookies["messages"] = "made-up"
    response = stranger.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert "Set-Cookie" not in response

    # A forged marker is no better: it does not match the session cookie it came with.
    stranger.cookies[SIGNED_IN_COOKIE] = signed_in_marker("another-session-key")
    assert stranger.get("/")["X-Page-Cache"] == "hit"


def test_a_stranger_with_a_made_up_cookie_renders_a_page_every_reader_can_be_served(story):
    from django.test import Client

    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = "made-up-session-key"
    first = stranger.get(story.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    assert Client().get(story.get_absolute_url())["X-Page-Cache"] == "hit"


def test_unknown_query_parameters_are_served_the_canonical_page(client, story):
    cached_get(client, "/")
    for query in ["?x=1", "?utm_source=news&fbclid=abc", "?page=1&nonsense=" + "y" * 500]:
        response = client.get("/" + query)
        assert response.status_code == 200, query
        assert response["X-Page-Cache"] in {"hit", "miss"}, query
    assert client.get("/?x=2")["X-Page-Cache"] == "hit"
    # A miss with an unknown parameter renders and stores the canonical page.
    assert client.get(story.get_absolute_url() + "?ref=mail")["X-Page-Cache"] == "miss"
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "query",
    [b"x=1", b"page=2&x=1&page=3", b"pa%67e=2", b"a+b=1", b"%70=3", b"=1", b"x", b"&&page=2&", b"q=%00"]
    + ["\u2713=1".encode(), "\u00e9t\u00e9=1".encode(), b"\xe9t\xe9=1"],  # UTF-8, and bytes that are not
)
def test_query_names_are_read_as_request_get_reads_them(query):
    raw = query.decode("iso-8859-1")  # as a WSGI server hands the bytes over
    names = list(dict.fromkeys(query_names(raw)))
    assert names == list(QueryDict(query).keys())


def test_parameters_are_known_by_their_decoded_names(client, story):
    cached_get(client, "/")
    # "%70" is "p", WordPress's post link: answered uncached, as "?p=" is.
    assert "X-Page-Cache" not in client.get("/?%70=12345")
    # "pa%67e" is "page": it selects content, so it is kept (and written canonically).
    response = client.get("/?pa%67e=1&x=made-up")
    assert response.status_code == 200
    assert response.wsgi_request.META["QUERY_STRING"] == "page=1"
    assert response.wsgi_request.GET.dict() == {"page": "1"}


def test_a_page_rendered_for_a_made_up_parameter_sees_no_parameter(client, story):
    response = client.get(story.get_absolute_url() + "?x=1&utm_source=mail")
    assert response["X-Page-Cache"] == "miss"
    assert response.wsgi_request.META["QUERY_STRING"] == ""
    assert not response.wsgi_request.GET


def test_wordpress_post_links_are_answered_uncached(client, story):
    response = client.get("/?p=12345")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_invalidate_pages_catches_up_with_changes_made_without_signals(client, story):
    cached_get(client, "/")
    Article.objects.filter(pk=story.pk).update(title="Bulk retitled")

    call_command("invalidate_pages", stdout=io.StringIO())

    assert "Bulk retitled" in text(client.get("/"))


def test_invalidate_pages_also_mends_the_links_copied_publication_times(client):
    """A dump from before the copies existed, or a bulk writer, leaves tag links without their story's time."""
    tag = make_tag("Statins")
    story = make_article("Tagged story", tags=[tag], days_ago=2)
    TaggedArticle.objects.filter(content_object=story).update(published_at=None)
    assert "Tagged story" not in text(client.get(tag.get_absolute_url()))

    output = io.StringIO()
    call_command("invalidate_pages", stdout=output)

    assert "Publication times copied to 1 tag link(s) and byline(s)." in output.getvalue()
    assert "Tagged story" in text(client.get(tag.get_absolute_url()))


def test_public_pages_carry_cdn_friendly_cache_control(client, story):
    for url in ["/", story.get_absolute_url(), story.section.get_absolute_url()]:
        assert client.get(url)["Cache-Control"] == PUBLIC, url
        assert client.get(url)["Cache-Control"] == PUBLIC, f"{url} (cached)"


def test_admin_pages_are_private(client, staff_client):
    from django.test import Client

    assert_private(Client().get("/admin/login/"))
    assert_private(staff_client.get("/admin/"))


def test_preview_is_private_and_never_cached(staff_client, story):
    draft = make_article("Draft", section=story.section, status=Status.DRAFT, days_ago=None)
    assert_private(staff_client.get(f"/preview/{draft.pk}/"))


def test_health_probes_are_not_stored(client):
    assert "no-store" in client.get("/healthz")["Cache-Control"]
    assert "no-store" in client.get("/readyz")["Cache-Control"]


def test_not_found_pages_are_not_cached(client):
    first = client.get("/article/no-such-story/")
    assert first.status_code == 404
    assert "public" not in first.get("Cache-Control", "")
    assert client.get("/article/no-such-story/").get("X-Page-Cache") != "hit"


def test_a_hostile_host_header_is_refused_even_for_a_cached_page(client, story):
    cached_get(client, "/")
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_security_headers_survive_the_cache(client, story):
    fresh = client.get(story.get_absolute_url())
    cached = client.get(story.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit"
    for header in ["X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"]:
        assert cached[header] == fresh[header], header
    policy = re.sub(r"'nonce-[^']*'", "'nonce-'", fresh["Content-Security-Policy"])
    assert re.sub(r"'nonce-[^']*'", "'nonce-'", cached["Content-Security-Policy"]) == policy


def test_the_admin_answers_under_the_content_security_policy(staff_client):
    response = staff_client.get("/admin/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


# --- CSP nonces in cached pages -----------------------------------------------------------


def nonce_page(request):
    template = Template('<script nonce="{{ csp_nonce }}">var x = 1;</script>')
    return HttpResponse(template.render(RequestContext(request)))


urlpatterns = [path("nonce/", nonce_page)]


@pytest.mark.urls(__name__)
def test_a_cached_page_gets_a_fresh_csp_nonce_each_time(client):
    first = client.get("/nonce/")
    second = client.get("/nonce/")
    assert second["X-Page-Cache"] == "hit"

    def nonce_of(response):
        body = text(response)
        nonce = body.split('nonce="')[1].split('"')[0]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        return nonce

    assert nonce_of(first) != nonce_of(second)


# --- What a hit skips, and what passes straight through ----------------------------------


def test_a_hit_skips_the_middleware_a_stored_page_does_not_need(client, story, monkeypatch):
    from django.middleware.csrf import CsrfViewMiddleware
    from django.middleware.security import SecurityMiddleware

    cached_get(client, story.get_absolute_url())
    ran = []
    for middleware in (SecurityMiddleware, CsrfViewMiddleware):
        real = middleware.process_request

        def spy(self, request, real=real, name=middleware.__name__):
            ran.append(name)
            return real(self, request)

        monkeypatch.setattr(middleware, "process_request", spy)

    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
    assert ran == []
    assert client.get("/no-such-page/").status_code == 404  # a miss runs them all
    assert set(ran) == {"SecurityMiddleware", "CsrfViewMiddleware"}


def test_a_page_served_over_https_keeps_its_security_headers_when_cached(client, story, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    url = story.get_absolute_url()
    client.get(url, secure=True)
    hit = client.get(url, secure=True)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Strict-Transport-Security"].startswith("max-age=3600")
    assert hit["Cross-Origin-Opener-Policy"] == "same-origin"
    assert hit["X-Content-Type-Options"] == "nosniff"
    # Stored under its scheme: the same page over plain HTTP never carries HSTS.
    assert "Strict-Transport-Security" not in client.get(url)


def test_a_plain_http_request_is_redirected_even_when_its_page_is_cached(client, story, settings):
    url = story.get_absolute_url()
    cached_get(client, url)
    settings.SECURE_SSL_REDIRECT = True
    from django.test import Client

    response = Client().get(url)  # a new handler reads the setting, as a restarted server would
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{url}"


def test_static_files_pass_the_page_cache_by(client, monkeypatch):
    from articles import changes

    def no_lookup(scopes):
        raise AssertionError("a static file looked up the page cache")

    monkeypatch.setattr(changes, "page_state", no_lookup)
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
