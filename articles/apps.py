from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom content"

    def ready(self):
        # signals: tag counts; roles: tops the role groups up after every migrate.
        from . import changes, roles, signals  # noqa: F401

        changes.connect()
