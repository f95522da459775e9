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


class MostReadRank(models.Model):
    """The list as ranked at the last refresh (mostread.services.rank): a few rows, read by every page.

    Ranking sums a week of hourly rows; doing it when views are folded in, not for each reader,
    keeps a page that shows the list from paying for it.
    """

    position = models.PositiveSmallIntegerField(help_text="1 is the most read.")
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="most_read_rank")
    views_today = models.PositiveIntegerField(default=0)
    views_week = models.PositiveIntegerField(default=0)
    ranked_at = models.DateTimeField()

    class Meta:
        ordering = ["position"]
        verbose_name = "most-read place"

    def __str__(self):
        return f"{self.position}. article {self.article_id}"
