from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project package as an app: wires the apps together in every process (web, commands, tests)."""

    name = "newsroom"
    verbose_name = "Newsroom site"

    def ready(self):
        from articles import changes, throttle

        from . import pagecache, ratelimit

        # articles.changes decides what a change affects; the shared cache keeps the tokens.
        changes.use_store(pagecache)
        # articles names its expensive views (parameterised feeds); the per-client limit is ours.
        throttle.use_check(ratelimit.refusal)
