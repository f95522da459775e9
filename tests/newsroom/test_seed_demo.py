"""`manage.py seed_demo`: original demo content, idempotent, local-only editor login."""

import io
import re
import stat
import tomllib
from collections import Counter
from datetime import datetime, timedelta
from unittest import mock
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Disclaimer,
    PendingStatus,
    PendingVersion,
    Section,
    Status,
    Tag,
    TaggedArticle,
)
from desk import calendar
from newsroom.demo.content import BUSY_DAY_MOST, ContentError, load, read_article
from newsroom.demo.formatting import DATA as FORMATTING_DEMO
from newsroom.demo.heroes import render_hero
from newsroom.demo.pending import DATA as PENDING_DEMO
from newsroom.demo.seeder import Seeder
from newsroom.demo.trust import DATA as TRUST_DEMO

LOGIN_LINE = re.compile(r"Editor login: editor / (\S+)")
DEMO = load()


@pytest.fixture
def local(settings, tmp_path):
    """Local mode, media and the demo logins file inside tmp_path."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO_LOGINS_FILE = tmp_path / "var" / "demo_logins.txt"
    settings.DEBUG = False
    settings.LOCAL_MODE = True
    return tmp_path


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Tag, TaggedArticle, Section, Author, ArticleAuthor, Disclaimer, get_user_model())
    }


def snapshot():
    """What a reader or editor could notice changing between runs."""
    return {
        a.slug: (a.title, a.body, a.status, a.published_at, a.updated_at, a.hero_image.name)
        for a in Article.objects.all()
    }


# --- The data files (no database) ------------------------------------------------------------


def test_demo_content_is_consistent():
    sections = {s["slug"] for s in DEMO.sections}
    authors = {a["slug"] for a in DEMO.authors}
    tags = {t["slug"] for t in DEMO.tags}
    articles = DEMO.articles
    assert len(sections) == 6 and len(authors) >= 3 and len(tags) >= 15
    assert len({a["slug"] for a in articles}) == len(articles) >= 26
    assert sum(d["is_default"] for d in DEMO.disclaimers.values()) == 1
    for author in DEMO.authors:
        assert author["credentials"] and author["job_title"] and author["bio"]
    for article in articles:
        assert article["section"] in sections
        assert 1 <= len(article["authors"]) <= 2 and set(article["authors"]) <= authors
        assert 2 <= len(article["tags"]) <= 5 and set(article["tags"]) <= tags
        assert 4 <= len(article["body"]) <= 6
        assert article.get("disclaimer") in (None, *DEMO.disclaimers)
        assert article["hero"]["alt"] and article["hero"]["caption"] and article["hero"]["credit"]
        assert article.get("original_reporting") or article["source_name"]
        if article.get("source_url"):
            assert urlsplit(article["source_url"]).hostname in {"example.org", "example.com"}
            assert urlsplit(article["source_url"]).scheme == "https"
    assert {a["section"] for a in articles} == sections
    assert sum(1 for a in articles if a.get("days_ago", 99) <= 2 or "busy_day" in a) >= 3
    assert sum(1 for a in articles if "scheduled_in_days" in a) == 1
    assert 1 <= sum(1 for a in articles if a.get("status") == "draft") <= 2


def test_hero_illustration_is_deterministic_jpeg():
    colours = DEMO.sections[0]["colours"]
    first = render_hero("some-story", colours)
    assert first[:3] == b"\xff\xd8\xff"
    assert render_hero("some-story", colours) == first
    assert render_hero("another-story", colours) != first


# --- The command ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_refuses_outside_local_mode_without_force(settings, tmp_path):
    settings.DEBUG = False
    settings.LOCAL_MODE = False
    settings.DEMO_LOGINS_FILE = tmp_path / "demo_logins.txt"
    with pytest.raises(CommandError, match="local"):
        seed()
    assert not Article.objects.exists() and not get_user_model().objects.exists()
    assert not (tmp_path / "demo_logins.txt").exists()


@pytest.mark.django_db
def test_force_runs_outside_local_mode(settings, tmp_path):
    settings.DEBUG = False
    settings.LOCAL_MODE = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO_LOGINS_FILE = tmp_path / "demo_logins.txt"
    assert LOGIN_LINE.search(seed("--force"))
    with FORMATTING_DEMO.open("rb") as handle:
        formatting_story = tomllib.load(handle)["story"]["slug"]
    # The article files, and the formatting demo's story (newsroom/demo/formatting.py).
    assert sorted(Article.objects.values_list("slug", flat=True)) == sorted(
        [spec["slug"] for spec in DEMO.articles] + [formatting_story]
    )


@pytest.mark.django_db
def test_second_run_creates_and_changes_nothing(local):
    first_output = seed()
    first_counts, first_snapshot = counts(), snapshot()

    second_output = seed()

    assert counts() == first_counts
    assert snapshot() == first_snapshot
    assert "Articles: 0 created, 0 updated" in second_output
    assert "Hero images generated: 0" in second_output
    # Same password printed both times, it works, and it is kept private.
    password = LOGIN_LINE.search(first_output).group(1)
    assert LOGIN_LINE.search(second_output).group(1) == password
    editor = get_user_model().objects.get(username="editor")
    assert editor.is_staff and editor.groups.filter(name="Editor").exists() and editor.check_password(password)
    logins_file = local / "var" / "demo_logins.txt"
    assert f"editor:{password}" in logins_file.read_text()
    assert stat.S_IMODE(logins_file.stat().st_mode) == 0o600


@pytest.mark.django_db
def test_rerun_resets_a_changed_editor_password(local):
    password = LOGIN_LINE.search(seed()).group(1)
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("something-else-entirely")
    editor.save()

    assert LOGIN_LINE.search(seed()).group(1) == password
    editor.refresh_from_db()
    assert editor.check_password(password)


@pytest.mark.django_db
def test_seeded_content_is_complete(local):
    seed()
    now = timezone.now()
    published = Article.objects.published()

    assert Article.objects.count() >= 24
    assert Section.objects.filter(articles__in=published).distinct().count() >= 4
    assert Disclaimer.objects.filter(is_default=True).count() == 1
    assert Disclaimer.objects.site_default().title == "Disclaimer of Newsroom Health"
    regulation = Section.objects.get(slug="drug-safety-regulation")
    assert regulation.default_disclaimer is not None
    own = Article.objects.filter(disclaimer__isnull=False).first()
    assert own is not None and own.applicable_disclaimer == own.disclaimer

    scheduled = Article.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
    assert scheduled.count() == 1
    assert not published.filter(pk=scheduled.get().pk).exists()
    assert Article.objects.filter(status=Status.DRAFT).exists()
    assert not published.filter(status=Status.DRAFT).exists()
    assert published.filter(published_at__gte=now - timedelta(days=2)).count() >= 3

    # Only the trust demo's corrected story reads as updated after it went live.
    with TRUST_DEMO.open("rb") as handle:
        corrected = {spec["slug"] for spec in tomllib.load(handle)["corrections"] if "replace" in spec}
    for article in published.prefetch_related("bylines", "tags"):
        assert len(article.bylines.all()) >= 1, article.slug
        assert len(article.tags.all()) >= 2, article.slug
        assert article.hero_image and article.hero_image.storage.exists(article.hero_image.name), article.slug
        assert article.hero_alt and article.hero_credit == "Illustration: Newsroom Health", article.slug
        assert (article.source_name and article.source_url) or article.original_reporting, article.slug
        assert article.body.startswith("<p>") and article.body.count("<p>") >= 4, article.slug
        assert article.was_updated == (article.slug in corrected), article.slug

    # Tags carry descriptions and fresh counts, and a rare tag is rarer than a common one.
    assert not Tag.objects.filter(description="").exists()
    assert Tag.objects.get(slug="vaccines").article_count > Tag.objects.get(slug="lupus").article_count > 0


@pytest.mark.django_db
def test_a_live_story_has_changes_waiting_for_review(local, client):
    seed()
    seed()  # done once
    with PENDING_DEMO.open("rb") as handle:
        spec = tomllib.load(handle)["pending"]
    row = PendingVersion.objects.get()
    article = row.article
    assert (article.slug, row.status) == (spec["slug"], PendingStatus.IN_REVIEW)
    assert row.content["dek"] == spec["dek"] and spec["paragraph"] in row.content["body"]
    assert Article.objects.published().filter(pk=article.pk).exists() and article.dek != spec["dek"]
    assert spec["paragraph"] not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_bylines_keep_their_order(local):
    seed()
    lupus = Article.objects.get(slug="car-t-lupus-lasting-remission")
    expected = next(a["authors"] for a in DEMO.articles if a["slug"] == lupus.slug)
    assert [author.slug for author in lupus.byline_authors] == expected
    assert [b.position for b in lupus.bylines.all()] == list(range(len(expected)))


@pytest.mark.django_db
def test_a_rerun_never_overwrites_what_an_editor_changed(local):
    seed()
    story = Article.objects.get(slug=DEMO.articles[0]["slug"])
    Article.objects.filter(pk=story.pk).update(title="Edited by the desk", dek="A new standfirst")
    Section.objects.filter(slug=DEMO.sections[0]["slug"]).update(description="Desk's own words")
    seed()
    story.refresh_from_db()
    assert (story.title, story.dek) == ("Edited by the desk", "A new standfirst")
    assert Section.objects.get(slug=DEMO.sections[0]["slug"]).description == "Desk's own words"


@pytest.mark.django_db
def test_rows_written_around_save_are_announced_once_and_a_rerun_announces_nothing(local):
    with mock.patch("articles.changes.bulk_changed") as bulk_changed:
        seed()
    bulk_changed.assert_called_once_with()  # dates stamped past auto_now, bylines in bulk, tag counts

    with mock.patch("articles.changes.bulk_changed") as bulk_changed:
        seed()
    bulk_changed.assert_not_called()


def test_an_article_file_with_a_misspelt_key_is_refused(tmp_path):
    path = tmp_path / "some-story.md"
    path.write_text('+++\ntitle = "A story"\nsection_slug = "cardiology"\n+++\n\nOne paragraph.\n')
    with pytest.raises(ContentError, match=r"some-story.md: unknown keys \['section_slug'\]"):
        read_article(path)


def test_an_article_file_reads_its_slug_from_the_name_and_paragraphs_from_blank_lines(tmp_path):
    path = tmp_path / "some-story.md"
    path.write_text('+++\ntitle = "A story"\n+++\n\nFirst paragraph,\nwrapped.\n\nSecond one.\n')
    article = read_article(path)
    assert (article["slug"], article["body"]) == ("some-story", ["First paragraph, wrapped.", "Second one."])


def test_a_busy_day_place_out_of_range_is_refused(tmp_path):
    path = tmp_path / "some-story.md"
    path.write_text(f'+++\ntitle = "A story"\nbusy_day = {BUSY_DAY_MOST + 1}\n+++\n\nOne paragraph.\n')
    with pytest.raises(ContentError, match="busy_day"):
        read_article(path)


@pytest.mark.django_db
def test_the_demo_has_a_day_busier_than_the_desk_calendar_lists(local):
    seed()
    by_day = Counter(timezone.localdate(story.published_at) for story in Article.objects.published())
    busiest, stories = by_day.most_common(1)[0]
    assert stories > calendar.DAY_SHOWN, "the calendar's 'and N more' shows on the demo's busy day"
    assert busiest in {timezone.localdate(), timezone.localdate() - timedelta(days=1)}


@pytest.mark.parametrize("local_time", ["00:20", "00:59", "02:30", "09:00", "23:59"])
def test_the_busy_day_s_stories_are_out_already_and_on_one_day(settings, local_time):
    settings.TIME_ZONE = "Europe/London"
    hour, minute = map(int, local_time.split(":"))
    now = datetime(2026, 3, 29, hour, minute, tzinfo=ZoneInfo("Europe/London"))  # the day clocks go forward
    times = [Seeder(now).busy_day_publication(order).timestamp() for order in range(1, BUSY_DAY_MOST + 1)]
    assert all(moment < now.timestamp() for moment in times), "every one is out already"
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times), "1 is the newest"
    days = {datetime.fromtimestamp(moment, ZoneInfo("Europe/London")).date() for moment in times}
    assert len(days) == 1
