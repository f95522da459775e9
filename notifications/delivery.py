"""Telling people: a notification in the admin and an e-mail, each as the person chose; never the actor.

E-mail goes after the transaction commits, through the "notifications" mailer when settings
define one, else the default. A mail server that is down loses no notification in the admin
and never breaks the action that caused it: the failure is logged.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.urls import reverse

from . import unread
from .models import Kind, Notification, Preference

logger = logging.getLogger(__name__)


def display_name(user):
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def choices_for(users, kind):
    """{user pk: (by e-mail, in the admin)} for one kind; both on where a person chose nothing."""
    chosen = {
        row.user_id: (row.by_email, row.in_admin)
        for row in Preference.objects.filter(user__in=[user.pk for user in users], kind=kind)
    }
    return {user.pk: chosen.get(user.pk, (True, True)) for user in users}


def notify(*, kind, article, actor, recipients, text):
    """Tell each recipient (less the actor, once each) `text` about `article`; return the notifications made."""
    seen, people = {getattr(actor, "pk", None)}, []
    for user in recipients:
        if user.pk not in seen:
            seen.add(user.pk)
            people.append(user)
    if not people:
        return []
    choices = choices_for(people, kind)
    made = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, article=article, actor=actor, text=text)
        for user in people
        if choices[user.pk][1]
    )
    unread.forget([notification.recipient_id for notification in made])
    addresses = [user.email for user in people if choices[user.pk][0] and user.email]
    if addresses:
        transaction.on_commit(partial(send_mail, kind=kind, article=article, text=text, addresses=addresses))
    return made


def send_mail(*, kind, article, text, addresses):
    """One plain-text e-mail per address, with a link to the article's admin page; failures are logged."""
    link = settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])
    choices = settings.SITE_URL + reverse("admin:notifications_notification_preferences")
    body = f"{text}\n\nOpen the story: {link}\n\nChoose what you are told, and how: {choices}\n"
    subject = f"[{settings.SITE_NAME}] {Kind(kind).label}: {article.title}"
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in addresses]
    alias = "notifications" if "notifications" in settings.MAILERS else "default"
    try:
        with mailers[alias] as connection:
            connection.send_messages(messages)
    except Exception:  # noqa: BLE001 - a mail server's failure must never undo or break the action
        logger.exception(
            "notification e-mail not sent", extra={"kind": kind, "article": article.pk, "recipients": len(addresses)}
        )
