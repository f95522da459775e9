from django.apps import AppConfig


class RichMediaConfig(AppConfig):
    name = "richmedia"
    verbose_name = "Rich media"

    def ready(self):
        from articles import sanitize

        from . import blocks

        # Stored article bodies (Article.body_html) carry embed blocks as privacy-preserving facades.
        sanitize.use_body_transformer(blocks.render_blocks)
