"""Subscribing (double opt-in), confirming, unsubscribing, and a subscriber's data for export.

A request to subscribe never changes a confirmed subscription: the confirmation mail carries
the new choices in its signed link, and only following it applies them. So the answer and
the work are the same whether or not the address is already subscribed.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import Section
from articles.seo import absolute

from . import tokens
from .models import Subscriber


def normalize(email):
    return email.strip().lower()


def request_subscription(*, email, frequency, sections):
    """Record an unconfirmed subscriber (or keep the confirmed one) and mail a confirmation link.

    Raises what the mail backend raises when the mail cannot be sent. An address that was
    sent a link moments ago gets no second one (NEWSLETTER_CONFIRM_RESEND_SECONDS), so the
    form cannot be used to flood one mailbox.
    """
    email = normalize(email)
    section_ids = [section.pk for section in sections]
    now = timezone.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"frequency": frequency}
        )
        if not subscriber.is_confirmed:
            subscriber.frequency = frequency
            subscriber.save(update_fields=["frequency"])
            subscriber.sections.set(section_ids)
        pause = timedelta(seconds=settings.NEWSLETTER_CONFIRM_RESEND_SECONDS)
        if subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < pause:
            return
    send_confirmation(subscriber, frequency=frequency, section_ids=section_ids)
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=now)


def send_confirmation(subscriber, *, frequency, section_ids):
    context = {
        "confirm_url": absolute(tokens.confirm_path(subscriber, frequency=frequency, section_ids=section_ids)),
        "frequency": frequency,
        "sections": list(Section.objects.filter(pk__in=section_ids).order_by("name").values_list("name", flat=True)),
        "valid_days": max(1, settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400),
        "SITE_NAME": settings.SITE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=f"Confirm your {settings.SITE_NAME} newsletter",
        body=render_to_string("newsletter/mail/confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
    )
    message.attach_alternative(render_to_string("newsletter/mail/confirm.html", context), "text/html")
    message.send()


def confirm(subscriber, choices):
    """Apply the choices a checked confirmation link carries; the subscriber is now confirmed."""
    with transaction.atomic():
        subscriber.frequency = choices["frequency"]
        subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
        subscriber.save(update_fields=["frequency", "confirmed_at"])
        subscriber.sections.set(Section.objects.filter(pk__in=choices["sections"]))
    return subscriber


def unsubscribe(subscriber):
    """Erase the subscriber: address, choices and confirmation; issue counts keep no address."""
    subscriber.delete()


def unsubscribe_url(subscriber):
    return absolute(tokens.unsubscribe_path(subscriber))


def export(subscriber):
    """Everything stored about one subscriber, as JSON-ready data."""
    deliveries = subscriber.deliveries.select_related("issue").order_by("pk")
    return {
        "email": subscriber.email,
        "frequency": subscriber.frequency,
        "sections": sorted(section.name for section in subscriber.sections.all()),
        "subscribed_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "confirmation_sent_at": (
            subscriber.confirmation_sent_at.isoformat() if subscriber.confirmation_sent_at else None
        ),
        "issues": [
            {
                "subject": delivery.issue.subject,
                "sent_at": delivery.sent_at.isoformat() if delivery.sent_at else None,
                "error": delivery.error,
            }
            for delivery in deliveries
        ],
    }
