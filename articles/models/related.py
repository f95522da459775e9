"""Related stories, stored: each article's ranked list, computed when it is published or its tags change."""

from django.db import models


class RelatedStoryQuerySet(models.QuerySet):
    def lists_showing(self, story_id):
        """Ids of the articles whose stored list holds `story_id`: the pages that show it."""
        return self.filter(story_id=story_id).values_list("article_id", flat=True)


class RelatedStory(models.Model):
    """`story` is the `rank`-th related story of `article` (1 first), as articles.related stored it.

    Rows may name stories that are no longer public: pages read them through the published
    door, so a story taken down disappears from every list at once.
    """

    # Read by article through the (article, rank) constraint's index; no second index on article alone.
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="related_links", db_index=False)
    story = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="listed_in", db_index=False)
    rank = models.PositiveSmallIntegerField()

    objects = RelatedStoryQuerySet.as_manager()

    class Meta:
        ordering = ["article", "rank"]
        verbose_name = "related story"
        verbose_name_plural = "related stories"
        constraints = [
            models.UniqueConstraint(fields=["article", "rank"], name="unique_related_rank"),
            models.UniqueConstraint(fields=["article", "story"], name="unique_related_story"),
        ]
        # Which lists show a story (RelatedStory.objects.lists_showing) reads this index.
        indexes = [models.Index(fields=["story"], name="relatedstory_story_idx")]

    def __str__(self):
        return f"{self.article_id} → {self.story_id} (#{self.rank})"
