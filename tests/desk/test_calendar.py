"""The desk's calendar: a month or an ISO week of scheduled and published stories, by day in the site's time zone."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from desk import calendar
from tests.support.factories import make_article, make_section
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/calendar/"


@pytest.fixture
def section():
    return make_section("Heart")


@pytest.fixture
def editor(client):
    client.force_login(make_staff("editor", "eve"))
    return client


def day_cell(page, day):
    cells = page.xpath(f'//table[@id="calendar"]//td[.//time[@datetime="{day:%Y-%m-%d}"]]')
    assert len(cells) == 1, f"no single cell for {day}"
    return cells[0]


def story_titles(cell):
    return [" ".join(link.text_content().split()[1:]) for link in cell.xpath(".//li/a")]


def test_the_calendar_lives_at_its_address_in_the_article_admin():
    assert reverse("admin:articles_article_calendar") == URL


@time_machine.travel(datetime(2026, 12, 10, 12, 0, tzinfo=ZoneInfo("UTC")), tick=False)
def test_a_month_lists_scheduled_and_published_stories_by_day_with_today_marked(editor, section, settings):
    published = make_article(
        "Out on the 3rd", section=section, published_at=datetime(2026, 12, 3, 9, 30, tzinfo=ZoneInfo("UTC"))
    )
    make_article("Due on the 20th", section=section, published_at=datetime(2026, 12, 20, 7, 0, tzinfo=ZoneInfo("UTC")))
    make_article("Last month", section=section, published_at=datetime(2026, 11, 28, 7, 0, tzinfo=ZoneInfo("UTC")))
    make_article("A draft", section=section, status=Status.DRAFT, days_ago=None)

    response = editor.get(URL, {"month": "2026-12"})
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    assert page.xpath('//table[@id="calendar"]/caption')[0].text_content().strip().endswith("December 2026")
    third = day_cell(page, date(2026, 12, 3))
    assert story_titles(third) == ["Out on the 3rd"]
    assert third.xpath(".//a")[0].get("href") == reverse("admin:articles_article_change", args=[published.pk])
    twentieth = day_cell(page, date(2026, 12, 20))
    assert story_titles(twentieth) == ["Due on the 20th"] and "Scheduled" in twentieth.text_content()
    assert day_cell(page, date(2026, 12, 10)).get("aria-current") == "date"
    assert "Last month" not in response.content.decode()
    assert "A draft" not in response.content.decode()


def test_days_are_the_site_time_zones_days(editor, section, settings):
    settings.TIME_ZONE = "America/New_York"
    with timezone.override(ZoneInfo("America/New_York")):
        # 02:00 UTC on the 5th is still the evening of the 4th in New York.
        make_article("Late evening", section=section, published_at=datetime(2026, 12, 5, 2, 0, tzinfo=ZoneInfo("UTC")))
        page = lxml.html.fromstring(editor.get(URL, {"month": "2026-12"}).content)
    assert story_titles(day_cell(page, date(2026, 12, 4))) == ["Late evening"]


def test_a_week_shows_seven_days_and_links_its_neighbours(editor, section):
    make_article("In week 49", section=section, published_at=datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("UTC")))
    response = editor.get(URL, {"week": "2026-W49"})
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    days = page.xpath('//table[@id="calendar"]//td//time/@datetime')
    assert days == [f"2026-11-{d}" for d in (30,)] + [f"2026-12-0{d}" for d in range(1, 7)]
    assert story_titles(day_cell(page, date(2026, 12, 2))) == ["In week 49"]
    links = page.xpath('//nav[@class="calendar-nav"]//a/@href')
    assert "?week=2026-W48" in links and "?week=2026-W50" in links and "?month=2026-11" in links


def test_the_calendar_reads_a_few_stories_a_day_and_each_days_count_in_two_queries(
    editor, section, django_assert_num_queries
):
    for day in range(1, 20):
        make_article(f"Story {day}", section=section, published_at=datetime(2026, 12, day, 9, tzinfo=ZoneInfo("UTC")))
    period = calendar.period_for({"month": "2026-12"}, date(2026, 12, 10))
    editor_user = make_staff("editor", "ed2")
    assert editor_user.has_perm("articles.change_any_article")  # permissions are read once per request
    with django_assert_num_queries(2) as captured:
        shown, counts = calendar.stories_in(editor_user, period)
    assert sum(len(stories) for stories in shown.values()) == 19
    assert counts[date(2026, 12, 5)] == 1 and date(2026, 12, 25) not in counts and len(counts) == 19
    assert captured.captured_queries[0]["sql"].count("LIMIT") == 31, "one bounded slice per day"


def test_a_busy_day_lists_a_few_and_links_to_all_of_them(editor, section):
    for n in range(calendar.DAY_SHOWN + 3):
        make_article(f"Busy {n}", section=section, published_at=datetime(2026, 12, 8, 8, n, tzinfo=ZoneInfo("UTC")))
    make_article("Next day", section=section, published_at=datetime(2026, 12, 9, 0, 30, tzinfo=ZoneInfo("UTC")))
    at = datetime(2026, 12, 8, 9, 0, tzinfo=ZoneInfo("UTC"))
    make_article("Taken down", section=section, status=Status.UNPUBLISHED, published_at=at)
    page = lxml.html.fromstring(editor.get(URL, {"month": "2026-12"}).content)
    cell = day_cell(page, date(2026, 12, 8))
    assert story_titles(cell) == [f"Busy {n}" for n in range(calendar.DAY_SHOWN)]
    more = cell.xpath('.//p[@class="calendar__more"]/a')[0]
    assert more.text_content().startswith("and 3 more")
    listed = editor.get(more.get("href"))
    assert listed.status_code == 200
    titles = [
        row.text_content() for row in lxml.html.fromstring(listed.content).xpath('//table[@id="result_list"]//th')
    ]
    assert sum("Busy" in title for title in titles) == calendar.DAY_SHOWN + 3
    assert not any("Next day" in title or "Taken down" in title for title in titles)


def test_a_busy_days_count_is_its_local_days_too(editor, section, settings):
    settings.TIME_ZONE = "America/New_York"
    with timezone.override(ZoneInfo("America/New_York")):
        # From 22:00 UTC on the 4th to 03:00 UTC on the 5th: all the evening of the 4th in New York.
        for n in range(calendar.DAY_SHOWN + 2):
            at = datetime(2026, 12, 4, 22, 0, tzinfo=ZoneInfo("UTC")) + timedelta(minutes=40 * n)
            make_article(f"Evening {n}", section=section, published_at=at)
        page = lxml.html.fromstring(editor.get(URL, {"month": "2026-12"}).content)
    fourth = day_cell(page, date(2026, 12, 4))
    assert len(story_titles(fourth)) == calendar.DAY_SHOWN
    assert fourth.xpath('.//p[@class="calendar__more"]/a')[0].text_content().startswith("and 2 more")
    assert story_titles(day_cell(page, date(2026, 12, 5))) == []


def test_a_writer_sees_only_their_own_stories(client, section):
    writer = make_staff("writer", "wes")
    make_article(
        "Mine", section=section, created_by=writer, published_at=datetime(2026, 12, 8, 8, tzinfo=ZoneInfo("UTC"))
    )
    make_article("Theirs", section=section, published_at=datetime(2026, 12, 8, 9, tzinfo=ZoneInfo("UTC")))
    client.force_login(writer)
    page = lxml.html.fromstring(client.get(URL, {"month": "2026-12"}).content)
    assert story_titles(day_cell(page, date(2026, 12, 8))) == ["Mine"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"month": "December"}, "is not a month"),
        ({"month": "2026-13"}, "There is no such month"),
        ({"week": "2026-49"}, "is not a week"),
        ({"week": "2026-W60"}, "There is no such week"),
        ({"month": "9999-12"}, "cannot show the month"),
        ({"month": "0001-01"}, "cannot show the month"),
        ({"week": "0001-W01"}, "cannot show the week"),
        ({"week": "9999-W52"}, "cannot show the week"),
    ],
)
def test_a_period_that_does_not_exist_is_a_400_with_a_clear_message(editor, query, message):
    response = editor.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_calendar_is_for_staff_with_article_rights(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_whole_calendar_page_takes_a_fixed_handful_of_queries(editor, section, django_assert_max_num_queries):
    for day in range(1, 29):
        make_article(f"Story {day}", section=section, published_at=datetime(2026, 12, day, 9, tzinfo=ZoneInfo("UTC")))
    editor.get(URL, {"month": "2026-12"})
    # The admin's own reads (session, user, second factor, permissions, the header's counts) and the month's stories.
    with django_assert_max_num_queries(7):
        assert editor.get(URL, {"month": "2026-12"}).status_code == 200
