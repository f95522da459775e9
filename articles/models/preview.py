"""Share-preview links: one row per link an editor made, so each can be listed, expire and be revoked.

The token itself is never stored: the row keeps a SHA-256 digest of the token's random key
(articles.preview makes and checks tokens), so a copy of the database opens no preview.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .article import Article


class PreviewLinkQuerySet(models.QuerySet):
    def live(self, now=None):
        """Links that still open their article: not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def revoke(self, *, reason, by=None, now=None):
        """Revoke every live link of this queryset; returns how many were."""
        return self.live(now).update(revoked_at=now or timezone.now(), revoked_by=by, revoked_reason=reason)


class PreviewLink(models.Model):
    """A link that lets someone outside the newsroom read one article, whatever its state, until it expires."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    key_digest = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the link's random key; the link itself is never stored."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(help_text="The link stops working at this moment.")
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="When the link was withdrawn, if it was.")
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_reason = models.CharField(max_length=200, blank=True, help_text="Why it was withdrawn.")

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        verbose_name = "preview link"
        indexes = [models.Index(fields=["article", "revoked_at", "expires_at"], name="previewlink_live_idx")]

    def __str__(self):
        return f"Preview link {self.pk} for article {self.article_id}"

    def is_live(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
