"""The receivers that tell articles.changes about every save and delete, whichever path made it.

Admin, workflow, importer, commands and the shell all save through the ORM; these are the
only receivers that decide anything about caches (and, for tag edits, which pass only here,
they store the related lists again: articles.related). Other apps register their models here
(`watch_site_wide`, `watch_article_pages`) from their AppConfig.ready().
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from . import changes, related
from .models import Article, ArticleAuthor, Author, Disclaimer, Section, Tag, TaggedArticle


def _on_article_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if not raw:
        changes.article_saved(instance, before=instance.stored_values(), created=created, update_fields=update_fields)


def _on_article_deleting(sender, instance, **kwargs):
    changes.article_being_deleted(instance)


def _on_relation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        changes.article_relation_changed(
            getattr(instance, "article_id", None) or getattr(instance, "content_object_id", None)
        )


def _on_tags_changed(sender, instance, action, pk_set=None, **kwargs):
    if action.startswith("post_"):
        article_id = instance.pk if isinstance(instance, Article) else None
        changes.article_relation_changed(article_id)
        # Related lists are ranked by shared tags, and every tag edit (admin, import, shell)
        # passes here: store the lists again now, not when a reader asks.
        related.stories_changed([article_id] if article_id is not None else pk_set or [])


def _on_site_wide_change(sender, raw=False, **kwargs):
    if not raw:
        changes.site_changed()


def _on_disclaimer_change(sender, raw=False, **kwargs):
    if not raw:
        changes.disclaimers_changed()


def _on_article_page_change(sender, instance, raw=False, **kwargs):
    if not raw:
        changes.article_page_changed(instance.article_id)


def connect():
    """Wire the receivers for this app's models (ArticlesConfig.ready())."""
    uid = "articles.changes"
    post_save.connect(_on_article_saved, sender=Article, dispatch_uid=f"{uid}.article.save")
    pre_delete.connect(_on_article_deleting, sender=Article, dispatch_uid=f"{uid}.article.delete")
    for model in (ArticleAuthor, TaggedArticle):
        post_save.connect(_on_relation_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.save")
        post_delete.connect(_on_relation_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.delete")
    m2m_changed.connect(_on_tags_changed, sender=TaggedArticle, dispatch_uid=f"{uid}.tags")
    for model in (Section, Tag, Author):
        watch_site_wide(model)
    post_save.connect(_on_disclaimer_change, sender=Disclaimer, dispatch_uid=f"{uid}.disclaimer.save")
    post_delete.connect(_on_disclaimer_change, sender=Disclaimer, dispatch_uid=f"{uid}.disclaimer.delete")


def watch_site_wide(model):
    """Treat every save or delete of `model` as a change to every public page (other apps call this)."""
    uid = f"articles.changes.site.{model._meta.label_lower}"
    post_save.connect(_on_site_wide_change, sender=model, dispatch_uid=f"{uid}.save")
    post_delete.connect(_on_site_wide_change, sender=model, dispatch_uid=f"{uid}.delete")


def watch_article_pages(model):
    """`model` rows (with an `article_id`) show on their article's page only (other apps call this)."""
    uid = f"articles.changes.page.{model._meta.label_lower}"
    post_save.connect(_on_article_page_change, sender=model, dispatch_uid=f"{uid}.save")
    post_delete.connect(_on_article_page_change, sender=model, dispatch_uid=f"{uid}.delete")
