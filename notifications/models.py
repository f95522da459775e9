"""Who is told what: notifications, each person's choices, section editors and assigned stories."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section


class Kind(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for review"
    ASSIGNED = "assigned", "Assigned to me"
    RETURNED = "returned", "Returned with a comment"
    PROGRESS = "progress", "Approved, scheduled or published"
    CORRECTION = "correction", "A correction added to my story"
    MENTION = "mention", "A comment mentioning me"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self):
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """One thing one person was told about one article, in the admin (and by e-mail if they chose it)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Who did what the notification is about.",
    )  # fmt: skip
    text = models.TextField(help_text="What happened, in words (the e-mail's body says the same).")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        indexes = [
            # The header's unread count and each person's list read by recipient (and read_at) only.
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent_idx"),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("admin:articles_article_change", args=[self.article_id])


class Preference(models.Model):
    """One person's choice for one kind; a kind without a row is on by e-mail and in the admin."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    by_email = models.BooleanField(default=True, help_text="Send an e-mail.")
    in_admin = models.BooleanField(default=True, help_text="List it in the admin with the unread count.")

    class Meta:
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}"


class SectionEditor(models.Model):
    """An editor who reviews a section's stories: told when one is submitted (no one listed: every editor)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["section", "editor"]
        verbose_name = "section editor"
        constraints = [models.UniqueConstraint(fields=["section", "editor"], name="section_editor_unique")]

    def __str__(self):
        return f"{self.editor} edits {self.section}"


class Assignment(models.Model):
    """The editor a story is assigned to: told of its submissions instead of the section's editors."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="assignment")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assigned_at"]

    def __str__(self):
        return f"{self.article} \u2192 {self.editor}"
