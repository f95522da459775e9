"""/corrections/ and its feeds: every public correction note, newest first, typed, linking its article."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles.models import Status
from editorial.models import Correction, CorrectionKind
from tests.support.factories import make_article
from tests.support.pagecache import cached_get, text

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def note(article, text, *, kind=CorrectionKind.CORRECTION, hours_ago=0):
    correction = Correction.objects.create(article=article, kind=kind, note=text)
    Correction.objects.filter(pk=correction.pk).update(created_at=timezone.now() - timedelta(hours=hours_ago))
    return correction


@pytest.fixture
def notes(small_site):
    draft = make_article("Unpublished story", section=small_site.section, status=Status.DRAFT)
    future = make_article(
        "Scheduled story", section=small_site.section, published_at=timezone.now() + timedelta(days=1)
    )
    return {
        "older": note(small_site.older_story, "The dose was 5 mg, not 50 mg.", hours_ago=5),
        "newer": note(small_site.story, "Added the trial's funding.", kind=CorrectionKind.UPDATE, hours_ago=1),
        "hidden": note(draft, "A note on a story readers cannot see."),
        "future": note(future, "A note on a story not out yet."),
    }


def test_the_page_lists_public_notes_newest_first_typed_and_linked(client, small_site, notes):
    html = text(client.get(reverse("editorial:corrections")))
    assert html.index("Added the trial&#x27;s funding.") < html.index("The dose was 5 mg, not 50 mg.")
    assert '<strong class="correction__kind">Update</strong>' in html
    assert '<strong class="correction__kind">Correction</strong>' in html
    assert f'<a href="{small_site.story.get_absolute_url()}#corrections">A real story</a>' in html


def test_notes_of_stories_readers_cannot_see_never_show(client, notes):
    html = text(client.get(reverse("editorial:corrections")))
    assert "A note on a story readers cannot see." not in html
    assert "A note on a story not out yet." not in html
    for name in ("editorial:corrections_feed", "editorial:corrections_feed_atom"):
        feed = text(client.get(reverse(name)))
        assert "readers cannot see" not in feed and "not out yet" not in feed


def test_the_feeds_name_the_sites_language(client, settings, notes):
    settings.SITE_LANGUAGE = "en-GB"
    assert "<language>en-GB</language>" in text(client.get(reverse("editorial:corrections_feed")))
    assert 'xml:lang="en-GB"' in text(client.get(reverse("editorial:corrections_feed_atom")))


def test_the_page_is_paginated_and_bad_page_numbers_are_404(client, settings, small_site):
    for n in range(settings.ARTICLES_PER_PAGE + 1):
        note(small_site.story, f"Note number {n}.", hours_ago=n)
    first = text(client.get(reverse("editorial:corrections")))
    assert "Note number 0." in first and f"Note number {settings.ARTICLES_PER_PAGE}." not in first
    second = text(client.get(reverse("editorial:corrections"), {"page": 2}))
    assert f"Note number {settings.ARTICLES_PER_PAGE}." in second
    assert client.get(reverse("editorial:corrections"), {"page": "x<script>"}).status_code == 404
    assert client.get(reverse("editorial:corrections"), {"page": 99}).status_code == 404


def test_the_rss_feed_carries_each_note_once_escaped(client, small_site):
    note(small_site.story, "<script>alert(1)</script> dose fixed")
    response = client.get(reverse("editorial:corrections_feed"))
    assert response.status_code == 200
    channel = etree.fromstring(response.content).find("channel")
    (item,) = channel.findall("item")
    assert item.findtext("title") == "Correction: A real story"
    assert item.findtext("link").endswith(f"{small_site.story.get_absolute_url()}#corrections")
    assert item.findtext("description") == "&lt;script&gt;alert(1)&lt;/script&gt; dose fixed"
    assert response["ETag"]


def test_the_atom_feed_lists_notes_newest_first(client, notes):
    response = client.get(reverse("editorial:corrections_feed_atom"))
    entries = etree.fromstring(response.content).findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Update: A real story",
        "Correction: An older story",
    ]


def test_a_new_note_and_a_takedown_reach_the_cached_page_at_once(client, small_site, notes):
    url = reverse("editorial:corrections")
    cached_get(client, url)

    note(small_site.story, "A brand new clarification.", kind=CorrectionKind.CLARIFICATION)
    assert "A brand new clarification." in text(client.get(url))

    cached_get(client, url)
    small_site.story.status = Status.UNPUBLISHED
    small_site.story.save()
    assert "Added the trial" not in text(client.get(url))


def test_the_page_runs_the_same_queries_for_one_note_or_many(client, settings, small_site):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    url = reverse("editorial:corrections")
    note(small_site.story, "One note.")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        note(small_site.older_story if n % 2 else small_site.story, f"Note {n}.")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    # The count, the page of notes with their articles, the chrome (navigation and footer's pages).
    assert len(many) == len(few) == 3, "\n\n".join(q["sql"] for q in many)
