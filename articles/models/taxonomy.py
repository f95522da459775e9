"""What articles are filed under and credited to: disclaimers, sections, authors and tags."""

import hashlib

from anyascii import anyascii
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.text import slugify
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from .. import review
from ..slug_urls import slug_url
from .link_dates import LinkDateMixin
from .stored import StoredValuesMixin


class DisclaimerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def site_defaults(self):
        """The active site-wide default, as a queryset of at most one (a constraint allows one default)."""
        return self.active().filter(is_default=True)

    def site_default(self):
        """The one active site-wide default, or None."""
        return self.site_defaults().first()


class Disclaimer(models.Model):
    title = models.CharField(max_length=200, help_text='Shown as a heading, e.g. "Disclaimer of Newsroom Health".')
    body = models.TextField(help_text="Plain text shown under the title at the end of every article it applies to.")
    is_default = models.BooleanField(
        "site-wide default",
        default=False,
        help_text="Applies to every article whose own and section disclaimers are empty. Only one can be the default.",
    )
    active = models.BooleanField(default=True, help_text="Inactive disclaimers are never shown.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisclaimerQuerySet.as_manager()

    class Meta:
        ordering = ["-is_default", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_site_default_disclaimer"
            )
        ]

    def __str__(self):
        return self.title


class SectionQuerySet(models.QuerySet):
    def in_navigation(self):
        """The sections the site's main navigation lists, in its order."""
        return self.filter(show_in_navigation=True).order_by("position", "name")


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100, unique=True, help_text="The last part of the section's address, as in /section/cardiology/."
    )
    description = models.TextField(blank=True, help_text="Shown at the top of the section page.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Sections are listed in this order.")
    show_in_navigation = models.BooleanField(
        "show in navigation",
        default=True,
        db_default=True,
        help_text="Listed in the site's main navigation. Sections made by the WordPress import start hidden.",
    )
    default_disclaimer = models.ForeignKey(
        Disclaimer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Applies to this section's articles that have no disclaimer of their own.",
    )
    review_interval_months = models.PositiveSmallIntegerField(
        "medical re-review every (months)",
        null=True,
        blank=True,
        default=12,
        db_default=12,
        help_text="After this many months a story's medical review is due again. Empty: no re-review "
        "(news that is not evergreen).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        interval_changed = (
            self.pk is not None
            and Section.objects.filter(pk=self.pk).exclude(review_interval_months=self.review_interval_months).exists()
        )
        super().save(*args, **kwargs)
        if interval_changed:
            # Every story of the section falls due on the new cycle.
            review.refresh_due_dates(self.articles.all(), self.review_interval_months)

    def get_absolute_url(self):
        return slug_url("articles:section", self.slug)


