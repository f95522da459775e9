"""Share-preview links for readers outside the newsroom (e.g. a medical reviewer): made, checked, revoked.

Each link is a PreviewLink row. The token carries the row's id and a random key, signed with
SECRET_KEY (django.core.signing), so an altered or made-up token is refused before any query;
the row keeps only the key's digest, its expiry (PREVIEW_LINK_MAX_AGE_HOURS) and its
revocation. Editors revoke links one by one on the article's admin page; unpublishing and
archiving revoke all of an article's links (articles.workflow), deleting it deletes them.
Tokens never reach a log: newsroom.logging.redact_path() masks them in every request log.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import PreviewLink

SALT = "articles.preview.share"

# What readers and editors are told; the view answers 403 for a link that was real, 404 otherwise.
EXPIRED = "This preview link has expired. Ask the editor for a new one."
REVOKED = "This preview link has been withdrawn. Ask the editor for a new one if you still need it."
INVALID = "This preview link is not valid."


class PreviewLinkError(Exception):
    """The link is unusable; `expired` tells a link that once worked (expired or revoked) from a wrong one."""

    def __init__(self, message, *, expired=False):
        super().__init__(message)
        self.expired = expired


def max_age():
    return timedelta(hours=settings.PREVIEW_LINK_MAX_AGE_HOURS)


def _digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


def _new_link(article, by):
    key = secrets.token_urlsafe(24)
    now = timezone.now()
    link = PreviewLink.objects.create(
        article=article, key_digest=_digest(key), created_by=by, created_at=now, expires_at=now + max_age()
    )
    return signing.dumps({"link": link.pk, "key": key}, salt=SALT, compress=False), link


def make_share_token(article, *, by=None):
    """A new link to `article` made by `by`: its token (the only copy; only its key's digest is stored)."""
    return _new_link(article, by)[0]


def share_url(article, *, by):
    """A new link's absolute address (shown once to the editor who made it) and when it stops working."""
    token, link = _new_link(article, by)
    path = reverse("articles:preview_shared", kwargs={"token": token})
    return f"{settings.SITE_URL}{path}", link.expires_at


def article_id_from_token(token):
    """The article id a live link was made for; PreviewLinkError when expired, revoked, altered or garbage."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise PreviewLinkError(INVALID) from error
    if not (isinstance(data, dict) and isinstance(data.get("link"), int) and isinstance(data.get("key"), str)):
        raise PreviewLinkError(INVALID)
    fields = ("article_id", "key_digest", "expires_at", "revoked_at")
    try:
        link = PreviewLink.objects.only(*fields).get(pk=data["link"])
    except PreviewLink.DoesNotExist as error:
        raise PreviewLinkError(INVALID) from error
    if not hmac.compare_digest(link.key_digest, _digest(data["key"])):
        raise PreviewLinkError(INVALID)
    if link.revoked_at is not None:
        raise PreviewLinkError(REVOKED, expired=True)
    if link.expires_at <= timezone.now():
        raise PreviewLinkError(EXPIRED, expired=True)
    return link.article_id


def live_links(article):
    """The article's links that still open it, newest first, with who made them."""
    return list(PreviewLink.objects.filter(article=article).live().select_related("created_by"))


def revoke_link(article, link_id, *, by):
    """Revoke one live link of `article`; True when there was one to revoke."""
    links = PreviewLink.objects.filter(article=article, pk=link_id)
    return links.revoke(reason="Revoked by an editor.", by=by) > 0


def revoke_all(article, *, reason, by=None):
    """Revoke every live link of `article` (it was unpublished or archived); returns how many."""
    return PreviewLink.objects.filter(article=article).revoke(reason=reason, by=by)
