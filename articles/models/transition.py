"""The workflow's record: each step of an article through the editorial workflow."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .article import Article, Status


class Transition(models.Model):
    """One step of an article through the editorial workflow: who moved it, when, from where to where, and why.

    Written only by articles.workflow.transition() and, for a live story's pending version, articles.pending:
    the history is the workflow's own record.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=Status.choices)
    to_state = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    comment = models.TextField(blank=True, help_text="The editor's note, e.g. why the article was returned.")
    scheduled_for = models.DateTimeField(
        null=True, blank=True, help_text="For a publication set in the future: when it goes live."
    )
    step = models.CharField(
        max_length=20,
        blank=True,
        help_text="A step of the live story's pending version (articles.pending), or empty for a change of state.",
    )
    override_reason = models.TextField(
        blank=True, help_text="Why the editor took the step despite the warnings below (articles.overrides)."
    )
    overridden = models.JSONField(
        default=list, blank=True, help_text="The warnings and refusals the override reason went past, in words."
    )

    class Meta:
        ordering = ["-at", "-id"]
        get_latest_by = "at"
        indexes = [models.Index(fields=["article", "-at"], name="transition_article_idx")]

    def __str__(self):
        return f"{self.article_id}: {self.from_state} \u2192 {self.to_state}"
