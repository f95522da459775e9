"""Editors add studies by identifier on the article form; the lookup fills them and never blocks the save."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import Citation, Notice
from tests.support.admin import change_url, messages_of, open_form, save_form
from tests.support.staff import make_staff

from .conftest import crossref_work

pytestmark = pytest.mark.django_db

DOI = "10.1056/nejmoa2034577"
DOI_ADDRESS = "/crossref/works/10.1056%2Fnejmoa2034577"


@pytest.fixture
def editor_client(client, small_site):
    client.force_login(make_staff("admin", "boss"))
    return client


def add_citation(client, article, **fields):
    data = open_form(client, article)
    changes = {f"citations-0-{name}": value for name, value in fields.items()}
    return save_form(client, article, data, **changes)


def test_an_editor_adds_a_study_by_its_doi_and_sees_it_filled_in(editor_client, small_site, services):
    services.answer(DOI_ADDRESS, crossref_work(DOI))
    story = small_site.story
    response = add_citation(editor_client, story, kind="doi", identifier="https://doi.org/10.1056/NEJMoa2034577")
    assert response.status_code == 302
    citation = Citation.objects.get(article=story)
    assert (citation.identifier, citation.title, citation.year) == (DOI, "Safety and Efficacy of a Vaccine", 2020)
    assert citation.container == "The New England Journal of Medicine"
    assert any("filled in from Crossref" in m for m in messages_of(response))
    page = editor_client.get(response.url).content.decode()
    assert 'value="Safety and Efficacy of a Vaccine"' in page
    assert 'id="ref-1"' in editor_client.get(story.get_absolute_url()).content.decode()


def test_a_service_that_is_down_never_blocks_the_save(editor_client, small_site):
    story = small_site.story
    response = add_citation(editor_client, story, kind="doi", identifier="doi:10.1056/NEJMoa2034577")
    assert response.status_code == 302
    assert Citation.objects.get(article=story).title == ""
    assert any("could not be reached" in m and "by hand" in m for m in messages_of(response))


def test_a_service_that_answers_500_never_blocks_the_save(editor_client, small_site, services):
    services.answer(DOI_ADDRESS, {}, status=500)
    response = add_citation(editor_client, small_site.story, kind="doi", identifier=DOI, title="")
    assert response.status_code == 302
    assert any("(500)" in m for m in messages_of(response))


def test_what_the_editor_typed_is_kept_and_not_looked_up(editor_client, small_site, services):
    response = add_citation(editor_client, small_site.story, kind="doi", identifier=DOI, title="Typed title")
    assert response.status_code == 302
    assert Citation.objects.get().title == "Typed title"
    assert services.requests == []


def test_a_malformed_identifier_is_a_form_error(editor_client, small_site):
    response = add_citation(editor_client, small_site.story, kind="nct", identifier="NCT123")
    assert response.status_code == 200
    assert "Not an NCT number" in response.content.decode()
    assert not Citation.objects.exists()


def test_hostile_metadata_is_escaped_in_the_admin(editor_client, small_site):
    story = small_site.story
    Citation.objects.create(
        article=story, kind="url", identifier="https://example.org", title="<script>alert(1)</script>",
        notice=Notice.RETRACTION, flagged_at="2026-01-01T00:00Z",
    )  # fmt: skip
    page = editor_client.get(change_url(story)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_citations_list_shows_the_notices_awaiting_an_editor(editor_client, small_site):
    Citation.objects.create(
        article=small_site.story, kind="doi", identifier="10.1/bad", title="<b>Bad study</b>",
        notice=Notice.RETRACTION, flagged_at="2026-01-01T00:00Z",
    )  # fmt: skip
    Citation.objects.create(article=small_site.older_story, kind="doi", identifier="10.1/good", title="Good study")
    page = editor_client.get(reverse("admin:evidence_citation_changelist"), {"watch": "awaiting"}).content.decode()
    assert "&lt;b&gt;Bad study&lt;/b&gt;" in page and "A real story" in page
    assert "Good study" not in page


def test_the_change_form_reads_the_citations_once_however_many_there_are(editor_client, small_site):
    story = small_site.story

    def citation_reads():
        with CaptureQueriesContext(connection) as queries:
            page = editor_client.get(change_url(story)).content.decode()
        reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "evidence_citation"')]
        return len(queries), len(reads), page

    editor_client.get(change_url(story))  # process-wide caches (content types) first
    Citation.objects.create(article=story, kind="doi", identifier="10.1000/one", title="First study", position=1)
    few_queries, few_reads, _ = citation_reads()
    for number in range(2, 6):
        Citation.objects.create(
            article=story, kind="doi", identifier=f"10.1000/{number}", title=f"Study {number}", position=number,
            notice=Notice.RETRACTION if number == 5 else "", flagged_at="2026-01-01T00:00Z" if number == 5 else None,
        )  # fmt: skip
    many_queries, many_reads, page = citation_reads()

    assert few_reads == many_reads == 1  # banner, form, claims check, summary prefill and inline share one read
    assert many_queries == few_queries
    assert 'value="Study 4"' in page and "A cited work has a notice." in page  # the inline and the banner


def test_a_notice_confirmed_on_save_is_read_after_the_citations_were_saved(editor_client, small_site):
    story = small_site.story
    Citation.objects.create(
        article=story, kind="doi", identifier="10.1000/bad", title="Bad study",
        notice=Notice.RETRACTION, flagged_at="2026-01-01T00:00Z",
    )  # fmt: skip
    data = open_form(editor_client, story)
    response = save_form(editor_client, story, data, confirm_notices="on")
    assert response.status_code == 302
    assert Citation.objects.get(article=story).confirmed_at is not None
