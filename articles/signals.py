"""Keep Tag.article_count current whatever changes an article's tags.

Each recount reads the TaggedArticle rows themselves, so nothing has to be remembered
between a pre_ and a post_ signal. Links are added through taggit's add(), whose
m2m_changed names the new tags (one recount per call). Links go through remove(),
clear() or a cascade from a deleted article or tag; only the row's own post_delete
names its tag in every one of those cases.
"""

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver

from .models import Tag, TaggedArticle


def _deleting_tags(origin):
    """Whether a delete started from tags themselves (their links go with them)."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return issubclass(model, Tag)


@receiver(m2m_changed, sender=TaggedArticle)
def count_added_tags(sender, instance, action, pk_set, **kwargs):
    if action == "post_add" and pk_set:
        Tag.refresh_counts(pk_set)


@receiver(post_delete, sender=TaggedArticle)
def count_removed_link(sender, instance, origin=None, **kwargs):
    # A deleted tag needs no count, and recounting it once per article would cost a query each.
    if not _deleting_tags(origin):
        Tag.refresh_counts([instance.tag_id])
