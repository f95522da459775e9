"""send_review_reminders: each reviewer hears once a week which public stories of theirs are due."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from articles.models import Status
from editorial.models import ReviewReminder
from tests.support.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 4, 7, 0, tzinfo=datetime.UTC)


@pytest.fixture
def due_site():
    """The site as it stood at NOW: built under NOW too, so its stories are public by then whatever today is."""
    with time_machine.travel(NOW, tick=False):
        return build_due_site()


def build_due_site():
    section = make_section("Conditions", review_interval_months=12)
    park = make_author("Dr Lee Park", email="park@example.org", is_clinician=True)
    okafor = make_author("Dr Ada Okafor", is_clinician=True)  # no address on file
    for title in ("Statins at 70", "Gout diets"):
        make_article(title, section=section, reviewed_by=park, last_reviewed=datetime.date(2025, 5, 1))
    make_article("Fresh review", section=section, reviewed_by=park, last_reviewed=datetime.date(2026, 11, 1))
    make_article("Not public", section=section, reviewed_by=park, last_reviewed=datetime.date(2025, 5, 1),
                 status=Status.DRAFT, days_ago=None)  # fmt: skip
    make_article("Okafor's", section=section, reviewed_by=okafor, last_reviewed=datetime.date(2025, 1, 1))
    return park, okafor


def run(capsys):
    call_command("send_review_reminders")
    return capsys.readouterr().out


def test_each_reviewer_gets_one_mail_listing_their_due_public_stories(due_site, smtp_server, capsys):
    park, _ = due_site
    with time_machine.travel(NOW, tick=False):
        out = run(capsys)
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "park@example.org"
    assert mail["Subject"] == "2 stories are due for a new medical review"
    text = mail.get_content()
    assert "Statins at 70" in text and "Gout diets" in text
    assert "Fresh review" not in text and "Not public" not in text
    assert "/admin/articles/article/" in text
    assert "Reminded Dr Lee Park <park@example.org> of 2 stories." in out
    assert "No e-mail address for Dr Ada Okafor" in out
    assert ReviewReminder.objects.get().reviewer == park


def test_at_most_one_reminder_a_week(due_site, smtp_server, capsys):
    with time_machine.travel(NOW, tick=False):
        run(capsys)
    with time_machine.travel(NOW + datetime.timedelta(days=3), tick=False):
        assert "Skipped Dr Lee Park: reminded within the last week." in run(capsys)
    with time_machine.travel(NOW + datetime.timedelta(days=8), tick=False):
        run(capsys)
    assert len(smtp_server.wait_for(2)) == 2
    assert ReviewReminder.objects.count() == 2


def test_a_staff_accounts_address_is_used_when_the_author_has_none(due_site, smtp_server, capsys):
    from django.contrib.auth import get_user_model

    _, okafor = due_site
    okafor.user = get_user_model().objects.create_user("okafor", email="ada@example.org")
    okafor.save()
    with time_machine.travel(NOW, tick=False):
        run(capsys)
    assert sorted(mail["To"] for mail in smtp_server.wait_for(2)) == ["ada@example.org", "park@example.org"]


def test_a_mail_server_that_is_down_fails_the_run_and_records_nothing(due_site, settings, capsys):
    closed = {"host": "127.0.0.1", "port": 9, "timeout": 2}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": closed}}
    with time_machine.travel(NOW, tick=False), pytest.raises(SystemExit) as exit_info:
        call_command("send_review_reminders")
    assert exit_info.value.code == 1
    assert not ReviewReminder.objects.exists()  # the next run tries again


def test_editors_can_read_the_reminder_log_but_not_change_it(client, due_site, smtp_server, capsys):
    from django.urls import reverse

    from tests.support.staff import make_staff

    with time_machine.travel(NOW, tick=False):
        run(capsys)
    client.force_login(make_staff("editor", "ed"))
    listing = client.get(reverse("admin:editorial_reviewreminder_changelist"))
    assert listing.status_code == 200
    assert "park@example.org" in listing.content.decode()
    assert client.get(reverse("admin:editorial_reviewreminder_add")).status_code == 403
