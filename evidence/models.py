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


class Population(models.TextChoices):
    PEOPLE = "people", "People"
    ANIMALS = "animals", "Animals"
    CELLS = "cells", "Cells or tissue in a laboratory"
    MIXED = "mixed", "People and laboratory studies"


class Phase(models.TextChoices):
    NOT_APPLICABLE = "", "Not a drug trial"
    EARLY = "early", "Early phase 1"
    PHASE1 = "1", "Phase 1"
    PHASE2 = "2", "Phase 2"
    PHASE3 = "3", "Phase 3"
    PHASE4 = "4", "Phase 4 (after approval)"


class Certainty(models.TextChoices):
    HIGH = "high", "High"
    MODERATE = "moderate", "Moderate"
    LOW = "low", "Low"
    VERY_LOW = "very_low", "Very low"


class EvidenceSummary(models.Model):
    """The evidence panel of a story that reports research: what kind of study, on whom, how sure."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="evidence_summary")
    design = models.CharField(
        "study design", max_length=16, choices=StudyType.choices, help_text="The design of the main study reported."
    )
    population = models.CharField(
        "who was studied", max_length=8, choices=Population.choices,
        help_text="Say so for animal and cell studies: a story citing only those is refused otherwise.",
    )  # fmt: skip
    participants = models.PositiveIntegerField(
        "how many", null=True, blank=True, help_text="Participants (people or animals); empty for cell studies."
    )
    phase = models.CharField("trial phase", max_length=5, choices=Phase.choices, blank=True, default="")
    review = models.CharField("peer review", max_length=16, choices=Review.choices, default=Review.UNKNOWN)
    funding = models.CharField(max_length=300, blank=True, help_text="Who paid for the study.")
    conflicts = models.CharField(
        "declared conflicts",
        max_length=300,
        blank=True,
        help_text='Declared conflicts of interest, or "None declared".',
    )
    certainty = models.CharField(
        max_length=8, choices=Certainty.choices, help_text="How sure readers can be, in plain language (GRADE-like)."
    )
    certainty_reason = models.CharField(
        "why", max_length=200, help_text='One line, e.g. "A small trial of 40 people, not yet repeated."'
    )

    class Meta:
        verbose_name = "evidence panel"
        verbose_name_plural = "evidence panel (shown to readers on stories that report research)"

    def __str__(self):
        return f"Evidence panel of article {self.article_id}"


class StoredReferences(models.Model):
    """What an article page shows of its evidence (references, evidence panel), rendered when it changes.

    One row per article, read with one query per page.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="stored_references"
    )
    html = models.TextField(blank=True)
    panel_html = models.TextField(blank=True)
    structured_data = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "stored references"

    def __str__(self):
        return f"References of article {self.article_id}"


class TermList(models.TextChoices):
    HYPE = "hype", "Hype words"
    RELATIVE_RISK = "relative_risk", "Relative-risk phrases (need an absolute figure)"
    ABSOLUTE_FIGURES = "absolute_figures", "Absolute-figure phrases"
    RESEARCH = "research", "Words that mean the story reports research"
    LABORATORY = "laboratory", "Words that say a study was in animals or cells"
    TRUSTED_DOMAINS = "trusted_domains", "Trusted domains (links raise no warning)"


class ClaimsTermManager(models.Manager):
    def get_by_natural_key(self, list_name, term):
        return self.get(list=list_name, term=term)


class ClaimsTerm(models.Model):
    """One entry of the claims check's word lists, edited by the desk in the admin.

    The lists start from evidence/data/claims.toml (loaded by a data migration); a term is
    known by its list and words (its natural key), so a backup restored into a database that
    migrated afresh updates those rows instead of clashing with them.
    """

    list = models.CharField(max_length=20, choices=TermList, db_index=True)
    term = models.CharField(
        max_length=100,
        help_text="A word or phrase, matched case-insensitively as whole words; "
        "for trusted domains a host name such as nejm.org (its subdomains are trusted too).",
    )

    objects = ClaimsTermManager()

    class Meta:
        ordering = ["list", "term"]
        verbose_name = "claims check term"
        constraints = [models.UniqueConstraint(fields=["list", "term"], name="unique_claims_term")]

    def __str__(self):
        return f"{self.term} ({self.get_list_display()})"

    def save(self, *args, **kwargs):
        self.term = " ".join(self.term.split()).lower()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.list, self.term)
