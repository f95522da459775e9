"""Subscribing: a form on the public pages and at /newsletter/, confirmed by a signed link sent by e-mail."""

import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from newsletter import tokens
from newsletter.models import Subscriber
from tests.support.factories import make_section

from .helpers import html_part, link_to, subscribe, text_part

pytestmark = pytest.mark.django_db


def without_nonce(response):
    """The page a reader sees; the CSP nonce differs on every response by design."""
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


def test_home_section_and_article_pages_carry_the_subscribe_form(client, small_site):
    for url in ["/", small_site.section.get_absolute_url(), small_site.story.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert 'id="newsletter-signup"' in page, url
        assert f'action="{reverse("newsletter:subscribe")}"' in page
        assert f'name="sections" value="{small_site.section.pk}"' in page
        assert 'for="newsletter-email"' in page


def test_the_form_on_a_cached_page_works_for_a_reader_with_no_csrf_cookie(small_site, smtp_server):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get("/").content.decode()
    form = re.search(r'<form id="newsletter-signup".*?</form>', page, re.S).group(0)
    assert "csrfmiddlewaretoken" not in form  # the cached page is the same for everyone
    response = reader.post(reverse("newsletter:subscribe"), {"email": "reader@example.org", "frequency": "daily"})
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:check_inbox")
    smtp_server.wait_for(1)


def test_the_newsletter_pages_are_never_cached(client, small_site):
    for url in [reverse("newsletter:subscribe"), reverse("newsletter:check_inbox"), reverse("newsletter:welcome")]:
        response = client.get(url)
        assert response.status_code == 200
        assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"], url


def test_subscribing_sends_a_confirmation_link_and_confirming_shows_the_welcome_page(client, small_site, smtp_server):
    vaccines = make_section("Vaccines")
    response = subscribe(client, email="Reader@Example.org", frequency="daily", sections=[vaccines])
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.frequency, subscriber.is_confirmed) == ("reader@example.org", "daily", False)
    assert list(subscriber.sections.all()) == [vaccines]

    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "reader@example.org"
    assert "Vaccines" in text_part(mail)
    confirm_path = link_to(mail, "newsletter:confirm")
    assert confirm_path in html_part(mail)

    page = client.get(confirm_path)  # a link checker's GET confirms nothing
    assert page.status_code == 200 and "Confirm my subscription" in page.content.decode()
    subscriber.refresh_from_db()
    assert not subscriber.is_confirmed

    confirmed = client.post(confirm_path)
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("newsletter:welcome")
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed
    assert "subscription is confirmed" in client.get(confirmed["Location"]).content.decode()


def test_no_sections_chosen_means_every_section(client, small_site, smtp_server):
    subscribe(client)
    smtp_server.wait_for(1)
    assert "every section" in text_part(smtp_server.messages[0])


def test_the_answer_is_the_same_whether_or_not_the_address_is_subscribed(client, small_site, smtp_server, settings):
    settings.NEWSLETTER_CONFIRM_RESEND_SECONDS = 0
    first = subscribe(client)
    client.post(link_to(smtp_server.wait_for(1)[0], "newsletter:confirm"))
    again = subscribe(client, frequency="daily")
    stranger = subscribe(client, email="someone.else@example.org")
    assert first.status_code == again.status_code == stranger.status_code == 302
    assert first["Location"] == again["Location"] == stranger["Location"]
    pages = [without_nonce(client.get(response["Location"])) for response in (first, again, stranger)]
    assert pages[0] == pages[1] == pages[2]
    # The confirmed subscription keeps its choices until the new link is followed.
    assert Subscriber.objects.get(email="reader@example.org").frequency == "weekly"
    change = link_to(smtp_server.wait_for(3)[1], "newsletter:confirm")
    client.post(change)
    assert Subscriber.objects.get(email="reader@example.org").frequency == "daily"


def test_a_second_request_moments_later_sends_no_second_mail(client, small_site, smtp_server):
    subscribe(client)
    assert subscribe(client).status_code == 302
    smtp_server.wait_for(1)
    assert len(smtp_server.messages) == 1


def test_bad_input_gets_a_400_with_the_form(client, small_site):
    response = client.post(reverse("newsletter:subscribe"), {"email": "not an address", "frequency": "hourly"})
    assert response.status_code == 400
    assert 'id="newsletter-subscribe"' in response.content.decode()
    assert not Subscriber.objects.exists()


def test_subscribing_is_rate_limited(client, small_site, smtp_server, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter_subscribe": (2, 3600)}
    assert subscribe(client, email="a@example.org").status_code == 302
    assert subscribe(client, email="b@example.org").status_code == 302
    refused = subscribe(client, email="c@example.org")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert not Subscriber.objects.filter(email="c@example.org").exists()


def test_a_mail_server_that_is_down_gets_a_clear_503(client, small_site, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    response = subscribe(client)
    assert response.status_code == 503
    assert "could not send the confirmation e-mail" in response.content.decode()


@pytest.mark.parametrize("problem", ["altered", "expired"])
def test_an_altered_or_expired_confirmation_link_gets_a_clear_400(client, small_site, settings, problem):
    token = tokens.confirm_token(email="reader@example.org", frequency="daily", section_ids=[])
    if problem == "altered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    else:
        settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    for response in (
        client.get(reverse("newsletter:confirm", args=[token])),
        client.post(reverse("newsletter:confirm", args=[token])),
    ):
        assert response.status_code == 400
        assert "Subscribe again" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_an_unsubscribe_link_cannot_confirm(client, small_site):
    token = tokens.unsubscribe_token("reader@example.org")
    assert client.post(reverse("newsletter:confirm", args=[token])).status_code == 400
    assert isinstance(signing.loads(token, salt=tokens.UNSUBSCRIBE_SALT), str)
