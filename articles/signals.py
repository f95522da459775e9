"""Keep Tag.article_count current whatever changes an article's tags."""

from django.db.models.signals import m2m_changed, post_delete, pre_delete
from django.dispatch import receiver

from .models import Article, Tag, TaggedArticle


@receiver(m2m_changed, sender=TaggedArticle)
def recount_changed_tags(sender, instance, action, pk_set, **kwargs):
    if action == "pre_clear":
        instance._cleared_tag_ids = list(instance.tags.values_list("pk", flat=True))
    elif action in {"post_add", "post_remove"} and pk_set:
        Tag.refresh_counts(pk_set)
    elif action == "post_clear":
        Tag.refresh_counts(getattr(instance, "_cleared_tag_ids", []))


@receiver(pre_delete, sender=Article)
def remember_tags_of_deleted_article(sender, instance, **kwargs):
    instance._deleted_tag_ids = list(instance.tags.values_list("pk", flat=True))


@receiver(post_delete, sender=Article)
def recount_tags_of_deleted_article(sender, instance, **kwargs):
    Tag.refresh_counts(getattr(instance, "_deleted_tag_ids", []))
