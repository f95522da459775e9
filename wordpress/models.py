"""What the WordPress import remembers: which post became which article or page, which files
came in, and which old addresses lead where."""

from django.db import models
from django.db.models import Q

from articles.models import Article, Section, Tag
from pages.models import Page


class ImportedPost(models.Model):
    """A WordPress post brought in as an article; re-imports match on `wp_post_id`."""

    wp_post_id = models.PositiveBigIntegerField("WordPress post id", unique=True)
    article = models.OneToOneField(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wordpress_post",
        help_text="Empty when an editor deleted the article: later imports then leave the post alone.",
    )
    site = models.CharField(
        max_length=200, blank=True, help_text="Host of the WordPress site the post came from (post ids are per site)."
    )
    guid = models.CharField(max_length=500, blank=True)
    wp_slug = models.CharField("WordPress slug", max_length=250, blank=True)
    permalink = models.CharField(max_length=500, blank=True, help_text="The post's address on the old site.")
    content_hash = models.CharField(
        max_length=64, help_text="Fingerprint of what was imported: an unchanged post is not touched again."
    )
    wp_modified_at = models.DateTimeField("modified in WordPress", null=True, blank=True)
    imported_values = models.JSONField(
        default=dict,
        blank=True,
        help_text="A digest of each field as the import last wrote it: a field changed in Newsroom since "
        "is never overwritten.",
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="Why the import treated this post specially (e.g. kept it hidden)."
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["wp_post_id"]
        verbose_name = "imported WordPress post"
        get_latest_by = "updated_at"

    def __str__(self):
        return f"WordPress post {self.wp_post_id}"


class ImportedPage(models.Model):
    """A WordPress page brought in as a (hidden) Page; re-imports match on `wp_post_id`."""

    wp_post_id = models.PositiveBigIntegerField("WordPress post id", unique=True)
    page = models.OneToOneField(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wordpress_page",
        help_text="Empty when an editor deleted the page: later imports then leave it alone.",
    )
    site = models.CharField(max_length=200, blank=True, help_text="Host of the WordPress site the page came from.")
    permalink = models.CharField(max_length=500, blank=True, help_text="The page's address on the old site.")
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="Fingerprint of what was imported: an unchanged page is not touched again."
    )
    imported_values = models.JSONField(
        default=dict, blank=True, help_text="A digest of each field as the import last wrote it."
    )
    note = models.CharField(max_length=300, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["wp_post_id"]
        verbose_name = "imported WordPress page"

    def __str__(self):
        return f"WordPress page {self.wp_post_id}"


class ImportedAttachment(models.Model):
    """A file from the WordPress uploads folder, stored once however many posts use it."""

    source_path = models.CharField(max_length=500, unique=True, help_text="Path relative to wp-content/uploads.")
    wp_attachment_id = models.PositiveBigIntegerField("WordPress attachment id", null=True, blank=True)
    stored_name = models.CharField(max_length=500, help_text="Name in the site's file storage.")
    source_size = models.PositiveBigIntegerField(help_text="Size of the source file when it was stored.")
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source_path"]
        verbose_name = "imported WordPress file"

    def __str__(self):
        return self.source_path


class LegacyRedirectQuerySet(models.QuerySet):
    def target_for(self, path, query=""):
        """The public URL an old address now lives at, or None (then the page is a normal 404).

        Articles and pages are only reached through their published() doors: a draft,
        scheduled or unpublished one keeps its old links answering 404 until it is public.
        """
        redirect = self.filter(old_path=path, old_query=query).first()
        if redirect is None:
            return None
        if redirect.article_id:
            slug = Article.objects.published().filter(pk=redirect.article_id).values_list("slug", flat=True).first()
            return Article(slug=slug).get_absolute_url() if slug else None
        if redirect.section_id:
            section = Section.objects.filter(pk=redirect.section_id).only("slug").first()
            return section.get_absolute_url() if section else None
        if redirect.tag_id:
            tag = Tag.objects.filter(pk=redirect.tag_id).only("slug").first()
            return tag.get_absolute_url() if tag else None
        if redirect.page_id:
            page = Page.objects.published().filter(pk=redirect.page_id).only("slug", "kind").first()
            return page.get_absolute_url() if page else None
        return None


class LegacyRedirect(models.Model):
    """An address of the old WordPress site answered with a 301 to its new home.

    `old_path` is the decoded path with its slashes ("/2024/03/05/slug/"); `old_query`
    is only used for WordPress's plain links ("p=123" on "/").
    """

    old_path = models.CharField(max_length=500)
    old_query = models.CharField(max_length=100, blank=True, default="")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LegacyRedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_path", "old_query"]
        verbose_name = "legacy WordPress address"
        constraints = [
            models.UniqueConstraint(fields=["old_path", "old_query"], name="unique_legacy_address"),
            models.CheckConstraint(
                condition=(
                    Q(article__isnull=False, section__isnull=True, tag__isnull=True, page__isnull=True)
                    | Q(article__isnull=True, section__isnull=False, tag__isnull=True, page__isnull=True)
                    | Q(article__isnull=True, section__isnull=True, tag__isnull=False, page__isnull=True)
                    | Q(article__isnull=True, section__isnull=True, tag__isnull=True, page__isnull=False)
                ),
                name="legacy_redirect_has_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.old_path}?{self.old_query}" if self.old_query else self.old_path
