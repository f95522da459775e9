"""Standing pages (About, the policies, Contact, Privacy): edited like articles, public only once published."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.sanitize import render_body, sanitize_html
from articles.slug_urls import slug_url


class PageKind(models.TextChoices):
    """What a page is for: the site links each standing kind from fixed places (the footer, disclaimers)."""

    ABOUT = "about", "About"
    EDITORIAL_POLICY = "editorial-policy", "Editorial policy"
    CORRECTIONS_POLICY = "corrections-policy", "Corrections policy"
    MEDICAL_REVIEW_POLICY = "medical-review-policy", "Medical review policy"
    DISCLAIMER = "disclaimer", "Disclaimer"
    CONTACT = "contact", "Contact"
    PRIVACY = "privacy", "Privacy"
    OTHER = "other", "Other page"


class PageStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PageQuerySet(models.QuerySet):
    def published(self):
        """The one door to public pages."""
        return self.filter(status=PageStatus.PUBLISHED)

    def for_links(self):
        """What a link to a page needs (footer, disclaimer link), in footer order."""
        return self.only("title", "slug", "kind", "position").order_by("position", "title")


class Page(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The last part of the address, as in /policies/corrections-policy/ (the About page is at /about/).",
    )
    kind = models.CharField(
        max_length=30,
        choices=PageKind.choices,
        default=PageKind.OTHER,
        help_text="What the page is for; each kind but Other exists once. The site links the Disclaimer "
        "page from every article and names the policies in its structured data.",
    )
    summary = models.CharField(
        max_length=300, blank=True, help_text="One sentence under the title; also the page's description."
    )
    body = models.TextField(blank=True, help_text="The page. Sanitized HTML, like an article's body.")
    body_html = models.TextField(blank=True, editable=False, help_text="The body as readers get it, made on save.")
    status = models.CharField(
        max_length=20,
        choices=PageStatus.choices,
        default=PageStatus.DRAFT,
        db_index=True,
        help_text="Readers see published pages only. Only editors may publish.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order of the page's link in the footer.")
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        get_latest_by = "updated_at"
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=~Q(kind=PageKind.OTHER), name="one_page_per_kind"),
        ]
        permissions = [("publish_page", "Can publish a page or take it down")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Whatever path the body came in by (admin, demo, shell), only the articles' allowlist is stored.
        self.body = sanitize_html(self.body)
        self.body_html = render_body(self.body)
        if self.status == PageStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body", "body_html", "published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.kind == PageKind.ABOUT:
            return reverse("pages:about")
        return slug_url("pages:policy", self.slug)

    @property
    def is_public(self):
        return self.status == PageStatus.PUBLISHED
