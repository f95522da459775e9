from django.apps import AppConfig


class RichMediaConfig(AppConfig):
    name = "richmedia"
    verbose_name = "Rich media"

    def ready(self):
        from articles import sanitize, workflow

        from . import blocks, gallery, media

        # Stored article bodies (Article.body_html) carry embed blocks as privacy-preserving facades
        # and gallery blocks as grids (after images' transformer has made their pictures responsive).
        sanitize.use_body_transformer(blocks.render_blocks)
        sanitize.use_body_transformer(gallery.render_galleries)
        # Our own video and audio: players at save time, their alt text and transcript before publishing.
        sanitize.use_body_transformer(media.render_media)
        workflow.use_publication_check(media.missing_text)
