from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial history"

    def ready(self):
        from django.db.models.signals import post_migrate

        from articles import changes

        from . import signals  # noqa: F401
        from .models import Correction
        from .roles import grant_editor_permissions

        # A correction note shows on its article's page (and moves its "Updated" date).
        changes.watch_article_pages(Correction)

        post_migrate.connect(grant_editor_permissions, sender=self)
