"""manage.py send_newsletter: digests through a real SMTP server, once per reader, resumable, one-click unsubscribe."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.mail import mailers
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from newsletter import issues, tokens
from newsletter.models import Delivery, Issue, Subscriber
from tests.support.factories import make_article, make_section

from .helpers import html_part, link_to, subscribe, text_part

pytestmark = pytest.mark.django_db


def reader(email, *, frequency="daily", sections=(), confirmed=True):
    subscriber = Subscriber.objects.create(
        email=email, frequency=frequency, confirmed_at=timezone.now() if confirmed else None
    )
    subscriber.sections.set(sections)
    return subscriber


def fresh_story(title, **fields):
    return make_article(title, published_at=timezone.now() - timedelta(hours=2), **fields)


def send(frequency="daily", *args):
    call_command("send_newsletter", "--frequency", frequency, *args)


def test_a_reader_subscribes_confirms_receives_a_digest_and_unsubscribes_in_one_click(
    client, small_site, smtp_server, settings
):
    settings.SITE_URL = "https://news.example"
    subscribe(client, frequency="daily")
    client.post(link_to(smtp_server.wait_for(1)[0], "newsletter:confirm"))
    story = fresh_story("Statins and sleep", section=small_site.section)

    send("daily")
    digest = smtp_server.wait_for(2)[1]
    assert digest["To"] == "reader@example.org"
    assert "daily digest" in digest["Subject"]
    assert digest.get_content_type() == "multipart/alternative"
    for part in (text_part(digest), html_part(digest)):
        assert story.title in part
        assert f"https://news.example{story.get_absolute_url()}" in part
        assert small_site.story.title not in part  # published before the window
    leave = link_to(digest, "newsletter:unsubscribe")
    assert digest["List-Unsubscribe"] == f"<https://news.example{leave}>"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert leave in html_part(digest)

    # The visible link asks first; a mail client's RFC 8058 POST needs no session and no token.
    assert "Unsubscribe" in client.get(leave).content.decode()
    assert Subscriber.objects.filter(email="reader@example.org").exists()
    one_click = client.post(leave, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert one_click.status_code == 200
    assert "You are unsubscribed" in one_click.content.decode()
    assert not Subscriber.objects.exists()
    assert client.post(leave).status_code == 200  # a second click is harmless

    fresh_story("Another story", section=small_site.section)
    send("daily")
    assert len(smtp_server.messages) == 2


def test_running_again_sends_nobody_the_same_issue(small_site, smtp_server):
    reader("a@example.org")
    fresh_story("News today")
    send("daily")
    smtp_server.wait_for(1)
    send("daily")
    assert len(smtp_server.messages) == 1
    assert Issue.objects.count() == 1


def test_the_next_issue_holds_only_what_was_published_since_the_last(small_site, smtp_server):
    reader("a@example.org")
    fresh_story("First news")
    send("daily")
    make_article("Second news", published_at=timezone.now())
    send("daily")
    second = smtp_server.wait_for(2)[1]
    assert "Second news" in text_part(second)
    assert "First news" not in text_part(second)


def test_a_run_that_stops_halfway_is_resumed_without_duplicates(small_site, smtp_server):
    for name in "abcd":
        reader(f"{name}@example.org")
    fresh_story("News today")
    compose = issues.compose
    calls = {"n": 0}

    def crash_on_the_third(*args):
        calls["n"] += 1
        if calls["n"] == 3:
            raise ConnectionResetError("the mail server went away")
        return compose(*args)

    with mock.patch.object(issues, "compose", crash_on_the_third), pytest.raises(CommandError, match="resume"):
        send("daily")
    assert len(smtp_server.wait_for(2)) == 2
    assert Issue.objects.get().completed_at is None

    send("daily")
    messages = smtp_server.wait_for(4)
    assert sorted(message["To"] for message in messages) == [f"{name}@example.org" for name in "abcd"]
    assert len(smtp_server.messages) == 4
    issue = Issue.objects.with_counts().get()
    assert (issue.recipient_count, issue.sent_count, issue.completed_at is not None) == (4, 4, True)


def test_a_copy_the_server_took_just_before_a_crash_is_not_sent_again_but_counted(small_site, smtp_server, capsys):
    for name in "abcd":
        reader(f"{name}@example.org")
    fresh_story("News today")
    record = issues._record

    def killed_once_b_was_accepted(delivery, **fields):
        if "sent_at" in fields and delivery.subscriber.email == "b@example.org":
            raise RuntimeError("the sender was killed")
        return record(delivery, **fields)

    with mock.patch.object(issues, "_record", killed_once_b_was_accepted), pytest.raises(CommandError):
        send("daily")
    assert [message["To"] for message in smtp_server.wait_for(2)] == ["a@example.org", "b@example.org"]
    left = Delivery.objects.get(subscriber__email="b@example.org")
    assert left.sending_at is not None and left.sent_at is None, "b's copy is known to have been in flight"

    send("daily")
    smtp_server.wait_for(4)
    received = sorted(message["To"] for message in smtp_server.messages)
    assert received == [f"{name}@example.org" for name in "abcd"], "b got exactly one copy"
    left.refresh_from_db()
    assert (left.sent_at, left.error) == (None, issues.INTERRUPTED)
    issue = Issue.objects.with_counts().get()
    assert (issue.recipient_count, issue.sent_count, issue.interrupted_count) == (4, 2 + 1, 1)
    assert issue.completed_at is not None
    assert "1 copies were interrupted" in capsys.readouterr().out


def test_a_copy_the_server_refused_with_an_error_reply_is_sent_by_the_next_run(small_site, smtp_server):
    for name in "ab":
        reader(f"{name}@example.org")
    fresh_story("News today")
    accept = smtp_server._collector.handle_DATA

    async def busy_for_b(server, session, envelope):
        if envelope.rcpt_tos == ["b@example.org"]:
            return "451 Try again later"
        return await accept(server, session, envelope)

    smtp_server._collector.handle_DATA = busy_for_b
    with pytest.raises(CommandError, match="resume"):
        send("daily")
    refused = Delivery.objects.get(subscriber__email="b@example.org")
    assert (refused.sending_at, refused.sent_at, refused.error) == (None, None, "")

    smtp_server._collector.handle_DATA = accept
    send("daily")
    assert sorted(message["To"] for message in smtp_server.wait_for(2)) == ["a@example.org", "b@example.org"]
    issue = Issue.objects.with_counts().get()
    assert (issue.sent_count, issue.interrupted_count) == (2, 0)


class CountingMailers:
    """Django's mailers, counting the SMTP connections asked for."""

    def __init__(self):
        self.connections = 0

    @property
    def default(self):
        self.connections += 1
        return mailers.default


