from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial history"

    def ready(self):
        from articles import addresses, change_signals, pending

        from . import services, signals  # noqa: F401
        from .models import Correction

        # A correction note shows on its article's page (and moves its "Updated" date).
        change_signals.watch_article_pages(Correction)
        # Old slugs of articles and tags answer 301 to where the page lives now.
        addresses.register(addresses.ARTICLE, services.public_article_for_old_slug)
        addresses.register(addresses.TAG, services.tag_for_old_slug)
        # A published pending version is one revision, taken once its byline and tags are saved too.
        pending.use_revision_keeper(
            recorded_by_caller=services.revision_recorded_by_caller, record=services.record_revision
        )
