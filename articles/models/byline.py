"""An article's byline: its authors, in order."""

from django.db import models

from .link_dates import LinkDateMixin
from .taxonomy import Author


class ArticleAuthor(LinkDateMixin, models.Model):
    """An author on an article's byline, in order."""

    ARTICLE_FIELD = "article"

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_article_author")]
        # An author's page walks their own bylines newest first (link_dates).
        indexes = [models.Index(fields=["author", "-published_at", "-article"], name="byline_author_newest_idx")]
        verbose_name = "byline"

    def __str__(self):
        return f"{self.author} on {self.article}"
