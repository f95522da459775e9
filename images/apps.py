from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = "Images"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from articles import sanitize, seo

        from . import body, delivery, signals

        # One pixel limit everywhere: Pillow warns past it and refuses twice it, and our own
        # check (images.processing) refuses it with a form error before anything is decoded.
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
        signals.connect_image_fields()
        # Social cards and structured data show the 16:9 rendition of a hero, not the master.
        seo.use_social_rendition(delivery.social_rendition)
        # Stored article bodies (Article.body_html) carry our body images as responsive <picture>s.
        sanitize.use_body_transformer(body.responsive_body_html)
