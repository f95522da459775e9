"""The signed links in newsletter mail: confirm a subscription (expires), unsubscribe (does not).

A link names the subscriber by id and carries a signature whose salt holds the id, so it works
for that one subscription only, cannot be forged, and puts no address in the URL (URLs end up
in access logs). Each kind has a salt of its own: one cannot serve as the other. Nothing is
stored to check them.

Ids cannot be walked: an unknown id gets the answer a wrong signature gets. An unsubscribe link
is checked without the subscriber's row (before anyone is looked up), so a second click on a
genuine link, after the subscription was erased, still says "unsubscribed" while a guessed id
says "not valid" whether or not anyone has it. (Confirmation links, and unsubscribe links
mailed before this, are bound to the address too; they still work while the subscription exists.)
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


class BadLink(Exception):
    """A link that was altered, cut short, has expired or names no current subscription."""


def _salt(kind, subscriber):
    return f"{kind}:{subscriber.pk}:{subscriber.email}"


def confirm_path(subscriber, *, frequency, section_ids):
    """The confirmation link's path; it carries the choices it will apply."""
    choices = {"frequency": frequency, "sections": sorted(section_ids)}
    token = signing.dumps(choices, salt=_salt(CONFIRM_SALT, subscriber))
    return reverse("newsletter:confirm", args=[subscriber.pk, token])


def read_confirm_token(subscriber, token):
    """The choices a confirmation link carries: {"frequency", "sections"}."""
    if subscriber is None:
        raise BadLink("This confirmation link is not valid.")
    try:
        return signing.loads(token, salt=_salt(CONFIRM_SALT, subscriber), max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise BadLink("This confirmation link has expired.") from error
    except signing.BadSignature as error:
        raise BadLink("This confirmation link is not valid.") from error


def _unsubscribe_salt(pk):
    return f"{UNSUBSCRIBE_SALT}:{pk}"


def unsubscribe_path(subscriber):
    token = signing.dumps(subscriber.pk, salt=_unsubscribe_salt(subscriber.pk))
    return reverse("newsletter:unsubscribe", args=[subscriber.pk, token])


def check_unsubscribe_token(pk, token, *, subscriber=None):
    """Raise BadLink unless `token` was made for subscription `pk` (which may have been erased since).

    `subscriber`, when it still exists, also accepts the address-bound links of earlier mail.
    """
    for salt in [_unsubscribe_salt(pk)] + ([_salt(UNSUBSCRIBE_SALT, subscriber)] if subscriber else []):
        try:
            if signing.loads(token, salt=salt) == pk:
                return
        except signing.BadSignature:
            continue
    raise BadLink("This unsubscribe link is not valid.")
