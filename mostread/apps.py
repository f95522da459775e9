from django.apps import AppConfig


class MostReadConfig(AppConfig):
    name = "mostread"
    verbose_name = "Most read"
