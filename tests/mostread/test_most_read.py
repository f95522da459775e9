"""The most-read list: views folded into hourly rows, ranked, shown on home and article pages."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Status
from mostread import services, tally
from mostread.models import ArticleViews
from mostread.templatetags.most_read import fresh_list
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def hour(hours_ago=0):
    now = timezone.now()
    return now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=hours_ago)


def read(story, views, hours_ago=0):
    ArticleViews.objects.create(article=story, hour=hour(hours_ago), views=views)


def test_a_fold_moves_waiting_views_into_hourly_rows_and_adds_to_them():
    story = make_article("Salt and the heart")
    this_hour = int(hour().timestamp())
    tally.add({(this_hour, story.slug): 2, (this_hour - 3600, story.slug): 1, (this_hour, "no-such-story"): 9})
    assert services.fold() == 3
    tally.add({(this_hour, story.slug): 4})
    assert services.fold() == 4

    rows = {row.hour: row.views for row in ArticleViews.objects.filter(article=story)}
    assert rows == {hour(): 6, hour(1): 1}
    assert services.fold() == 0, "nothing waits any more"


def test_the_list_ranks_todays_views_first_then_the_weeks():
    busy, steady, quiet, old = (make_article(title) for title in ("Busy", "Steady", "Quiet", "Old news"))
    read(busy, 50)
    read(steady, 5, hours_ago=2)
    read(steady, 500, hours_ago=30)
    read(quiet, 1, hours_ago=3 * 24)
    read(old, 1000, hours_ago=8 * 24)

    services.rank()
    label, stories = services.most_read(limit=5)

    assert [story.title for story in stories] == ["Busy", "Steady", "Quiet"]
    assert label == "this week", "Quiet was not read today"
    label, stories = services.most_read(limit=2)
    assert (label, [story.title for story in stories]) == ("today", ["Busy", "Steady"])


def test_only_published_stories_are_listed():
    public = make_article("Public")
    draft = make_article("Draft", status=Status.DRAFT)
    later = make_article("Scheduled", days_ago=-1)
    for story in (public, draft, later):
        read(story, 10)
    services.rank()
    assert [story.title for story in services.most_read()[1]] == ["Public"]


def test_home_and_article_pages_show_the_list_of_real_views(reader, settings, time_machine):
    time_machine.move_to(timezone.now())
    first, second = make_article("Salt and the heart"), make_article("Sleep and memory")
    for _ in range(2):
        reader.get(second.get_absolute_url())
    reader.get(first.get_absolute_url())
    time_machine.shift(settings.MOST_READ_REFRESH_SECONDS)

    html = reader.get("/").content.decode()
    assert 'id="most-read"' in html
    listed = html[html.index('id="most-read"') :]
    assert listed.index("Sleep and memory") < listed.index("Salt and the heart")
    assert "Most read today" in listed
    assert 'id="most-read"' in reader.get(first.get_absolute_url()).content.decode()


def test_no_views_no_list(client):
    make_article("Salt and the heart")
    assert 'id="most-read"' not in client.get("/").content.decode()


def test_the_list_is_kept_between_refreshes(django_assert_num_queries):
    read(make_article("Salt and the heart"), 3)
    first = fresh_list()
    with django_assert_num_queries(0):
        assert fresh_list() == first


def test_a_story_taken_down_leaves_the_list_at_once(reader):
    story, other = make_article("Salt and the heart"), make_article("Sleep and memory")
    read(story, 10)
    read(other, 5)
    assert "Salt and the heart" in reader.get(other.get_absolute_url()).content.decode()
    assert "Salt and the heart" in reader.get("/").content.decode()

    story.status = Status.DRAFT
    story.save()

    assert "Salt and the heart" not in reader.get("/").content.decode()
    assert "Salt and the heart" not in reader.get(other.get_absolute_url()).content.decode()


def test_the_list_is_ranked_again_after_the_refresh_period(settings, time_machine):
    time_machine.move_to(timezone.now())
    story, other = make_article("Salt and the heart"), make_article("Sleep and memory")
    read(story, 10)
    assert "Sleep and memory" not in fresh_list()
    read(other, 50)
    assert "Sleep and memory" not in fresh_list(), "kept until the refresh"
    time_machine.shift(settings.MOST_READ_REFRESH_SECONDS)
    assert fresh_list().index("Sleep and memory") < fresh_list().index("Salt and the heart")


def test_fold_most_read_folds_and_drops_rows_past_the_keeping_period(settings):
    story = make_article("Salt and the heart")
    read(story, 7, hours_ago=(settings.MOST_READ_KEEP_DAYS + 1) * 24)
    tally.add({(int(hour().timestamp()), story.slug): 2})

    out = io.StringIO()
    call_command("fold_most_read", stdout=out)

    assert out.getvalue().strip() == "Views folded: 2; places ranked: 1; old hourly rows deleted: 1"
    assert list(ArticleViews.objects.values_list("views", flat=True)) == [2]


def test_the_ranking_is_stored_when_views_are_folded_so_readers_never_sum_hourly_rows():
    story = make_article("Salt and the heart")
    for hours_ago in range(0, 24 * 7, 6):
        read(story, 3, hours_ago=hours_ago)
    assert services.most_read()[1] == [], "nothing is listed before a ranking"

    services.rank()
    with CaptureQueriesContext(connection) as queries:
        label, stories = services.most_read()

    assert [(s.title, s.views_today, s.views) for s in stories] == [("Salt and the heart", 12, 84)]
    assert len(queries) == 1
    assert "mostread_articleviews" not in queries[0]["sql"], "the list reads the stored ranking only"


def test_a_story_taken_down_after_the_ranking_gives_its_place_to_the_next(settings):
    settings.MOST_READ_LIMIT = 2
    first, second, third = (make_article(title) for title in ("First", "Second", "Third"))
    for views, story in ((30, first), (20, second), (10, third)):
        read(story, views)
    services.rank()

    first.status = Status.DRAFT
    first.save()

    assert [story.title for story in services.most_read()[1]] == ["Second", "Third"]


def test_a_refresh_while_another_runs_leaves_the_ranking_alone():
    read(make_article("Salt and the heart"), 3)
    with services._folding() as mine:
        assert mine
        assert services.refresh() is None
    assert services.refresh() == (0, 1)
