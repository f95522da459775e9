"""The signed links in newsletter mail: confirm a subscription (expires), unsubscribe (does not).

Each carries what it acts on, signed with the site's secret key and a salt of its own, so
neither can be forged or used for the other; nothing is stored to check them.
"""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


class BadLink(Exception):
    """A link that was altered, cut short or has expired."""


def confirm_token(*, email, frequency, section_ids):
    return signing.dumps({"email": email, "frequency": frequency, "sections": sorted(section_ids)}, salt=CONFIRM_SALT)


def read_confirm_token(token):
    """The choices a confirmation link carries: {"email", "frequency", "sections"}."""
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise BadLink("This confirmation link has expired.") from error
    except signing.BadSignature as error:
        raise BadLink("This confirmation link is not valid.") from error


def unsubscribe_token(email):
    return signing.dumps(email, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise BadLink("This unsubscribe link is not valid.") from error
