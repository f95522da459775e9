"""Every article save keeps a revision; slug changes keep the old address answering."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from articles.models import Article, Status, Tag

from . import services
from .middleware import current_user


@receiver(pre_save, sender=Article)
def remember_article_slug(sender, instance, raw=False, **kwargs):
    instance._editorial_old = None
    if instance.pk and not raw:
        instance._editorial_old = (
            Article.objects.filter(pk=instance.pk).values("slug", "status", "published_at").first()
        )


@receiver(post_save, sender=Article)
def keep_revision_and_old_address(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    old = getattr(instance, "_editorial_old", None)
    if old and old["slug"] != instance.slug and old["status"] == Status.PUBLISHED and old["published_at"]:
        services.record_article_slug_change(article=instance, old_slug=old["slug"])
    # The admin records its revision after bylines and tags are saved (RevisionAdminMixin.save_related).
    if not getattr(instance, "_revision_deferred", False):
        services.record_revision(instance, by=current_user())


@receiver(post_save, sender=Tag)
def keep_old_tag_address(sender, instance, created, raw=False, **kwargs):
    # Until this save returns, stored_values() is still the row as it was before it.
    old_slug = (instance.stored_values() or {}).get("slug")
    if not raw and not created and old_slug and old_slug != instance.slug:
        services.record_tag_slug_change(tag=instance, old_slug=old_slug)
