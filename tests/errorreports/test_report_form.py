"""Report an error: a reader tells the desk what is wrong; bots and floods are turned away politely."""

import time

import pytest
from django.urls import reverse

from articles.models import Status
from errorreports.forms import issue_token
from errorreports.models import ErrorReport
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def quick_readers(settings):
    settings.REPORT_ERROR_MIN_SECONDS = 0
    return settings


def _post(client, article, **fields):
    data = {"message": "The dose should be 5 mg, not 50 mg.", "email": "", "website": "", "issued": issue_token()}
    data.update(fields)
    return client.post(reverse("errorreports:report", kwargs={"slug": article.slug}), data)


def test_every_public_story_links_its_report_form(client, small_site):
    page = client.get(small_site.story.get_absolute_url())
    assert reverse("errorreports:report", kwargs={"slug": small_site.story.slug}).encode() in page.content


def test_the_form_page_is_never_cached_and_names_the_story(client, small_site):
    page = client.get(reverse("errorreports:report", kwargs={"slug": small_site.story.slug}))
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    assert small_site.story.title in page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()


def test_a_report_is_stored_the_desk_is_mailed_and_the_reader_thanked(
    client, small_site, smtp_server, quick_readers, django_capture_on_commit_callbacks
):
    quick_readers.EDITORS_EMAIL = "desk@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, small_site.story, email="reader@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("errorreports:thanks", kwargs={"slug": small_site.story.slug})
    report = ErrorReport.objects.get()
    assert (report.article, report.email, report.status) == (small_site.story, "reader@example.org", "new")
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "desk@example.org"
    assert small_site.story.title in mail["Subject"]
    assert "5 mg, not 50 mg" in mail.get_content()
    assert client.get(response["Location"]).status_code == 200


def test_a_mail_server_that_is_down_loses_no_report(
    client, small_site, settings, quick_readers, django_capture_on_commit_callbacks
):
    closed_port = {"host": "127.0.0.1", "port": 9, "timeout": 2}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": closed_port}}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _post(client, small_site.story)
    assert len(callbacks) == 1  # the desk's e-mail was attempted, and failed
    assert response.status_code == 302
    assert ErrorReport.objects.count() == 1


def test_the_honeypot_is_thanked_and_dropped(client, small_site, quick_readers):
    response = _post(client, small_site.story, website="http://spam.example")
    assert response.status_code == 302
    assert not ErrorReport.objects.exists()


def test_a_form_sent_back_too_fast_is_refused_and_keeps_the_text(client, small_site, settings):
    settings.REPORT_ERROR_MIN_SECONDS = 60
    response = _post(client, small_site.story, message="Typed with care: the trial had 312 people.")
    assert response.status_code == 400
    assert "quicker than we expected" in response.content.decode()
    assert "Typed with care: the trial had 312 people." in response.content.decode()
    assert not ErrorReport.objects.exists()


@pytest.mark.parametrize("issued", ["", "garbage", issue_token(now=time.time() - 3 * 24 * 3600)])
def test_a_missing_forged_or_replayed_start_time_is_refused(client, small_site, quick_readers, issued):
    response = _post(client, small_site.story, issued=issued)
    assert response.status_code == 400
    assert not ErrorReport.objects.exists()


def test_an_empty_message_says_what_is_needed(client, small_site, quick_readers):
    response = _post(client, small_site.story, message="  ")
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_hostile_text_is_escaped_on_the_form_and_in_the_admin(client, admin_client, small_site, settings):
    settings.REPORT_ERROR_MIN_SECONDS = 60
    hostile = "<script>alert(1)</script> wrong dose"
    page = _post(client, small_site.story, message=hostile).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    settings.REPORT_ERROR_MIN_SECONDS = 0
    _post(client, small_site.story, message=hostile)
    listing = admin_client.get(reverse("admin:errorreports_errorreport_changelist")).content.decode()
    assert "<script>alert(1)</script>" not in listing
    assert "&lt;script&gt;" in listing


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ARCHIVED])
def test_only_public_stories_can_be_reported(client, status, quick_readers):
    hidden = make_article("Not public", status=status)
    assert client.get(reverse("errorreports:report", kwargs={"slug": hidden.slug})).status_code == 404
    assert _post(client, hidden).status_code == 404


def test_a_flood_from_one_client_gets_429(client, small_site, settings, quick_readers):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_error": (2, 3600)}
    statuses = [_post(client, small_site.story).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert ErrorReport.objects.count() == 2
