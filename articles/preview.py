"""Signed, expiring preview links for readers outside the newsroom (e.g. a medical reviewer).

A link carries only the article's id, signed with SECRET_KEY and timestamped
(django.core.signing), so it needs no table and cannot be forged or altered.
It expires after PREVIEW_LINK_MAX_AGE_HOURS; rotating SECRET_KEY revokes them all.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "articles.preview.share"


class PreviewLinkError(Exception):
    """The link is unusable; `expired` tells an old link from a wrong one."""

    def __init__(self, message, *, expired=False):
        super().__init__(message)
        self.expired = expired


def max_age():
    return timedelta(hours=settings.PREVIEW_LINK_MAX_AGE_HOURS)


def make_share_token(article):
    return signing.dumps({"article": article.pk}, salt=SALT, compress=False)


def share_url(article):
    """The absolute share address and when it stops working."""
    path = reverse("articles:preview_shared", kwargs={"token": make_share_token(article)})
    return f"{settings.SITE_URL}{path}", timezone.now() + max_age()


def article_id_from_token(token):
    """The article id a token was made for; PreviewLinkError when it is expired, altered or garbage."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as error:
        raise PreviewLinkError("This preview link has expired. Ask the editor for a new one.", expired=True) from error
    except signing.BadSignature as error:
        raise PreviewLinkError("This preview link is not valid.") from error
    if not isinstance(data, dict) or not isinstance(data.get("article"), int):
        raise PreviewLinkError("This preview link is not valid.")
    return data["article"]
