from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom content"

    def ready(self):
        # signals: tag counts; roles: tops the role groups up after every migrate.
        from . import change_signals, roles, signals  # noqa: F401

        change_signals.connect()
