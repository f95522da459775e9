"""A search reads a bounded set: the newest matches, the newest few of them ranked, one page of fragments."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Status
from search import services
from search.backends import base, get_backend
from search.models import SearchDocument
from tests.support.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def titles(results, limit=50):
    return [hit.article.title for hit in results[0:limit]]


@pytest.fixture
def okapis():
    """Six stories with "okapi", one a day, written in that order: two with it in the title (the oldest
    of all, and the third newest)."""
    make_section("Wildlife")
    stories = {}
    titles = ["Zoo news one", "Zoo news two", "Okapi in the title", "Zoo news four", "Zoo news five", "Okapi old title"]
    for days_ago, title in reversed(list(enumerate(titles, start=1))):
        stories[title] = make_article(title, body="<p>An okapi was seen.</p>", days_ago=days_ago)
    return stories


def test_the_newest_ranked_matches_come_first_by_relevance_then_the_rest_newest_first(okapis, monkeypatch):
    monkeypatch.setattr(base, "RANKED_MATCHES", 4)

    assert titles(get_backend().search("okapi")) == [
        "Okapi in the title",  # the newest four, best match first
        "Zoo news one",
        "Zoo news two",
        "Zoo news four",
        "Zoo news five",  # past the ranked four: newest first, a title match or not
        "Okapi old title",
    ]


def test_counting_stops_at_the_cap_and_says_so(okapis, settings):
    settings.SEARCH_MAX_COUNT = 4

    results = get_backend().search("okapi")

    assert results.count() == 4
    assert results.capped
    assert "Okapi old title" not in titles(results)  # the oldest match is past the cap


def test_a_search_costs_the_same_queries_whatever_the_number_of_matches(okapis):
    def queries_for(word):
        with CaptureQueriesContext(connection) as queries:
            results = get_backend().search(word)
            results.count()
            results[0:10]
        return len(queries)

    few = queries_for("okapi")
    for n in range(30):
        make_article(f"More okapi {n}", days_ago=10 + n)

    # The newest matches (on PostgreSQL their documents, then the door), their ranks, the page's hits
    # (SQLite reads the fragments apart from the articles).
    assert queries_for("okapi") == few <= 4


def test_a_document_whose_article_was_taken_down_never_shows(okapis):
    story = okapis["Okapi in the title"]
    # A write around save(): the document still carries the publication time.
    Article.objects.filter(pk=story.pk).update(status=Status.UNPUBLISHED)

    assert "Okapi in the title" not in titles(get_backend().search("okapi"))
    assert get_backend().search("okapi").count() == 5


def test_a_story_taken_down_among_the_newest_does_not_end_the_count_early(okapis, settings):
    """The limit counts public matches: a taken-down story's document keeps its date, and is skipped in the read."""
    settings.SEARCH_MAX_COUNT = 4
    story = okapis["Zoo news one"]  # the newest match
    Article.objects.filter(pk=story.pk).update(status=Status.UNPUBLISHED)  # around save(): the document stays

    results = get_backend().search("okapi")

    assert (results.count(), results.capped) == (4, True)  # five public matches remain
    assert "Zoo news one" not in titles(results)


def test_documents_carry_the_publication_time_and_follow_a_new_one(okapis):
    story = okapis["Zoo news five"]
    assert SearchDocument.objects.get(article=story).published_at == story.published_at

    story.published_at = timezone.now() - timedelta(minutes=5)
    story.save(update_fields=["published_at"])

    assert SearchDocument.objects.get(article=story).published_at == story.published_at
    if connection.vendor == "postgresql":  # SQLite reads matches in the order they were written
        assert titles(get_backend().search("zoo"))[0] == "Zoo news five"


def test_bulk_added_documents_are_searchable_with_their_publication_time(okapis):
    story = make_article("Bulk quagga", body="<p>Striped.</p>")
    SearchDocument.objects.filter(article=story).delete()

    services.add_documents([services.build_document(story, ["Equids"])])

    document = SearchDocument.objects.get(article=story)
    assert (document.meta, document.published_at) == (f"{story.dek} Equids", story.published_at)
    assert titles(get_backend().search("quagga")) == titles(get_backend().search("equids")) == ["Bulk quagga"]


def test_the_cap_keeps_the_newest_matches_across_years_of_archive(settings):
    """The newest matches are kept whatever their age, from last week's to those of years ago."""
    make_section("Wildlife")
    for days_ago in (3000, 1500, 400, 100, 20, 5, 1):  # written in the order they were published
        make_article(f"Okapi seen {days_ago} days ago", days_ago=days_ago)
    settings.SEARCH_MAX_COUNT = 4

    results = get_backend().search("okapi")

    assert results.count() == 4
    assert results.capped
    assert sorted(titles(results)) == sorted(f"Okapi seen {days} days ago" for days in (1, 5, 20, 100))


def test_every_match_is_found_once_whatever_its_age():
    make_section("Wildlife")
    ages = (3000, 1792, 448, 112, 28, 7, 1)
    for days_ago in ages:
        make_article(f"Okapi seen {days_ago} days ago", days_ago=days_ago)

    assert titles(get_backend().search("okapi")) == [f"Okapi seen {days} days ago" for days in sorted(ages)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's read of the search documents")
def test_the_newest_matches_and_their_ranks_are_one_read_of_the_documents_whatever_their_age(settings):
    make_section("Wildlife")
    for days_ago in (3000, 1000, 200, 30):  # written as published; months and years apart
        make_article(f"Okapi seen {days_ago} days ago", days_ago=days_ago)
    make_article("Okapi seen tomorrow", days_ago=-1)  # scheduled: not a match until it is out
    settings.SEARCH_MAX_COUNT = 3

    with CaptureQueriesContext(connection) as queries:
        results = get_backend().search("okapi")
        assert results.count() == 3

    reads = [query["sql"] for query in queries if "search_searchdocument" in query["sql"]]
    assert len(reads) == 1, "the newest public matches, ranked, in one read"
    assert "ts_rank" in reads[0] and "LIMIT 4" in reads[0]
    assert sorted(titles(results)) == sorted(f"Okapi seen {days} days ago" for days in (30, 200, 1000))
