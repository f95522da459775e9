"""articles.bylines: a byline written from author ids kept earlier (a pending version, a revision)."""

import pytest

from articles import bylines
from articles.models import ArticleAuthor
from tests.support.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def rows(article):
    return list(ArticleAuthor.objects.filter(article=article).order_by("position").values_list("author_id", "position"))


def test_the_ids_still_naming_an_author_keep_their_order():
    cy, ana, ben = make_author("Cy"), make_author("Ana"), make_author("Ben")
    gone = ben.pk
    ben.delete()

    assert bylines.existing_in_order([cy.pk, gone, ana.pk]) == [cy.pk, ana.pk]
    assert bylines.existing_in_order([]) == []


def test_write_replaces_the_byline_in_the_order_given_from_position_zero():
    ana, ben, cy = make_author("Ana"), make_author("Ben"), make_author("Cy")
    article = make_article("Statins and sleep", authors=[ana])

    bylines.write(article, [cy.pk, ben.pk])

    assert rows(article) == [(cy.pk, 0), (ben.pk, 1)]


def test_write_leaves_out_an_author_deleted_since_the_ids_were_kept():
    ana, ben = make_author("Ana"), make_author("Ben")
    article = make_article("Statins and sleep", authors=[ana])
    kept = [ben.pk, ana.pk]  # kept while Ben was still an author here; his profile is deleted since
    ben.delete()

    bylines.write(article, kept)

    assert rows(article) == [(ana.pk, 0)]


def test_write_tells_the_one_owner_of_content_changes(monkeypatch):
    article = make_article("Statins and sleep")
    told = []
    monkeypatch.setattr(bylines.changes, "article_relation_changed", told.append)

    bylines.write(article, [make_author("Ana").pk])

    assert told == [article.pk]