def test_batches_reach_everyone_one_connection_per_batch(small_site, smtp_server):
    for number in range(5):
        reader(f"r{number}@example.org")
    fresh_story("News today")
    counting = CountingMailers()
    with mock.patch.object(issues, "mailers", counting):
        send("daily", "--batch-size", "2")
    assert counting.connections == 3
    assert len(smtp_server.wait_for(5)) == 5


def test_one_issue_per_frequency_and_section_choice(small_site, smtp_server):
    vaccines = make_section("Vaccines")
    reader("everything@example.org")
    reader("heart@example.org", sections=[small_site.section])
    reader("heart-too@example.org", sections=[small_site.section])
    reader("vaccines@example.org", sections=[vaccines])
    reader("weekly@example.org", frequency="weekly")
    reader("unconfirmed@example.org", confirmed=False)
    fresh_story("Heart news", section=small_site.section)
    fresh_story("Vaccine news", section=vaccines)

    send("daily")
    received = {message["To"]: text_part(message) for message in smtp_server.wait_for(4)}
    assert sorted(received) == [
        "everything@example.org",
        "heart-too@example.org",
        "heart@example.org",
        "vaccines@example.org",
    ]
    assert "Heart news" in received["everything@example.org"] and "Vaccine news" in received["everything@example.org"]
    assert "Heart news" in received["heart@example.org"] and "Vaccine news" not in received["heart@example.org"]
    assert "Vaccine news" in received["vaccines@example.org"] and "Heart news" not in received["vaccines@example.org"]
    assert Issue.objects.count() == 3

    send("weekly")
    (weekly,) = smtp_server.wait_for(5)[4:]
    assert weekly["To"] == "weekly@example.org" and "weekly digest" in weekly["Subject"]


def test_a_story_withdrawn_before_sending_is_left_out(small_site, smtp_server):
    reader("a@example.org")
    kept = fresh_story("Kept story")
    withdrawn = fresh_story("Withdrawn story")
    (issue,) = issues.build_issues("daily")
    withdrawn.status = Status.DRAFT
    withdrawn.save()
    issues.send_issue(issue)
    (message,) = smtp_server.wait_for(1)
    assert kept.title in text_part(message) and withdrawn.title not in text_part(message)


def test_a_story_taken_down_while_the_issue_goes_out_leaves_the_copies_not_yet_sent(small_site, smtp_server):
    reader("first@example.org")
    reader("second@example.org")
    kept = fresh_story("Kept story")
    withdrawn = fresh_story("Withdrawn mid-send")
    (issue,) = issues.build_issues("daily")
    compose = issues.compose

    def compose_then_take_down(*args, **kwargs):
        message = compose(*args, **kwargs)
        withdrawn.status = Status.UNPUBLISHED  # the desk takes it down after the first copy
        withdrawn.save()
        return message

    with mock.patch.object(issues, "compose", compose_then_take_down):
        issues.send_issue(issue, batch_size=1)
    first, second = (text_part(message) for message in smtp_server.wait_for(2))
    assert withdrawn.title in first
    assert kept.title in second and withdrawn.title not in second


def test_a_reader_who_unsubscribed_after_the_issue_was_built_gets_nothing(small_site, smtp_server):
    reader("stays@example.org")
    leaving = reader("leaves@example.org")
    fresh_story("News today")
    (issue,) = issues.build_issues("daily")
    leaving.delete()
    issues.send_issue(issue)
    assert [message["To"] for message in smtp_server.wait_for(1)] == ["stays@example.org"]
    assert Delivery.objects.filter(subscriber__isnull=True).count() == 1  # the count stays, the address does not


def test_no_new_stories_no_issue(small_site, smtp_server, capsys):
    reader("a@example.org")
    send("daily")
    assert "No new daily issue" in capsys.readouterr().out
    assert not Issue.objects.exists()


def test_the_frequency_is_required_and_checked():
    with pytest.raises(CommandError):
        call_command("send_newsletter", "--frequency", "hourly")


def test_an_altered_unsubscribe_link_gets_a_clear_400_and_unsubscribes_nobody(client, small_site):
    subscriber = reader("a@example.org")
    other = reader("b@example.org")
    response = client.post(reverse("newsletter:unsubscribe", args=[subscriber.pk, "not-a-token"]))
    assert response.status_code == 400
    assert "does not work" in response.content.decode()
    someone_elses = tokens.unsubscribe_path(other).replace(f"/{other.pk}/", f"/{subscriber.pk}/")
    assert client.post(someone_elses).status_code == 400
    assert Subscriber.objects.count() == 2
