from django.apps import AppConfig


class ErrorReportsConfig(AppConfig):
    name = "errorreports"
    verbose_name = "Readers' error reports"
