"""Re-review cycles: a section's interval sets when each story's medical review falls due."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from articles.models import Article, Status
from articles.review import interval, review_due_q
from tests.support.factories import make_article, make_author, make_section
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def reviewed(title, *, section, on, **fields):
    return make_article(title, section=section, reviewed_by=make_author(f"Dr {title}"), last_reviewed=on, **fields)


def test_a_review_falls_due_after_the_sections_interval():
    evergreen = make_section("Conditions", review_interval_months=12)
    recent = reviewed("Recent", section=evergreen, on=TODAY - datetime.timedelta(days=100))
    old = reviewed("Old", section=evergreen, on=datetime.date(2025, 10, 1))
    assert recent.review_due_on == recent.last_reviewed + interval(12)
    assert not recent.review_is_due
    assert old.review_is_due
    assert list(Article.objects.filter(review_due_q())) == [old]


def test_news_without_an_interval_is_never_due():
    news = make_section("News", review_interval_months=None)
    story = reviewed("Breaking", section=news, on=datetime.date(2020, 1, 1))
    assert story.review_due_on is None
    assert not story.review_is_due


def test_a_story_never_reviewed_in_an_evergreen_section_is_due_at_once():
    story = make_article("Never reviewed", section=make_section("Guides", review_interval_months=6))
    assert story.review_is_due


def test_changing_a_sections_interval_moves_its_stories_due_dates():
    section = make_section("Heart", review_interval_months=24)
    story = reviewed("Statins", section=section, on=datetime.date(2025, 6, 1))
    assert not story.review_is_due
    section.review_interval_months = 3
    section.save()
    story.refresh_from_db()
    assert story.review_due_on == datetime.date(2025, 6, 1) + interval(3)
    assert story.review_is_due
    section.review_interval_months = None
    section.save()
    story.refresh_from_db()
    assert story.review_due_on is None


def test_a_new_review_date_saved_alone_moves_the_due_date():
    story = reviewed("Asthma", section=make_section("Lungs"), on=datetime.date(2025, 1, 1))
    assert story.review_is_due
    story.last_reviewed = TODAY
    story.save(update_fields=["last_reviewed"])
    story.refresh_from_db()
    assert story.review_due_on == TODAY + interval(12)


def test_the_article_page_says_honestly_that_a_review_is_due(client):
    story = reviewed("Migraine", section=make_section("Brain"), on=datetime.date(2025, 10, 1))
    html = client.get(story.get_absolute_url()).content.decode()
    assert "medical-review--due" in html
    assert "a new review is due" in html
    assert "1\xa0year, 2\xa0months ago" in html


def test_the_desks_review_due_filter_uses_the_stored_date(client):
    section = make_section("Skin", review_interval_months=12)
    reviewed("Due one", section=section, on=datetime.date(2025, 1, 1))
    reviewed("Fresh one", section=section, on=TODAY)
    make_article("Draft never reviewed", section=make_section("Daily news", review_interval_months=None),
                 status=Status.DRAFT, days_ago=None)  # fmt: skip
    client.force_login(make_staff("editor", "ed"))
    response = client.get("/admin/articles/article/?review_due=yes")
    titles = {article.title for article in response.context["cl"].result_list}
    assert titles == {"Due one"}


def test_the_author_page_shows_the_profile_and_the_json_ld_person_carries_its_links(client):
    author = make_author(
        "Dr Mia Chen",
        is_clinician=True,
        verification_note="Medical licence checked in the national register",
        credentials_verified_on=datetime.date(2026, 11, 2),
        same_as="https://orcid.org/0000-0002-1825-0097\njavascript:alert(1)\nhttps://register.example/mia-chen",
        disclosures="Advisory board of <Example Pharma>, 2025.",
    )
    html = client.get(author.get_absolute_url()).content.decode()
    assert 'id="author-profile"' in html
    assert "Medical licence checked in the national register" in html
    assert '<time datetime="2026-11-02">2 November 2026</time>' in html
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in html
    assert "javascript:" not in html
    assert "Advisory board of &lt;Example Pharma&gt;, 2025." in html
    assert '"sameAs":["https://orcid.org/0000-0002-1825-0097","https://register.example/mia-chen"]' in html


def test_an_author_with_no_profile_shows_no_empty_block(client):
    author = make_author("Sam Reporter", credentials="")
    assert 'id="author-profile"' not in client.get(author.get_absolute_url()).content.decode()


def test_the_review_due_rule_matches_the_stored_due_date_on_every_database():
    section = make_section("Evergreen", review_interval_months=12)
    due = make_article("Due", section=section, days_ago=400)
    make_article("Fresh", section=section, days_ago=1, last_reviewed=timezone.localdate())
    today = timezone.localdate()
    assert list(Article.objects.filter(review_due_q(today))) == list(Article.objects.filter(review_due_on__lte=today))
    assert due in Article.objects.filter(review_due_q(today))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner: PostgreSQL's has range statistics")
def test_on_sqlite_the_due_date_is_no_index_key_so_the_desk_list_walks_the_newest_first():
    # With statistics that make the due-date index look selective, SQLite took it and sorted every
    # due story (250 ms at 30 000): a unary + keeps it from being chosen.
    sql = str(Article.objects.filter(review_due_q()).order_by("-published_at", "-id")[:50].query)
    assert '+"articles_article"."review_due_on" <=' in sql, sql
