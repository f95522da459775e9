"""Re-index an article whenever what readers can search for changes.

Runs in the writer's transaction, so the index commits (or rolls back) with the
article. Status changes need nothing: searches filter through the published door (a new
publication time is re-indexed: it is the order searches read matches in).
Writes that bypass signals (queryset.update, bulk_create) must call
`search.services.index_articles(...)` themselves.
"""

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

from articles.models import Article, Tag, TaggedArticle

from . import services

SEARCHED_FIELDS = set(services.DOCUMENT_SOURCES)


@receiver(post_save, sender=Article)
def index_saved_article(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return  # loaddata: run rebuild_search_index afterwards
    if update_fields is not None and not SEARCHED_FIELDS & set(update_fields):
        return
    services.index_article(instance)


@receiver(m2m_changed, sender=TaggedArticle)
def index_retagged_article(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Article):
        services.index_article(instance)
    elif pk_set:
        services.index_articles(pk_set)


@receiver(post_save, sender=Tag)
def index_articles_of_renamed_tag(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    services.index_articles(Article.objects.filter(tagged_items__tag=instance))


@receiver(pre_delete, sender=Tag)
def index_articles_of_deleted_tag(sender, instance, origin=None, **kwargs):
    # Only before the delete do the links still say which articles carried the tag, so
    # their documents are written now, in the delete's transaction, as they will read
    # after it: without this tag, nor the others deleted with it.
    deleted = origin.values("pk") if isinstance(origin, QuerySet) else [instance.pk]
    services.index_articles(Article.objects.filter(tagged_items__tag=instance), without_tags=deleted)
