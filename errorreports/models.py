"""What readers tell the desk is wrong in a story."""

from django.conf import settings
from django.db import models


class ErrorReport(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        CHECKING = "checking", "Being checked"
        CORRECTED = "corrected", "Corrected"
        DISMISSED = "dismissed", "Not an error"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="error_reports", help_text="The story reported."
    )
    message = models.TextField("what is wrong", help_text="The reader's words, shown as plain text.")
    email = models.EmailField(blank=True, help_text="Given by the reader for a reply; optional.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.NEW, db_index=True)
    desk_note = models.TextField(blank=True, help_text="For the desk only: what was checked and done.")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        verbose_name = "error report"

    def __str__(self):
        return f"Report on “{self.article}” ({self.created_at:%Y-%m-%d %H:%M})"
