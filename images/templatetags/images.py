"""`{% picture %}`: responsive, layout-stable markup for a stored image, without a query or an image decode.

    {% load images %}
    {% picture article.hero_image alt=article.hero_alt sizes="(min-width: 72rem) 68ch, 100vw" eager=True %}
    {% picture story.hero_image alt=story.hero_alt crop="16:9" sizes="(min-width: 40rem) 33vw, 100vw" %}
    {% image_url article.hero_image 1200 crop="1:1" %}

Everything the markup needs (widths, heights, rendition URLs) follows from the image's
stored name (images.specs, images.delivery); the renditions were made when the image was saved.
"""

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from images.body import responsive_body_html
from images.delivery import best_rendition, name_of, rendition_set

register = template.Library()

DEFAULT_SIZES = "100vw"
FALLBACK_WIDTH = 800  # the `src` for browsers without srcset

EAGER = mark_safe(' loading="eager" fetchpriority="high"')  # noqa: S308 - constant markup
LAZY = mark_safe(' loading="lazy" decoding="async"')  # noqa: S308 - constant markup


def _srcset(refs):
    return format_html_join(", ", "{} {}w", ((ref.url, ref.width) for ref in refs))


@register.simple_tag
def picture(image, alt="", sizes=DEFAULT_SIZES, eager=False, crop="", css_class=""):
    """A `<picture>` with a WebP source and a JPEG `<img>`, explicit width and height, lazy unless `eager`.

    `eager=True` is for the one image at the top of the page (the hero): loaded at once,
    with fetchpriority="high". An image stored outside the pipeline gets a plain `<img>`.
    """
    name = name_of(image)
    if not name:
        return ""
    loading = EAGER if eager else LAZY
    class_attr = format_html(' class="{}"', css_class) if css_class else ""
    renditions = rendition_set(name, crop)
    if not renditions:
        return format_html('<img src="{}" alt="{}"{}{}>', default_storage.url(name), alt, class_attr, loading)
    jpegs, webps = renditions["jpg"], renditions["webp"]
    fallback = ([ref for ref in jpegs if ref.width <= FALLBACK_WIDTH] or jpegs[:1])[-1]
    largest = jpegs[-1]
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}></picture>',
        _srcset(webps),
        sizes,
        fallback.url,
        _srcset(jpegs),
        sizes,
        largest.width,
        largest.height,
        alt,
        class_attr,
        loading,
    )


@register.simple_tag
def image_url(image, width=1200, crop="", format="jpg"):
    """One rendition's URL, e.g. for a social preview: `{% image_url article.hero_image 1200 crop="1:1" %}`."""
    ref = best_rendition(image, width=width, crop=crop, format=format)
    return ref.url if ref else ""


@register.filter
def responsive_body_images(body):
    """`{{ article.body|responsive_body_images }}`: the sanitised body, our own images as `<picture>` (images.body)."""
    return responsive_body_html(body)
