from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"

    def ready(self):
        from articles import admin_search

        from . import desk, signals  # noqa: F401

        # The admin's article search reads this app's index (articles imports no other app).
        admin_search.use_engine(desk.desk_search)
