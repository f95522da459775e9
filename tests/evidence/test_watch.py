"""The retraction watch: flags what has a notice, once; editors confirm before readers see it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from evidence import watch
from evidence.models import Citation, Notice
from evidence.references import store_evidence
from tests.support.admin import change_url, open_form, save_form
from tests.support.staff import make_staff

from .conftest import crossref_updates, pubmed_summary

pytestmark = pytest.mark.django_db

RETRACTED = "10.1000/retracted.1"
CLEAN = "10.1000/clean.1"


def updates_key(doi):
    return f"/crossref/works?filter=updates:{doi}"


@pytest.fixture
def cited(small_site, services):
    story = small_site.story
    retracted = Citation.objects.create(article=story, position=1, kind="doi", identifier=RETRACTED, title="Bad")
    clean = Citation.objects.create(article=story, position=2, kind="doi", identifier=CLEAN, title="Good")
    services.answer(updates_key(RETRACTED), crossref_updates(RETRACTED, "correction", "retraction"))
    services.answer(updates_key(CLEAN), crossref_updates(CLEAN))
    store_evidence(story)
    return story, retracted, clean


def test_a_retracted_doi_is_flagged_and_a_clean_one_left_alone(cited):
    story, retracted, clean = cited
    assert watch.check_citations() == (2, 1, 0)
    retracted.refresh_from_db()
    clean.refresh_from_db()
    assert (retracted.notice, retracted.notice_identifier) == (Notice.RETRACTION, "10.9999/notice.1")
    assert retracted.flagged_at is not None and retracted.awaits_confirmation
    assert clean.notice == "" and clean.checked_at is not None and clean.flagged_at is None


def test_a_second_run_does_not_flag_twice(cited):
    _, retracted, _ = cited
    watch.check_citations()
    first_flag = Citation.objects.get(pk=retracted.pk).flagged_at
    assert watch.check_citations(every=True) == (2, 0, 0)
    assert Citation.objects.get(pk=retracted.pk).flagged_at == first_flag


def test_recently_checked_citations_wait_for_the_next_window(cited, services):
    watch.check_citations()
    calls = len(services.requests)
    assert watch.check_citations() == (0, 0, 0)
    assert len(services.requests) == calls


def test_a_stopped_run_resumes_with_the_citations_checked_longest_ago(cited):
    _, retracted, clean = cited
    Citation.objects.filter(pk=retracted.pk).update(checked_at=timezone.now() - timedelta(days=30))
    assert [c.pk for c in watch.due()] == [clean.pk, retracted.pk]  # never checked first
    assert watch.check_citations(limit=1) == (1, 0, 0)
    assert [c.pk for c in watch.due()] == [retracted.pk]


def test_a_service_failure_leaves_the_citation_for_the_next_run(cited, services):
    _, retracted, _ = cited
    services.answer(updates_key(RETRACTED), {}, status=500)
    checked, flagged, failed = watch.check_citations()
    assert (checked, flagged, failed) == (1, 0, 1)
    assert Citation.objects.get(pk=retracted.pk).checked_at is None


def test_pubmed_retracted_publications_are_flagged(small_site, services):
    citation = Citation.objects.create(article=small_site.story, kind="pmid", identifier="123", title="T")
    services.answer(
        "/pubmed/esummary.fcgi?id=123", pubmed_summary("123", pubtype=["Journal Article", "Retracted Publication"])
    )
    watch.check_citations()
    assert Citation.objects.get(pk=citation.pk).notice == Notice.RETRACTION


def test_one_call_per_identifier_however_many_stories_cite_it(cited, services, small_site):
    Citation.objects.create(article=small_site.older_story, kind="doi", identifier=RETRACTED, title="Bad")
    assert watch.check_citations() == (3, 2, 0)
    assert len(services.requests) == 2


def test_readers_see_the_notice_only_once_an_editor_confirms(cited, client):
    story, retracted, _ = cited
    call_command("check_citations", stdout=StringIO())
    assert "Retracted" not in client.get(story.get_absolute_url()).content.decode()

    client.force_login(make_staff("admin", "boss"))
    form = client.get(change_url(story)).content.decode()
    assert "A cited work has a notice" in form
    assert "has since been retracted" in form  # the drafted correction
    data = open_form(client, story)
    assert save_form(client, story, data, confirm_notices="on").status_code == 302
    client.logout()

    retracted.refresh_from_db()
    assert retracted.confirmed_at is not None
    page = client.get(story.get_absolute_url()).content.decode()
    assert '<strong class="references__notice">Retracted:</strong>' in page
    client.force_login(make_staff("admin", "boss2"))
    assert "A cited work has a notice" not in client.get(change_url(story)).content.decode()


def test_the_command_reports_what_it_found(cited):
    out = StringIO()
    call_command("check_citations", stdout=out)
    assert "doi:10.1000/retracted.1: Retracted" in out.getvalue()
    assert "Checked 2 citations: 1 newly flagged, 0 left for the next run." in out.getvalue()
