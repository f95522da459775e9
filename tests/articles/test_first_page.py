"""Page 1 of home and of a section is read through queries compiled once per process
(articles.pagination.PreparedFirstPage) and shows what the ORM's paginator shows."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles import changes, views
from articles.models import Article, Status
from tests.support.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def shown(client, url, **params):
    changes.site_changed()  # rendered afresh, not answered from the page cache
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    paginator = response.context["page_obj"].paginator
    titles = [story.title for story in response.context["page_obj"].object_list]
    return titles, paginator.count, paginator.capped


def shown_through(first_page, client, path):
    """What `path` shows, and whether both of first_page's compiled queries were fetched for it."""
    with (
        mock.patch.object(first_page._keys, "fetch", wraps=first_page._keys.fetch) as keys,
        mock.patch.object(first_page._rows, "fetch", wraps=first_page._rows.fetch) as rows,
    ):
        return shown(client, path), keys.called and rows.called


@pytest.fixture
def crowded_section(settings):
    """A section with one story more than page 1 counts, a story elsewhere, a draft and a story scheduled later."""
    heart, lungs = make_section("Heart"), make_section("Lungs")
    limit = (1 + settings.LIST_PAGES_AHEAD) * settings.ARTICLES_PER_PAGE  # what page 1 counts to
    for number in range(limit + 1):
        make_article(f"Heart {number:03}", section=heart, days_ago=number + 2)
    make_article("Lungs story", section=lungs, days_ago=1)
    make_article("Heart draft", section=heart, status=Status.DRAFT, days_ago=None)
    make_article("Heart later", section=heart, days_ago=-1)
    return heart, limit


@pytest.mark.parametrize("url", ["home", "section"])
def test_page_one_shows_what_the_orm_paginator_shows(client, monkeypatch, crowded_section, url):
    heart, limit = crowded_section
    path = "/" if url == "home" else heart.get_absolute_url()
    view = views.HomeView if url == "home" else views.SectionView

    prepared, fetched = shown_through(view.first_page, client, path)
    assert fetched, "page 1 came from the prepared queries"
    monkeypatch.setattr(view, "first_page", None)
    assert prepared == shown(client, path)

    titles, count, capped = prepared
    assert (count, capped) == (limit, True), "counted as far as the paginator counts, and no further"
    assert "Heart draft" not in titles and "Heart later" not in titles
    assert ("Lungs story" in titles) is (url == "home")


def test_other_pages_and_other_sizes_are_read_as_before(client, monkeypatch, crowded_section, settings):
    heart, limit = crowded_section
    per_page = settings.ARTICLES_PER_PAGE
    (titles, _, _), fetched = shown_through(views.SectionView.first_page, client, heart.get_absolute_url() + "?page=2")
    assert titles == [f"Heart {number:03}" for number in range(per_page, 2 * per_page)] and not fetched

    # Page 1 now counts further than the compiled keys reach: the ORM counts, and finds them all.
    settings.LIST_PAGES_AHEAD += 2
    (titles, count, capped), fetched = shown_through(views.HomeView.first_page, client, "/")
    assert (titles[0], count, capped) == ("Lungs story", limit + 2, False) and not fetched

    monkeypatch.setattr(views.SectionView, "paginate_orphans", 2)
    (titles, _, _), fetched = shown_through(views.SectionView.first_page, client, heart.get_absolute_url())
    assert titles == [f"Heart {number:03}" for number in range(per_page)] and not fetched


def test_a_subclass_of_a_prepared_view_builds_its_own_page_one(client, crowded_section, rf):
    heart, _ = crowded_section

    class LungsOnly(views.HomeView):
        def stories(self):
            return super().stories().exclude(section=heart)

    response = LungsOnly.as_view()(rf.get("/"))
    assert [story.title for story in response.context_data["page_obj"].object_list] == ["Lungs story"]


def test_a_story_taken_down_after_the_compile_leaves_page_one(client, crowded_section):
    heart, _ = crowded_section
    assert shown(client, heart.get_absolute_url())[0][0] == "Heart 000"
    Article.objects.filter(title="Heart 000").update(status=Status.DRAFT)
    assert shown(client, heart.get_absolute_url())[0][0] == "Heart 001"
    assert shown(client, "/")[0][:2] == ["Lungs story", "Heart 001"]


def test_a_scheduled_story_joins_page_one_when_it_is_due(client, crowded_section):
    heart, _ = crowded_section
    assert "Heart later" not in shown(client, heart.get_absolute_url())[0]
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(days=2)):
        assert shown(client, heart.get_absolute_url())[0][0] == "Heart later"


def test_sections_are_found_by_slug_and_an_empty_one_still_answers(client):
    empty = make_section("Empty")
    assert client.get("/section/no-such-section/").status_code == 404
    titles, count, capped = shown(client, empty.get_absolute_url())
    assert (titles, count, capped) == ([], 0, False)
