from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project package as an app, so the page-cache signals are wired in every process:
    web workers, management commands and tests alike."""

    name = "newsroom"
    verbose_name = "Newsroom site"

    def ready(self):
        from .pagecache import connect_signals

        connect_signals()
