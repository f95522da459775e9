"""An article's neighbours in its section: the right stories, found at a cost that does not grow with the archive."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles import navigation
from articles.views import PUBLIC_ARTICLE_PAGE
from tests.support.factories import add_stories, make_article, make_section
from tests.support.sqlite_steps import sqlite_steps

pytestmark = pytest.mark.django_db

NEWER_STORIES = 300


def add_newer_stories(section, count, *, days_ago_from=1):
    """`count` public stories of `section`, "Newer story <days ago>", one a day back from `days_ago_from` days ago."""
    add_stories(section, count, days_ago_from=days_ago_from, prefix="Newer story")


def neighbour_titles(slug):
    older, newer = navigation.section_neighbours(PUBLIC_ARTICLE_PAGE.fetch(slug=slug)[0])
    return (older and older.title, newer and newer.title)


def test_an_old_storys_neighbours_are_the_stories_either_side_of_it():
    section = make_section("Cardiology")
    make_article("Older still", section=section, days_ago=500)
    old = make_article("Old story", section=section, days_ago=400)
    add_newer_stories(section, 3, days_ago_from=10)
    make_article("Not yet public", section=section, published_at=timezone.now() + timedelta(days=1))

    assert neighbour_titles(old.slug) == ("Older still", "Newer story 12")
    assert neighbour_titles("newer-story-10") == ("Newer story 11", None)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's virtual machine steps")
def test_finding_an_old_storys_older_neighbour_does_not_walk_past_the_newer_stories():
    """The index is walked from the story's own place, not from now down through every newer story."""
    section = make_section("Cardiology")
    make_article("Older still", section=section, days_ago=500)
    old = make_article("Old story", section=section, days_ago=400)
    add_newer_stories(section, 3)

    def load_page():
        PUBLIC_ARTICLE_PAGE.fetch(slug=old.slug)

    with_few_newer = sqlite_steps(load_page)
    add_newer_stories(section, NEWER_STORIES, days_ago_from=20)
    with_many_newer = sqlite_steps(load_page)

    assert neighbour_titles(old.slug)[0] == "Older still"
    assert with_many_newer < with_few_newer * 1.2, (with_few_newer, with_many_newer)
