"""A live story's pending version: the edits readers do not see until an editor publishes them.

The live Article row is what readers get (the published door reads only it); the pending
version holds the edited content as plain JSON (articles.pending says which fields and how)
until it is published, returned, withdrawn or discarded. One per article at most.
"""

from django.conf import settings
from django.db import models

from .article import Article


class PendingStatus(models.TextChoices):
    DRAFT = "draft", "Being edited"
    IN_REVIEW = "in_review", "Submitted for review"


class PendingVersion(models.Model):
    """Edits to a live story, kept apart from the row readers see until an editor publishes them."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="pending_version")
    content = models.JSONField(
        default=dict, help_text="The edited content (title, body, tags, byline, ...) as articles.pending keeps it."
    )
    status = models.CharField(max_length=20, choices=PendingStatus.choices, default=PendingStatus.DRAFT)
    note = models.CharField(max_length=200, blank=True, help_text='Where it came from, e.g. "Restored revision 3".')
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        get_latest_by = "updated_at"
        verbose_name = "pending version"

    def __str__(self):
        return f"Pending changes to {self.article_id}"
