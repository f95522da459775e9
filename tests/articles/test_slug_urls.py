"""articles.slug_urls: public addresses by slug, remembered, and right under another prefix or URLconf."""

import pytest
from django.urls import clear_script_prefix, include, path, reverse, set_script_prefix, set_urlconf

from articles.slug_urls import slug_url
from tests.support.factories import make_article, make_author, make_section, make_tag


def _stub(request, slug):  # pragma: no cover - only reversed, never called
    raise AssertionError


# Another URLconf where the same name answers at another address.
urlpatterns = [path("elsewhere/", include(([path("<slug:slug>/", _stub, name="article")], "articles")))]


@pytest.mark.django_db
def test_each_public_address_is_what_reverse_gives():
    story = make_article("Heart story", section=make_section("Cardiology"), tags=[make_tag("Heart")])
    author = make_author("Dr Ada Lane")
    assert story.get_absolute_url() == reverse("articles:article", kwargs={"slug": story.slug})
    assert story.section.get_absolute_url() == reverse("articles:section", kwargs={"slug": "cardiology"})
    assert story.tags.get().get_absolute_url() == reverse("articles:tag", kwargs={"slug": "heart"})
    assert author.get_absolute_url() == reverse("articles:author", kwargs={"slug": author.slug})


def test_a_site_under_a_path_gets_its_own_addresses():
    plain = slug_url("articles:article", "a-story")
    set_script_prefix("/news/")
    try:
        assert slug_url("articles:article", "a-story") == "/news" + plain
    finally:
        clear_script_prefix()
    assert slug_url("articles:article", "a-story") == plain


def test_a_changed_urlconf_forgets_the_remembered_addresses(settings):
    assert slug_url("articles:article", "a-story") == "/article/a-story/"
    settings.ROOT_URLCONF = __name__
    assert slug_url("articles:article", "a-story") == "/elsewhere/a-story/"


def test_a_request_with_its_own_urlconf_gets_its_own_addresses():
    plain = slug_url("articles:article", "a-story")
    set_urlconf(__name__)  # what a middleware setting request.urlconf does for its request
    try:
        assert slug_url("articles:article", "a-story") == "/elsewhere/a-story/"
    finally:
        set_urlconf(None)
    assert slug_url("articles:article", "a-story") == plain
