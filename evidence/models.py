"""The works a story cites, what the retraction watch found about them, and the stored references readers get."""

from django.conf import settings
from django.db import models

from articles.models import Article

from .identifiers import Kind, label, public_url


class StudyType(models.TextChoices):
    RANDOMISED_TRIAL = "rct", "Randomised trial"
    COHORT = "cohort", "Cohort study"
    CASE_CONTROL = "case_control", "Case-control study"
    META_ANALYSIS = "meta_analysis", "Meta-analysis"
    REVIEW = "review", "Review"
    ANIMAL = "animal", "Animal study"
    IN_VITRO = "in_vitro", "In vitro (cells)"
    PREPRINT = "preprint", "Preprint"
    PRESS_RELEASE = "press_release", "Press release"
    OTHER = "other", "Other"


class Review(models.TextChoices):
    PEER_REVIEWED = "peer_reviewed", "Peer-reviewed"
    PREPRINT = "preprint", "Preprint (not peer-reviewed)"
    UNKNOWN = "unknown", "Not stated"


class Notice(models.TextChoices):
    """What the retraction watch found: a notice that updates the cited work."""

    NONE = "", "None found"
    RETRACTION = "retraction", "Retracted"
    EXPRESSION_OF_CONCERN = "expression_of_concern", "Expression of concern"
    WITHDRAWAL = "withdrawal", "Withdrawn"
    CORRECTION = "correction", "Corrected"


class Citation(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the references list; readers see the references numbered 1, 2, 3 in this order."
    )
    kind = models.CharField(
        "identifier kind", max_length=4, choices=Kind.choices, default=Kind.DOI,
        help_text="DOI, PubMed ID and NCT numbers are looked up and fill the empty fields below on save.",
    )  # fmt: skip
    identifier = models.CharField(
        max_length=300,
        help_text="E.g. 10.1056/NEJMoa2034577, https://doi.org/…, 33301246, NCT04368728 or a web address.",
    )
    title = models.CharField(max_length=500, blank=True, help_text="The study's title, as published.")
    container = models.CharField(
        "journal or publisher", max_length=300, blank=True, help_text="The journal, registry or publisher."
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Year of publication.")
    authors = models.CharField(
        "first authors", max_length=300, blank=True, help_text='The first authors, e.g. "Polack FP, Thomas SJ, et al."'
    )
    study_type = models.CharField(
        max_length=16, choices=StudyType.choices, blank=True,
        help_text="Study design; animal and cell studies must be said to be so in the story.",
    )  # fmt: skip
    review = models.CharField(
        "peer review", max_length=16, choices=Review.choices, default=Review.UNKNOWN,
        help_text="Readers see whether the work was peer-reviewed.",
    )  # fmt: skip
    # The retraction watch (manage.py check_citations).
    checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    notice = models.CharField(max_length=24, choices=Notice.choices, blank=True, default="", editable=False)
    notice_identifier = models.CharField(max_length=300, blank=True, editable=False)
    flagged_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["article", "position", "pk"]
        indexes = [models.Index(fields=["checked_at"], name="evidence_citation_checked")]

    def __str__(self):
        return self.title or label(self.kind, self.identifier)

    @property
    def label(self):
        return label(self.kind, self.identifier)

    @property
    def url(self):
        return public_url(self.kind, self.identifier)

    @property
    def awaits_confirmation(self):
        """The watch found a notice that no editor has confirmed yet."""
        return bool(self.notice) and self.confirmed_at is None

    @property
    def shown_notice(self):
        """The notice readers see: only once an editor confirmed it."""
        return self.get_notice_display() if self.notice and self.confirmed_at else ""


class StoredReferences(models.Model):
    """What an article page shows of its citations, rendered when they change: one cheap read per page."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="stored_references"
    )
    html = models.TextField(blank=True)
    structured_data = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "stored references"

    def __str__(self):
        return f"References of article {self.article_id}"
