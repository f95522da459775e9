from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Standing pages"

    def ready(self):
        from articles import change_signals

        from .models import Page

        # Page titles are linked from every page's footer, so any page save or delete may show anywhere.
        change_signals.watch_site_wide(Page)
