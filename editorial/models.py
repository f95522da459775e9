"""What the newsroom keeps about an article's history: revisions, corrections, old addresses."""

from django.conf import settings
from django.db import models

from articles.models import Article, Author, Tag
from pages.models import Page


class Revision(models.Model):
    """One saved state of an article's editorial content, numbered per article.

    The snapshot is plain JSON (names and ids, not foreign keys), so a revision stays
    readable after a section, author or tag it mentions is renamed or deleted.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 for the first save, then counting up.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    article_updated_at = models.DateTimeField(
        null=True, help_text="The article's updated_at after this save: the version an open form carries."
    )
    note = models.CharField(max_length=200, blank=True, help_text='e.g. "Restored revision 3".')
    minor = models.BooleanField(
        "minor edit",
        default=False,
        help_text="A typo or formatting fix that changes no meaning: folded away in the public change history.",
    )
    withheld = models.BooleanField(
        "withheld from the public history",
        default=False,
        help_text="A removal for legal, privacy or safety reasons: the public change history shows neither this "
        "change nor any before it.",
    )
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number")]
        permissions = [("restore_revision", "Can restore an article to an earlier revision")]

    def __str__(self):
        return f"Revision {self.number} of {self.article_id}"


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    UPDATE = "update", "Update"
    CLARIFICATION = "clarification", "Clarification"
    RETRACTION = "retraction", "Retraction"


# How the notice at the top of a story names its newest note: "This story was corrected on …".
NOTICE_VERBS = {
    CorrectionKind.CORRECTION: "corrected",
    CorrectionKind.UPDATE: "updated",
    CorrectionKind.CLARIFICATION: "clarified",
    CorrectionKind.RETRACTION: "retracted",
}


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Notes readers may see: those of public articles (through the articles' published door)."""
        return self.filter(article__in=Article.objects.published().values("pk"))


class Correction(models.Model):
    """A dated note appended to a published article, shown to readers newest first."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION)
    note = models.TextField(help_text="Plain text shown at the end of the article: what changed and why.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.get_kind_display()} on {self.article_id}"

    @property
    def notice_verb(self):
        return NOTICE_VERBS.get(self.kind, "corrected")


class TagRedirect(models.Model):
    """An old tag address that now answers 301 to the tag it was merged into or renamed to."""

    old_slug = models.CharField(max_length=100, unique=True)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]
        permissions = [("merge_tags", "Can merge tags")]

    def __str__(self):
        return f"/tag/{self.old_slug}/ → {self.tag_id}"


class ArticleSlugRedirect(models.Model):
    """An old article address that answers 301 to the article while the article is public."""

    old_slug = models.CharField(max_length=250, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"/article/{self.old_slug}/ → {self.article_id}"


class ReviewReminder(models.Model):
    """One reminder e-mail to a medical reviewer about their stories due for a new review."""

    reviewer = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="review_reminders")
    sent_at = models.DateTimeField(db_index=True)
    sent_to = models.EmailField()
    article_count = models.PositiveIntegerField(help_text="How many due stories the e-mail listed.")

    class Meta:
        ordering = ["-sent_at"]
        get_latest_by = "sent_at"

    def __str__(self):
        return f"Review reminder to {self.reviewer} on {self.sent_at:%Y-%m-%d}"


class PageRevision(models.Model):
    """A standing page (About, a policy) as it was after one save from the admin."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 for the first save, then counting up.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=200, blank=True, help_text='e.g. "Restored revision 3".')
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="unique_page_revision_number")]

    def __str__(self):
        return f"Revision {self.number} of page {self.page_id}"
