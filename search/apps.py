from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"

    def ready(self):
        from articles import freshness

        from . import signals  # noqa: F401

        # The freshness token (ETag / Last-Modified of public pages) must follow every
        # content change, whichever command or request makes it; connected here because
        # this app is always installed alongside articles. Lead: may move to articles.apps.
        freshness.connect_signals()
