"""Every article save that changes its content keeps a revision; slug changes keep the old address answering."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article, Status, Tag

from . import services
from .middleware import current_user


@receiver(post_save, sender=Article)
def keep_revision_and_old_address(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    # Until this save returns, stored_values() is still the row as it was before it.
    old = instance.stored_values() or {}
    old_slug = old.get("slug")
    was_published = old.get("status") == Status.PUBLISHED and old.get("published_at")
    if not created and was_published and old_slug and old_slug != instance.slug:
        services.record_article_slug_change(article=instance, old_slug=old_slug)
    # The admin's change form and a restore record the revision themselves, after bylines and tags.
    # record_revision() keeps none when the content is unchanged (a workflow step saves only its state).
    if not services.revision_is_recorded_by_caller():
        services.record_revision(instance, by=current_user())


@receiver(post_save, sender=Tag)
def keep_old_tag_address(sender, instance, created, raw=False, **kwargs):
    # Until this save returns, stored_values() is still the row as it was before it.
    old_slug = (instance.stored_values() or {}).get("slug")
    if not raw and not created and old_slug and old_slug != instance.slug:
        services.record_tag_slug_change(tag=instance, old_slug=old_slug)