class Author(models.Model):
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    credentials = models.CharField(
        max_length=100, blank=True, help_text='Degrees shown after the name, e.g. "MD, PhD".'
    )
    job_title = models.CharField(max_length=150, blank=True, help_text='e.g. "Senior health reporter".')
    bio = models.TextField(blank=True, help_text="Plain text shown on the author's page.")
    photo = models.ImageField(upload_to="authors/%Y/%m/", blank=True)
    is_clinician = models.BooleanField(
        "clinician",
        default=False,
        help_text="A licensed clinician who may medically review stories.",
    )
    credentials_verified_on = models.DateField(
        null=True, blank=True, help_text="When the desk last checked the credentials below against a registry."
    )
    verification_note = models.CharField(
        max_length=300,
        blank=True,
        help_text='What was verified, shown on the author page, e.g. "Medical licence checked in the GMC register".',
    )
    same_as = models.TextField(
        "profiles elsewhere",
        blank=True,
        help_text="Links to registries and profiles (ORCID, a licence register, a university page), one per line.",
    )
    disclosures = models.TextField(
        "disclosures of interests",
        blank=True,
        help_text="Plain text shown on the author page: funding, shares, advisory roles. Empty: none declared.",
    )
    email = models.EmailField(
        blank=True, help_text="Never shown. Review reminders go here (or to the linked staff account's address)."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The staff account that writes as this author, if any.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def get_absolute_url(self):
        return slug_url("articles:author", self.slug)

    @property
    def profile_links(self):
        """The http(s) links of `same_as`, in order; anything else is dropped."""
        return [line.strip() for line in self.same_as.splitlines() if line.strip().startswith(("https://", "http://"))]

    @property
    def contact_email(self):
        """Where mail for this author goes: their own address, else their staff account's."""
        if self.email:
            return self.email
        return self.user.email if self.user_id and self.user.email else ""


# Room left in Tag.slug (100 characters) for taggit's "_<n>" suffix on a clash.
TAG_SLUG_STEM_LENGTH = 90


class TagQuerySet(models.QuerySet):
    def public(self):
        """Tags a public article carries: the only tags with a page, a feed or a sitemap entry.

        A tag used only by drafts or scheduled stories does not exist for readers (it would name an
        embargoed topic), so it answers 404 like an unknown one.
        """
        articles = TaggedArticle.content_object.field.related_model.objects  # Article, defined after this module
        return self.filter(Exists(articles.published().filter(tagged_items__tag=OuterRef("pk"))))


class TagManager(NaturalKeyManager.from_queryset(TagQuerySet)):
    pass


def tag_slug(name):
    """An ASCII slug for a tag name, never empty: non-Latin names are transliterated, and a name with no
    letters or digits ("!!!") gets one made from its hash."""
    slug = slugify(anyascii(name or ""))[:TAG_SLUG_STEM_LENGTH].strip("-_")
    if slug:
        return slug
    return "tag-" + hashlib.blake2s((name or "").encode(), digest_size=4).hexdigest()


class Tag(StoredValuesMixin, TagBase):
    """A taggit tag that also carries a description and a denormalized usage count."""

    description = models.TextField(blank=True, help_text="Shown at the top of the tag page.")
    article_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Articles carrying this tag; weights related stories."
    )

    objects = TagManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "tag"
        verbose_name_plural = "tags"
        constraints = [models.CheckConstraint(condition=~Q(slug=""), name="tag_slug_not_empty")]

    def get_absolute_url(self):
        return slug_url("articles:tag", self.slug)

    def slugify(self, tag, i=None):
        """taggit's slug maker (used when a tag is created without a slug), made ASCII and never empty."""
        slug = tag_slug(tag)
        return slug if i is None else f"{slug}_{i}"

    def save(self, *args, **kwargs):
        if not self.slug and not self._state.adding:
            # taggit fills an empty slug only on creation; a cleared one gets a fresh unique slug too.
            stem = self.slugify(self.name)
            taken = set(Tag.objects.filter(slug__startswith=stem).exclude(pk=self.pk).values_list("slug", flat=True))
            self.slug = next(
                slug for i in range(len(taken) + 1) if (slug := self.slugify(self.name, i or None)) not in taken
            )
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The count belongs to refresh_counts(): a form read before a recount must not write its old one back.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "article_count"
            ]
        return super().save(*args, **kwargs)

    @classmethod
    def refresh_counts(cls, tag_ids=None):
        """Recount articles per tag in one UPDATE (all tags when tag_ids is None)."""
        count = (
            TaggedArticle.objects.filter(tag=models.OuterRef("pk"))
            .order_by()
            .values("tag")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        tags = cls.objects.all() if tag_ids is None else cls.objects.filter(pk__in=list(tag_ids))
        tags.update(article_count=models.functions.Coalesce(models.Subquery(count), 0))


class TaggedArticle(LinkDateMixin, TaggedItemBase):
    ARTICLE_FIELD = "content_object"

    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")]
        indexes = [
            # Related stories read the newest articles of a tag through this index.
            models.Index(fields=["tag", "-content_object"], name="tagged_tag_article_idx"),
            # A tag's page walks its own links newest first (link_dates).
            models.Index(fields=["tag", "-published_at", "-content_object"], name="tagged_tag_newest_idx"),
        ]
