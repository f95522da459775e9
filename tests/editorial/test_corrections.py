"""Corrections and update notes on published stories, and the medical review line readers see."""

import datetime
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import changes
from articles.models import Article, Status
from editorial.models import Correction, CorrectionKind
from tests.support.admin import change_url, open_form, save_form
from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def story(time_machine):
    time_machine.move_to(NOW, tick=False)
    make_disclaimer(is_default=True)
    return make_article(
        "Vitamin D and colds",
        section=make_section("Nutrition"),
        authors=[make_author("Ana Ruiz")],
        tags=[make_tag("vitamin d")],
        days_ago=0,
    )


def add_correction_in_admin(client, article, kind, note):
    data = open_form(client, article)
    assert "corrections-TOTAL_FORMS" in data, "the corrections inline is not on the form"
    total = int(data["corrections-TOTAL_FORMS"])
    data.update(
        {
            "corrections-TOTAL_FORMS": str(total + 1),
            f"corrections-{total}-kind": kind,
            f"corrections-{total}-note": note,
        }
    )
    return save_form(client, article, data)


def test_an_editor_adds_a_correction_that_readers_see_newest_first(client, story, time_machine):
    editor = make_staff("editor", "ed", first_name="Edna")
    client.force_login(editor)
    time_machine.move_to(NOW + timedelta(days=1), tick=False)
    assert (
        add_correction_in_admin(client, story, CorrectionKind.CORRECTION, "We misstated the dose.").status_code == 302
    )
    time_machine.move_to(NOW + timedelta(days=2), tick=False)
    assert (
        add_correction_in_admin(client, story, CorrectionKind.UPDATE, "A new trial was published.").status_code == 302
    )

    first = Correction.objects.get(note="We misstated the dose.")
    assert first.by == editor

    html = client.get(story.get_absolute_url()).content.decode()
    assert 'id="corrections"' in html
    assert html.index("A new trial was published.") < html.index("We misstated the dose.")
    assert "Update</strong>" in html and "Correction</strong>" in html


def test_a_correction_moves_the_public_updated_date(client, story, time_machine):
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Updated" not in html

    time_machine.move_to(NOW + timedelta(days=3), tick=False)
    Correction.objects.create(article=story, kind=CorrectionKind.CLARIFICATION, note="Clarified the age group.")

    html = client.get(story.get_absolute_url()).content.decode()
    assert '· Updated <time datetime="2026-05-07T09:00:00+00:00">' in html


def test_correction_notes_are_plain_text(client, story):
    Correction.objects.create(article=story, note="<script>alert(1)</script> & more")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<script>alert(1)" not in html


def test_writers_cannot_add_corrections_even_with_a_crafted_post(client, story):
    writer = make_staff("writer", "wri")
    client.force_login(writer)
    own_draft = make_article("Writer's draft", status=Status.DRAFT, days_ago=None, created_by=writer)

    page = client.get(change_url(own_draft)).content.decode()
    assert "corrections-TOTAL_FORMS" not in page
    data = open_form(client, own_draft)
    data.update({"corrections-TOTAL_FORMS": "1", "corrections-INITIAL_FORMS": "0", "corrections-0-note": "Sneaky"})
    save_form(client, own_draft, data)
    # Someone else's published article is not a writer's to change at all.
    response = client.post(change_url(story), {"corrections-TOTAL_FORMS": "1", "corrections-0-note": "Sneaky"})
    assert response.status_code in {302, 403, 404}  # not theirs: hidden or refused
    assert not Correction.objects.exists()


def test_corrections_are_offered_only_on_published_articles(client):
    client.force_login(make_staff("editor", "ed"))
    draft = make_article("Not out yet", status=Status.DRAFT, days_ago=None)
    assert "corrections-TOTAL_FORMS" not in client.get(change_url(draft)).content.decode()


def test_the_medical_review_line(client, story):
    reviewer = make_author("Dr Lee Park", credentials="MD, MPH")
    story.reviewed_by, story.last_reviewed = reviewer, datetime.date(2026, 5, 3)
    story.save()
    html = client.get(story.get_absolute_url()).content.decode()
    line = " ".join(re.search(r'<p id="medical-review"[^>]*>(.*?)</p>', html, re.S).group(1).split())
    assert re.sub(r"<[^>]+>", "", line) == "Medically reviewed by Dr Lee Park, MD, MPH, on 3 May 2026"
    assert '<time datetime="2026-05-03">3 May 2026</time>' in line
    assert f'href="{reviewer.get_absolute_url()}"' in line


def test_no_review_line_without_a_review_date(client, story):
    Article.objects.filter(pk=story.pk).update(reviewed_by=make_author("Dr Lee Park"))
    assert "Medically reviewed" not in client.get(story.get_absolute_url()).content.decode()


def test_corrections_do_not_add_queries_to_the_article_page(client, story):
    def queries():
        """Queries of rendering the page (its stored copy dropped first; the shared latest list stays cached)."""
        changes.article_page_changed(story.pk)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(story.get_absolute_url()).status_code == 200
        return len(captured)

    queries()
    without = queries()
    for n in range(4):
        Correction.objects.create(article=story, note=f"Note {n}")
    assert queries() == without
