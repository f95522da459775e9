"""`pk__any_of`: the same rows as `pk__in`; on PostgreSQL, the ids travel as one array parameter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def test_any_of_finds_the_rows_in_finds():
    stories = [make_article(f"Story {n}") for n in range(5)]
    wanted = [stories[4].pk, stories[1].pk, stories[1].pk, 10**12]
    found = set(Article.objects.filter(pk__any_of=wanted).values_list("pk", flat=True))
    assert found == {stories[4].pk, stories[1].pk}
    assert not Article.objects.filter(pk__any_of=[]).exists()


def test_a_subquery_stays_a_subquery():
    story = make_article("Kept")
    make_article("Other")
    inner = Article.objects.filter(title="Kept").values("pk")
    assert list(Article.objects.filter(pk__any_of=inner).values_list("pk", flat=True)) == [story.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array parameter is PostgreSQL's")
def test_on_postgresql_thousands_of_ids_are_one_parameter():
    story = make_article("Found")
    ids = [story.pk, *range(10**9, 10**9 + 3000)]
    with CaptureQueriesContext(connection) as queries:
        assert list(Article.objects.filter(pk__any_of=ids).values_list("pk", flat=True)) == [story.pk]
    sql = queries[0]["sql"]
    assert "= ANY('{" in sql and "[])" in sql, "one array literal"
    assert " IN (" not in sql
