"""The desk's list of error reports: editors read and handle them; writers do not see them."""

import pytest
from django.urls import reverse

from errorreports.models import ErrorReport
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


def test_editors_see_reports_and_record_who_handled_them(client, small_site):
    report = ErrorReport.objects.create(article=small_site.story, message="Wrong year in the second paragraph.")
    editor = make_staff("editor", "ed")
    client.force_login(editor)
    assert "Wrong year" in client.get(reverse("admin:errorreports_errorreport_changelist")).content.decode()
    url = reverse("admin:errorreports_errorreport_change", args=[report.pk])
    response = client.post(url, {"status": "corrected", "desk_note": "Fixed, correction added.", "handled_by": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.handled_by) == ("corrected", editor)
    assert report.message == "Wrong year in the second paragraph."  # the reader's words are read-only


def test_writers_cannot_see_reports(client, small_site):
    ErrorReport.objects.create(article=small_site.story, message="Typo in the headline.")
    client.force_login(make_staff("writer", "wr"))
    assert client.get(reverse("admin:errorreports_errorreport_changelist")).status_code == 403


def test_nobody_adds_a_report_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:errorreports_errorreport_add")).status_code == 403
