"""Views per article and hour: counts only, nothing about the reader."""

from django.db import models

from articles.models import Article


class ArticleViews(models.Model):
    """How many counted views an article had in one hour (UTC), folded in from the shared cache."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="hourly_views")
    hour = models.DateTimeField(help_text="The start of the hour (UTC) these views fell in.")
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-hour", "article"]
        get_latest_by = "hour"
        verbose_name = "article views in an hour"
        verbose_name_plural = "article views per hour"
        constraints = [models.UniqueConstraint(fields=["article", "hour"], name="mostread_one_row_per_article_hour")]
        indexes = [models.Index(fields=["hour"], name="mostread_hour_idx")]

    def __str__(self):
        return f"{self.views} views of {self.article_id} in the hour from {self.hour:%Y-%m-%d %H:00}"
