"""Notification e-mails: through a real local SMTP server, as each person chose, never lost to a mail failure."""

import logging
import socket

import pytest

from articles import workflow
from articles.models import Article, Status
from notifications import recipients
from notifications.models import Kind, Notification, Preference

pytestmark = pytest.mark.django_db


def test_a_submission_mails_each_editor_a_plain_text_note_with_a_link(desk, on_commit, smtp_server, settings):
    settings.SITE_URL = "https://newsroom.example"
    with on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    messages = smtp_server.wait_for(2)
    assert sorted(message["To"] for message in messages) == ["cam@example.org", "dana@example.org"]
    message = messages[0]
    assert message["Subject"] == f"[{settings.SITE_NAME}] Submitted for review: Statins and sleep"
    assert message.get_content_type() == "text/plain"
    body = message.get_content()
    assert 'Bea Writer submitted "Statins and sleep" for review.' in body
    assert f"https://newsroom.example/admin/articles/article/{desk.story.pk}/change/" in body
    assert "https://newsroom.example/admin/notifications/notification/preferences/" in body


def test_the_writer_is_mailed_the_return_with_the_comment(desk, on_commit, smtp_server):
    workflow.perform(article=desk.story, action="submit", by=desk.writer)
    with on_commit():
        workflow.perform(article=desk.story, action="return", by=desk.editor, comment="Add the trial's size.")
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "bea@example.org"
    assert "Add the trial's size." in message.get_content()


def test_no_mail_to_a_person_who_turned_email_off_but_the_admin_still_lists_it(desk, on_commit, smtp_server):
    Preference.objects.create(user=desk.editor, kind=Kind.SUBMITTED, by_email=False, in_admin=True)
    with on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "dana@example.org"
    assert Notification.objects.filter(recipient=desk.editor, kind=Kind.SUBMITTED).exists()
    assert len(smtp_server.messages) == 1


def test_a_person_without_an_address_is_told_in_the_admin_only(desk, on_commit, smtp_server):
    desk.other_editor.email = ""
    desk.other_editor.save()
    with on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    assert [message["To"] for message in smtp_server.wait_for(1)] == ["cam@example.org"]
    assert Notification.objects.filter(recipient=desk.other_editor).count() == 1


def test_a_mail_server_that_is_down_loses_nothing_and_breaks_nothing(desk, on_commit, settings, caplog):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    with caplog.at_level(logging.ERROR, logger="notifications.delivery"), on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    assert Article.objects.get(pk=desk.story.pk).status == Status.IN_REVIEW
    assert Notification.objects.filter(kind=Kind.SUBMITTED).count() == 2
    assert [record.getMessage() for record in caplog.records] == ["notification e-mail not sent"]


def test_a_notifications_mailer_in_settings_carries_them_instead_of_the_default(desk, on_commit, smtp_server, settings):
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        "notifications": settings.MAILERS["default"],
    }
    with on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    assert len(smtp_server.wait_for(2)) == 2


def test_a_failing_notifier_never_undoes_the_workflow_step(desk, on_commit, monkeypatch):
    def broken(article):
        raise RuntimeError("boom")

    monkeypatch.setattr(recipients, "reviewers_of", broken)
    with on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    assert Article.objects.get(pk=desk.story.pk).status == Status.IN_REVIEW
    assert desk.story.transitions.count() == 1
