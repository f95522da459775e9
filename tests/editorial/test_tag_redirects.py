"""A tag whose slug changes keeps its old address answering 301, whoever saves it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Tag
from editorial.models import TagRedirect
from tests.support.factories import make_article, make_tag

pytestmark = pytest.mark.django_db


def test_a_new_slug_keeps_the_old_address():
    tag = make_tag("Cardiology")
    tag.slug = "cardiovascular"
    tag.save()
    assert TagRedirect.objects.filter(old_slug="cardiology", tag=tag).exists()
    assert Client().get("/tag/cardiology/")["Location"] == "/tag/cardiovascular/"


def test_a_tag_loaded_from_the_database_keeps_its_old_address_too():
    make_tag("Cardiology")
    tag = Tag.objects.get(slug="cardiology")
    tag.slug = "cardiovascular"
    tag.save()
    assert TagRedirect.objects.filter(old_slug="cardiology", tag=tag).exists()


def test_renaming_twice_keeps_both_old_addresses():
    tag = make_tag("Cardiology")
    tag.slug = "cardiovascular"
    tag.save()
    tag.slug = "heart"
    tag.save()
    assert sorted(TagRedirect.objects.filter(tag=tag).values_list("old_slug", flat=True)) == [
        "cardiology",
        "cardiovascular",
    ]


def test_saving_without_a_slug_change_records_no_redirect():
    tag = make_tag("Cardiology")
    tag.name = "Cardiology news"
    tag.save()
    make_tag("Vaccines")
    assert not TagRedirect.objects.exists()


def test_an_old_address_taken_back_by_a_renamed_tag_stops_redirecting():
    tag = make_tag("Cardiology")
    make_article("A public story", tags=[tag])  # a tag has a page once a public story carries it
    tag.slug = "cardiovascular"
    tag.save()
    tag.slug = "cardiology"
    tag.save()
    assert list(TagRedirect.objects.values_list("old_slug", flat=True)) == ["cardiovascular"]
    assert Client().get("/tag/cardiology/").status_code == 200


def test_the_old_slug_comes_from_the_stored_row_not_a_second_read():
    tag = make_tag("Cardiology")
    tag.slug = "cardiovascular"
    with CaptureQueriesContext(connection) as captured:
        tag.save()
    reads = [q["sql"] for q in captured if q["sql"].startswith("SELECT") and 'FROM "articles_tag"' in q["sql"]]
    assert reads == []
