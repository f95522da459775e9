"""When the database goes away: a quick 503 "temporarily unavailable" page, never a 500 or a traceback."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from articles.views import ArticleDetailView, HomeView

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "error",
    [
        OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused'),
        OperationalError("terminating connection due to administrator command"),
        InterfaceError("connection already closed"),
    ],
    ids=["refused", "terminated", "closed"],
)
def test_a_lost_database_answers_503_with_retry_after(small_site, settings, error):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with mock.patch.object(HomeView, "get", side_effect=error):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Temporarily unavailable" in body
    assert "Traceback" not in body and "5432" not in body


def test_the_503_page_is_not_cached_and_the_site_recovers_by_itself(small_site, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with mock.patch.object(ArticleDetailView, "get", side_effect=OperationalError("server closed the connection")):
        assert client.get(small_site.story.get_absolute_url()).status_code == 503
    response = client.get(small_site.story.get_absolute_url())
    assert response.status_code == 200
    assert small_site.story.title.encode() in response.content


def test_a_database_error_wrapped_in_another_error_is_still_a_503(small_site, settings):
    settings.DEBUG = False

    def fail(*args, **kwargs):
        try:
            raise OperationalError("the database system is shutting down")
        except OperationalError as error:
            raise RuntimeError("while rendering the home page") from error

    with mock.patch.object(HomeView, "get", side_effect=fail):
        response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503


def test_any_other_error_is_a_plain_500_page_without_details(small_site, settings):
    settings.DEBUG = False
    with mock.patch.object(HomeView, "get", side_effect=ValueError("secret internals")):
        response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content


@pytest.mark.parametrize("address", ["/article/a%00b/", "/%00", "/search/?q=%00", "/admin/?q=x%00y"])
def test_an_address_with_a_nul_byte_is_a_400(address):
    response = Client().get(address)
    assert response.status_code == 400
    assert response["X-Content-Type-Options"] == "nosniff"
