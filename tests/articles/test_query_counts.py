"""Public pages run a fixed number of queries whatever the size of the data they show.

The test settings put public querysets in FETCH_RAISE mode, so any lazy load on
these pages fails loudly instead of adding a query.
"""

import pytest

from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag

pytestmark = pytest.mark.django_db


def build_article(*, tag_count, related_count, name):
    section = make_section(f"Section {name}")
    tags = [make_tag(f"{name} tag {n}") for n in range(tag_count)]
    authors = [make_author(f"{name} author {n}") for n in range(2)]
    story = make_article(f"{name} subject", section=section, authors=authors, tags=tags, days_ago=0)
    for n in range(related_count):
        make_article(f"{name} related {n}", section=section, authors=authors, tags=tags[:1], days_ago=n + 1)
    return story


def count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_article_page_query_count_does_not_depend_on_tags_or_related(client, django_assert_max_num_queries):
    make_disclaimer(is_default=True)
    small = build_article(tag_count=1, related_count=0, name="small")
    large = build_article(tag_count=20, related_count=6, name="large")
    small_count = count_queries(client, small.get_absolute_url(), django_assert_max_num_queries)
    large_count = count_queries(client, large.get_absolute_url(), django_assert_max_num_queries)
    assert small_count == large_count
    assert large_count <= 8


@pytest.mark.parametrize(
    "url_of",
    [
        lambda s: "/",
        lambda s: s.section.get_absolute_url(),
        lambda s: s.tags.first().get_absolute_url(),
        lambda s: s.byline_authors[0].get_absolute_url(),
    ],
)
def test_list_pages_query_count_does_not_depend_on_the_number_of_stories(client, url_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    section = make_section("Only")
    tag = make_tag("shared")
    author = make_author("Writer")
    counts = []
    for size in (2, 14):
        while section.articles.count() < size:
            make_article(section=section, authors=[author], tags=[tag], days_ago=section.articles.count() + 1)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url_of(section.articles.first())).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
