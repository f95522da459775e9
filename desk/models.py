"""What the desk keeps of its own: unsaved edits of an article, one copy per person and article."""

from django.conf import settings
from django.db import models

from articles.models import Article


class Autosave(models.Model):
    """The change form's fields as one person last typed them, before they pressed Save.

    Never a revision and never read by anything public: only its owner is offered it back,
    and a save of the article from the admin deletes it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        help_text="Empty for a new article that was never saved (one per person).",
    )
    fields = models.JSONField(default=dict, help_text="{field name: [values]} as the form would post them.")
    opened_version = models.CharField(
        max_length=100, blank=True, help_text="The article's version the form was opened at (its stale-save token)."
    )
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="desk_one_autosave_per_user"),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(article__isnull=True), name="desk_one_new_article_autosave"
            ),
        ]

    def __str__(self):
        return f"Unsaved edits of article {self.article_id or '(new)'} by user {self.user_id}"
