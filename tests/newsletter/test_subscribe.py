"""Subscribing: a form on the public pages and at /newsletter/, confirmed by a signed link sent by e-mail."""

import base64
import re

import pytest
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


@pytest.fixture
def pending(small_site):
    return Subscriber.objects.create(email="reader@example.org", frequency="weekly")


@pytest.mark.parametrize("problem", ["altered", "expired", "another subscriber's"])
def test_a_bad_confirmation_link_gets_a_clear_400_and_confirms_nothing(client, pending, settings, problem):
    path = tokens.confirm_path(pending, frequency="daily", section_ids=[])
    if problem == "altered":
        path = path[:-3] + ("AA/" if not path.endswith("AA/") else "BB/")
    elif problem == "expired":
        settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    else:
        other = Subscriber.objects.create(email="other@example.org")
        path = path.replace(f"/{pending.pk}/", f"/{other.pk}/")
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert "Subscribe again" in response.content.decode()
    assert not Subscriber.objects.filter(confirmed_at__isnull=False).exists()


def test_a_confirmation_link_of_an_erased_subscriber_is_not_valid(client, pending):
    path = tokens.confirm_path(pending, frequency="daily", section_ids=[])
    pending.delete()
    assert client.post(path).status_code == 400
    assert not Subscriber.objects.exists()


def test_an_unsubscribe_link_cannot_confirm(client, pending):
    unsubscribe = tokens.unsubscribe_path(pending)
    confirm = unsubscribe.replace("/unsubscribe/", "/confirm/")
    assert client.post(confirm).status_code == 400
    assert not Subscriber.objects.get().is_confirmed


def test_no_link_carries_the_address(pending):
    links = tokens.confirm_path(pending, frequency="daily", section_ids=[]) + tokens.unsubscribe_path(pending)
    encoded = [base64.urlsafe_b64encode(b"reader@example.org").decode()[:12], "reader", "example"]
    assert not any(part in links for part in encoded)
