"""The admin index is the editor's desk: blocks by role, each a bounded list with a count and links."""

from datetime import timedelta

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, PendingStatus, PendingVersion, Status
from desk import dashboard
from editorial.models import Correction
from tests.support.factories import make_article, make_section
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

ALL_BLOCKS = ["desk-my-work", "desk-review", "desk-scheduled", "desk-published", "desk-review-due", "desk-corrections"]


def having_class(element, name, tag="*"):
    """Descendants of `element` whose class list holds `name`."""
    return element.xpath(f'.//{tag}[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')


def block(page, block_id):
    found = page.get_element_by_id(block_id, None)
    assert found is not None, f"no #{block_id} on the desk"
    return found


def titles(element):
    return [link.text_content().strip() for link in element.xpath('.//*[contains(@class, "desk-list")]//a')]


def count(element):
    return having_class(element, "desk-block__count")[0].text_content().strip()


def open_desk(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


@pytest.fixture
def section():
    return make_section("Heart")


@pytest.fixture
def writer():
    return make_staff("writer", "wes")


@pytest.fixture
def editor():
    return make_staff("editor", "eve")


def test_an_editor_sees_every_block_and_the_model_list_stays(client, editor, section):
    client.force_login(editor)
    page = open_desk(client)
    assert [b.get("id") for b in having_class(page, "desk-block")] == ALL_BLOCKS
    models = page.xpath('//*[contains(@class, "app-list")]//*[contains(@class, "app-articles")]')
    assert models, "the list of models is still on the index"
    assert page.xpath(f'//a[@href="{reverse("admin:articles_article_calendar")}"]')


def test_a_writer_sees_their_work_and_the_dates_but_not_the_review_queue_or_corrections(client, writer, section):
    client.force_login(writer)
    page = open_desk(client)
    shown = [b.get("id") for b in having_class(page, "desk-block")]
    assert shown == ["desk-my-work", "desk-scheduled", "desk-published"]


def test_my_work_lists_my_drafts_and_marks_the_ones_an_editor_returned_with_the_comment(
    client, writer, editor, section
):
    make_article("My draft", section=section, status=Status.DRAFT, days_ago=None, created_by=writer)
    returned = make_article("Sent back", section=section, status=Status.DRAFT, days_ago=None, created_by=writer)
    make_article("Someone else's draft", section=section, status=Status.DRAFT, days_ago=None, created_by=editor)
    returned.status = Status.IN_REVIEW
    returned.save()
    workflow.perform(article=returned, action="return", by=editor, comment="Cite the trial, please.")

    client.force_login(writer)
    work = block(open_desk(client), "desk-my-work")
    assert sorted(titles(work)) == ["My draft", "Sent back"]
    assert count(work) == "2"
    flagged = [li for li in work.xpath(".//li") if having_class(li, "desk-tag--returned")]
    assert [li.xpath(".//a")[0].text_content() for li in flagged] == ["Sent back"]
    assert "Cite the trial, please." in flagged[0].text_content()
    assert work.xpath(".//li//a")[0].get("href") == reverse("admin:articles_article_change", args=[returned.pk])


def test_review_lists_the_longest_waiting_first(client, editor, section):
    now = timezone.now()
    first = make_article("Waiting longest", section=section, status=Status.IN_REVIEW, days_ago=None)
    second = make_article("Waiting since today", section=section, status=Status.IN_REVIEW, days_ago=None)
    for article, hours in [(second, 1), (first, 30)]:
        article.transitions.create(from_state=Status.DRAFT, to_state=Status.IN_REVIEW, at=now - timedelta(hours=hours))
    client.force_login(editor)
    assert titles(block(open_desk(client), "desk-review")) == ["Waiting longest", "Waiting since today"]


def test_review_lists_changes_to_live_stories_among_new_stories(client, editor, section):
    now = timezone.now()
    new = make_article("A new story", section=section, status=Status.IN_REVIEW, days_ago=None)
    new.transitions.create(from_state=Status.DRAFT, to_state=Status.IN_REVIEW, at=now - timedelta(hours=5))
    live = make_article("A live story with changes", section=section)
    submitted = now - timedelta(hours=9)
    PendingVersion.objects.create(article=live, content={}, status=PendingStatus.IN_REVIEW, submitted_at=submitted)
    being_edited = make_article("A live story still being edited", section=section)
    PendingVersion.objects.create(article=being_edited, content={}, status=PendingStatus.DRAFT)
    client.force_login(editor)

    review = block(open_desk(client), "desk-review")

    assert titles(review) == ["A live story with changes", "A new story"]
    assert count(review) == "2"
    assert "Changes to the live story" in review.text_content()


def test_scheduled_shows_the_next_seven_days_and_published_the_last_day(client, editor, section):
    now = timezone.now()
    make_article("Tomorrow", section=section, published_at=now + timedelta(days=1))
    make_article("Next month", section=section, published_at=now + timedelta(days=30))
    make_article("This morning", section=section, published_at=now - timedelta(hours=3))
    make_article("Last week", section=section, published_at=now - timedelta(days=7))
    client.force_login(editor)
    page = open_desk(client)
    assert titles(block(page, "desk-scheduled")) == ["Tomorrow"]
    assert titles(block(page, "desk-published")) == ["This morning"]


def test_review_due_lists_overdue_stories_first_and_corrections_the_newest_notes(client, editor, section):
    today = timezone.localdate()
    late = make_article("Overdue", section=section)
    soon = make_article("Due today", section=section)
    later = make_article("Not due", section=section)
    Article.objects.filter(pk=late.pk).update(review_due_on=today - timedelta(days=40))
    Article.objects.filter(pk=soon.pk).update(review_due_on=today)
    Article.objects.filter(pk=later.pk).update(review_due_on=today + timedelta(days=1))
    Correction.objects.create(article=late, note="The dose was 5 mg, not 50 mg.")
    client.force_login(editor)
    page = open_desk(client)
    assert titles(block(page, "desk-review-due")) == ["Overdue", "Due today"]
    notes = block(page, "desk-corrections")
    assert titles(notes) == ["Overdue"] and "The dose was 5 mg, not 50 mg." in notes.text_content()


def test_counts_stop_at_a_hundred_and_the_list_links_to_all(client, editor, section):
    Article.objects.bulk_create(
        Article(title=f"Draft {n}", slug=f"draft-{n}", section=section, status=Status.DRAFT, created_by=editor)
        for n in range(dashboard.COUNT_CAP + 5)
    )
    client.force_login(editor)
    work = block(open_desk(client), "desk-my-work")
    assert count(work) == "100+"
    assert len(titles(work)) == dashboard.SHOWN
    more = having_class(work, "desk-block__more")[0].xpath(".//a")[0]
    assert more.get("href") == reverse("admin:articles_article_changelist") + "?state=draft"


def test_an_empty_block_says_so(client, editor, section):
    client.force_login(editor)
    scheduled = block(open_desk(client), "desk-scheduled")
    assert count(scheduled) == "0"
    assert having_class(scheduled, "desk-block__empty")[0].text_content() == "Nothing scheduled this week."


def test_the_whole_desk_takes_at_most_ten_queries_however_big_the_archive(
    client, editor, section, django_assert_max_num_queries
):
    now = timezone.now()
    for n in range(15):
        make_article(f"Story {n}", section=section, published_at=now - timedelta(hours=n))
        make_article(f"Draft {n}", section=section, status=Status.DRAFT, days_ago=None, created_by=editor)
    client.force_login(editor)
    client.get(reverse("admin:index"))  # the session and permission caches are per request anyway
    with django_assert_max_num_queries(10):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200


def test_scheduled_and_published_are_each_bounded_even_when_one_half_is_crowded(client, editor, section):
    now = timezone.now()
    Article.objects.bulk_create(
        Article(title=f"Live {n}", slug=f"live-{n}", section=section, status=Status.PUBLISHED,
                published_at=now - timedelta(minutes=n + 1))
        for n in range(dashboard.COUNT_CAP + 3)
    )  # fmt: skip
    make_article("Later today", section=section, published_at=now + timedelta(hours=2))
    make_article("In three days", section=section, published_at=now + timedelta(days=3))
    client.force_login(editor)
    page = open_desk(client)
    scheduled, published = block(page, "desk-scheduled"), block(page, "desk-published")
    assert titles(scheduled) == ["Later today", "In three days"] and count(scheduled) == "2"
    assert count(published) == "100+"
    assert titles(published)[:2] == ["Live 0", "Live 1"]


def test_a_writers_desk_is_bounded_too(client, writer, section, django_assert_max_num_queries):
    for n in range(10):
        make_article(f"Mine {n}", section=section, status=Status.DRAFT, days_ago=None, created_by=writer)
    client.force_login(writer)
    client.get(reverse("admin:index"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("admin:index")).status_code == 200
