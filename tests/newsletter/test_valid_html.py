"""Every newsletter page, and the HTML part of each newsletter mail, is valid HTML (W3C Nu checker)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.newsroom.test_valid_html import check_html, skipped_headings
from tests.support.factories import make_article

from .helpers import html_part, link_to, subscribe

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_newsletter_pages_and_mails_are_valid_html(client, small_site, smtp_server, tmp_path):
    make_article("Fresh news", section=small_site.section, published_at=timezone.now() - timedelta(hours=1))
    pages = {
        "subscribe": client.get(reverse("newsletter:subscribe")),
        "subscribe, bad input": client.post(reverse("newsletter:subscribe"), {"email": "nope", "frequency": "x"}),
        "check your inbox": client.get(reverse("newsletter:check_inbox")),
        "welcome": client.get(reverse("newsletter:welcome")),
        "bad link": client.get(reverse("newsletter:confirm", args=[1, "altered"])),
    }
    subscribe(client, frequency="daily", sections=[small_site.section])
    confirmation = smtp_server.wait_for(1)[0]
    pages["confirm"] = client.get(link_to(confirmation, "newsletter:confirm"))
    client.post(link_to(confirmation, "newsletter:confirm"))
    call_command("send_newsletter", "--frequency", "daily")
    digest = smtp_server.wait_for(2)[1]
    leave = link_to(digest, "newsletter:unsubscribe")
    pages["unsubscribe"] = client.get(leave)
    pages["unsubscribed"] = client.post(leave)
    html = {name: response.content.decode() for name, response in pages.items()}
    html["confirmation mail"] = html_part(confirmation)
    html["digest mail"] = html_part(digest)

    errors = check_html(html, tmp_path)

    report = "\n".join(f"{name}:\n  " + "\n  ".join(messages) for name, messages in errors.items() if messages)
    assert not report, f"The Nu HTML checker found errors:\n{report}"
    assert {name: skipped_headings(page) for name, page in html.items() if skipped_headings(page)} == {}
