"""Readers who asked for the newsletter, the issues built for them and who received each."""

from django.db import models
from django.db.models import Count, Q


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class Subscriber(models.Model):
    """One address and its choices; it receives issues only once it has confirmed them."""

    email = models.EmailField(unique=True, help_text="Stored in lower case: one subscription per address.")
    frequency = models.CharField(max_length=8, choices=Frequency, default=Frequency.WEEKLY)
    sections = models.ManyToManyField(
        "articles.Section",
        blank=True,
        related_name="+",
        help_text="The sections whose stories the reader receives; none chosen means every section.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="When the reader confirmed; empty until then."
    )
    confirmation_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="The last confirmation e-mail; another is sent only after a pause."
    )

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        permissions = [("export_subscriber", "Can export a subscriber's data")]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class IssueQuerySet(models.QuerySet):
    def with_counts(self):
        """Each issue with how many readers it was for and how many it has reached."""
        return self.annotate(
            recipient_count=Count("deliveries"),
            sent_count=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)),
            interrupted_count=Count(
                "deliveries", filter=Q(deliveries__sending_at__isnull=False, deliveries__sent_at__isnull=True)
            ),
        )


class Issue(models.Model):
    """One digest: a frequency, a choice of sections and the stories published in its window."""

    frequency = models.CharField(max_length=8, choices=Frequency)
    sections_key = models.CharField(
        max_length=500, help_text="The section choice it was built for: 'all' or the section ids, sorted."
    )
    sections_label = models.CharField(max_length=500)
    since = models.DateTimeField(help_text="Stories published after this time…")
    until = models.DateTimeField(help_text="…and up to this one.")
    subject = models.CharField(max_length=200)
    articles = models.ManyToManyField("articles.Article", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text="When every delivery was attempted; empty while sending or after a crash."
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "until"
        indexes = [models.Index(fields=["frequency", "sections_key", "-until"], name="newsletter_issue_window")]
        constraints = [
            # Two runs building from the same last issue cannot both create the next one.
            models.UniqueConstraint(
                fields=["frequency", "sections_key", "since"], name="newsletter_one_issue_per_window"
            ),
        ]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    """One reader's copy of one issue: created with the issue, marked before it goes to the mail server and
    when the mail server took it."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    # An erased subscriber leaves the count behind, not the address.
    subscriber = models.ForeignKey(Subscriber, null=True, on_delete=models.SET_NULL, related_name="deliveries")
    sending_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When sending this copy began. Set without sent_at, the run stopped while the mail server had "
        "it: it may have arrived, so it is never sent again.",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True, help_text="Why the mail server refused this copy.")

    class Meta:
        ordering = ["issue", "pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletter_one_copy_per_reader"),
        ]

    def __str__(self):
        return f"{self.issue} → {self.subscriber or 'erased subscriber'}"
