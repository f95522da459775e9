"""The readers' search page counts a few pages past the one asked for, never fewer than the ranked matches.

So a word found in half the archive costs page 1 its newest RANKED_MATCHES + 1 matches, and
every page shows the order a full read would give.
"""

import pytest

from search.backends import base, get_backend
from search.paging import results_page
from tests.support.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def twelve_okapis(settings, monkeypatch):
    """Twelve matches, two a page, counts one page ahead, the newest three ranked."""
    settings.SEARCH_RESULTS_PER_PAGE = 2
    settings.LIST_PAGES_AHEAD = 1
    settings.SEARCH_MAX_COUNT = 100
    monkeypatch.setattr(base, "RANKED_MATCHES", 3)
    make_section("Wildlife")
    for days_ago in range(12, 0, -1):  # written in the order they were published
        title = "Okapi in the title" if days_ago == 2 else f"Zoo note {days_ago}"
        make_article(title, body="<p>An okapi was seen.</p>", days_ago=days_ago)


@pytest.fixture
def reads(monkeypatch):
    """The limits the backend's newest matches were read with."""
    limits = []
    backend = type(get_backend())
    read = backend.newest_matches

    def spy(self, parsed, **kwargs):
        limits.append(kwargs["limit"])
        return read(self, parsed, **kwargs)

    monkeypatch.setattr(backend, "newest_matches", spy)
    return limits


def titles(page):
    return [hit.article.title for hit in page.object_list]


def test_page_one_reads_its_window_and_says_there_are_more(twelve_okapis, reads):
    paginator, page = results_page(get_backend().search("okapi"), 1)

    assert reads == [5]  # two pages of two, then one more to know there are more
    assert (paginator.count, paginator.capped, paginator.num_pages) == (4, True, 2)
    assert titles(page) == ["Okapi in the title", "Zoo note 1"]  # the newest three ranked: the title match first


def test_a_later_page_reads_further_and_the_order_is_that_of_a_full_read(twelve_okapis, reads):
    full = [hit.article.title for hit in get_backend().search("okapi")[0:12]]

    pages = [titles(results_page(get_backend().search("okapi"), number)[1]) for number in range(1, 7)]

    assert reads[1:] == [5, 7, 9, 11, 13, 15]
    assert [title for page in pages for title in page] == full


def test_near_the_end_the_count_is_exact(twelve_okapis):
    paginator, page = results_page(get_backend().search("okapi"), 6)

    assert (paginator.count, paginator.capped, page.number) == (12, False, 6)


def test_the_count_never_stops_inside_the_ranked_matches(twelve_okapis, reads, monkeypatch):
    monkeypatch.setattr(base, "RANKED_MATCHES", 7)

    paginator, _ = results_page(get_backend().search("okapi"), 1)

    assert reads == [8]
    assert paginator.count == 7


def test_nor_past_the_search_cap(twelve_okapis, reads, settings):
    settings.SEARCH_MAX_COUNT = 3

    paginator, _ = results_page(get_backend().search("okapi"), 1)

    assert reads == [4]
    assert (paginator.count, paginator.capped) == (3, True)


def test_a_page_past_the_end_shows_the_last_and_a_word_asked_as_no_number_page_one(twelve_okapis):
    assert results_page(get_backend().search("okapi"), 40)[1].number == 6
    assert results_page(get_backend().search("okapi"), "two")[1].number == 1


def test_the_search_page_says_more_than_its_count_and_page_n_of_m_plus(twelve_okapis, client):
    html = client.get("/search/", {"q": "okapi"}).content.decode()

    assert "More than 4 results" in html
    assert "Page 1 of 2+" in html
    html = client.get("/search/", {"q": "okapi", "page": "6"}).content.decode()
    assert "12 results" in html and "Page 6 of 6<" in html
