"""Public pages run a fixed, small number of queries whatever the size of the data they show.

Cold means no page cache at all. The test settings put public querysets in FETCH_RAISE
mode, so any lazy load on these pages fails loudly instead of adding a query; when a
count is wrong, the failure lists every statement.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import related
from editorial.models import Correction
from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag

pytestmark = pytest.mark.django_db

# The most-read list (mostread) on home and article pages: built once per refresh and shared by
# every page, so only a cold page reads it.
MOST_READ_QUERIES = 1
# The chrome: the navigation's sections and the footer's published pages, in one query (newsroom.chrome).
CHROME_QUERIES = 1
# The article (with its related stories and what other apps join to it: the evidence app's
# stored references), the latest stories, the chrome and the most-read list.
ARTICLE_PAGE_QUERIES = 2 + CHROME_QUERIES + MOST_READ_QUERIES
# The page's object (section, tag or author; none for home), the count, the page of stories and
# the chrome; home reads its section fronts instead of an object, and the most-read list.
LIST_PAGE_QUERIES = 3 + CHROME_QUERIES


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def build_article(*, tag_count, related_count, name, corrections=0):
    section = make_section(f"Section {name}")
    tags = [make_tag(f"{name} tag {n}") for n in range(tag_count)]
    authors = [make_author(f"{name} author {n}") for n in range(3)]
    story = make_article(f"{name} subject", section=section, authors=authors, tags=tags, days_ago=0)
    others = [
        make_article(f"{name} related {n}", section=section, authors=authors, tags=tags[:1], days_ago=n + 1)
        for n in range(related_count)
    ]
    for n in range(corrections):
        Correction.objects.create(article=story, note=f"Correction {n}.")
    related.refresh_related([story.pk, *(other.pk for other in others)])
    return story


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def test_a_cold_article_page_runs_a_fixed_number_of_queries_however_much_it_shows(client):
    make_disclaimer(is_default=True)
    small = build_article(tag_count=1, related_count=0, name="small")
    large = build_article(tag_count=20, related_count=8, name="large", corrections=3)
    assert len(queries_for(client, small.get_absolute_url())) == ARTICLE_PAGE_QUERIES
    queries = queries_for(client, large.get_absolute_url())
    assert len(queries) == ARTICLE_PAGE_QUERIES, "\n\n".join(queries)


def test_the_large_article_page_shows_everything_it_read(client):
    make_disclaimer(is_default=True)
    story = build_article(tag_count=20, related_count=8, name="large", corrections=3)
    context = client.get(story.get_absolute_url()).context
    assert len(context["tags"]) == 20
    assert [author.name for author in context["authors"]] == [f"large author {n}" for n in range(3)]
    assert [c.note for c in context["corrections"]] == ["Correction 2.", "Correction 1.", "Correction 0."]
    assert len(context["related_stories"]) == 6
    assert context["disclaimer"].title == "Disclaimer of Newsroom Health"


@pytest.mark.parametrize(
    ("url_of", "expected"),
    [
        pytest.param(lambda s: "/", LIST_PAGE_QUERIES + MOST_READ_QUERIES, id="home"),
        pytest.param(lambda s: s.section.get_absolute_url(), LIST_PAGE_QUERIES, id="section"),
        # A tag's or author's stories are walked from their own links (link_dates): no query of their ids first.
        pytest.param(lambda s: s.shown_tags[0].get_absolute_url(), LIST_PAGE_QUERIES, id="tag"),
        pytest.param(lambda s: s.byline_authors[0].get_absolute_url(), LIST_PAGE_QUERIES, id="author"),
    ],
)
def test_cold_list_pages_run_four_queries_whatever_the_number_of_stories(client, url_of, expected):
    sections = [make_section(f"Front {n}") for n in range(5)]
    tag = make_tag("shared")
    author = make_author("Writer")
    counts = []
    for size in (2, 14):
        while sections[0].articles.count() < size:
            for section in sections:
                make_article(section=section, authors=[author], tags=[tag], days_ago=section.articles.count() + 1)
        queries = queries_for(client, url_of(sections[0].articles.first()))
        counts.append(len(queries))
    assert counts == [expected, expected], "\n\n".join(queries)


def test_home_shows_every_section_front_from_one_query(client):
    sections = [make_section(f"Front {n}", position=5 - n) for n in range(5)]
    for section in sections:
        for n in range(4):
            make_article(f"{section.name} story {n}", section=section, days_ago=n + 1)
    fronts = client.get("/").context["section_fronts"]
    assert [section.name for section, _ in fronts] == [f"Front {n}" for n in reversed(range(5))]
    assert all([story.title for story in stories] == [f"{s.name} story {n}" for n in range(3)] for s, stories in fronts)


def test_a_relation_another_app_registers_is_read_with_the_article(client, monkeypatch):
    from articles.models import article as article_models

    make_disclaimer(is_default=True)
    story = build_article(tag_count=3, related_count=2, name="joined")
    assert "stored_references" in article_models._page_relations, "evidence registers its references"
    monkeypatch.setattr(article_models, "_page_relations", [])
    queries = queries_for(client, story.get_absolute_url())
    assert len(queries) == ARTICLE_PAGE_QUERIES + 1, "without the join, one lookup more"
