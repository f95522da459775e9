from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark: its article generator (`manage.py generate_articles`) and the baseline view."""

    name = "bench"
    verbose_name = "Benchmark"
