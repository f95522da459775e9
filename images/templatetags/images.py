"""`{% picture %}`: responsive, layout-stable markup for a stored image, without a query or an image decode.

    {% load images %}
    {% picture article.hero_image alt=article.hero_alt sizes="(min-width: 72rem) 68ch, 100vw" eager=True %}
    {% picture story.hero_image alt=story.hero_alt crop="16:9" sizes="(min-width: 40rem) 33vw, 100vw" %}

Everything the markup needs (widths, heights, rendition URLs) follows from the image's
stored name (images.specs); the renditions were made when the image was saved.
"""

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from images import specs

register = template.Library()

DEFAULT_SIZES = "100vw"
FALLBACK_WIDTH = 800  # the `src` for browsers without srcset


def _name_of(image):
    return getattr(image, "name", image) or ""


def rendition_set(image, crop=""):
    """{format: [(url, spec), ...]} for a stored image, narrowest first; empty for a non-normalised name."""
    master = specs.parse_master(_name_of(image))
    if master is None:
        return {}
    plan = specs.crop_specs(master, crop) if crop else specs.full_specs(master)
    renditions = {}
    for spec in plan:
        renditions.setdefault(spec.format, []).append((default_storage.url(specs.rendition_name(master, spec)), spec))
    return renditions


def rendition_url(image, *, width, crop="", format="jpg"):
    """URL of the rendition closest to `width` (not wider, unless none is that narrow), or "" if there is none."""
    candidates = rendition_set(image, crop).get(format, [])
    if not candidates:
        return ""
    fitting = [item for item in candidates if item[1].width <= width] or candidates[:1]
    return fitting[-1][0]


def _srcset(items):
    return format_html_join(", ", "{} {}w", ((url, spec.width) for url, spec in items))


@register.simple_tag
def picture(image, alt="", sizes=DEFAULT_SIZES, eager=False, crop="", css_class=""):
    """A `<picture>` with a WebP source and a JPEG `<img>`, explicit width and height, lazy unless `eager`.

    `eager=True` is for the one image at the top of the page (the hero): loaded at once,
    with fetchpriority="high". An image stored outside the pipeline gets a plain `<img>`.
    """
    if not _name_of(image):
        return ""
    loading = (
        mark_safe(' loading="eager" fetchpriority="high"')  # noqa: S308 - constant markup
        if eager
        else mark_safe(' loading="lazy" decoding="async"')  # noqa: S308 - constant markup
    )
    class_attr = format_html(' class="{}"', css_class) if css_class else ""
    renditions = rendition_set(image, crop)
    if not renditions:
        return format_html(
            '<img src="{}" alt="{}"{}{}>', default_storage.url(_name_of(image)), alt, class_attr, loading
        )
    jpegs, webps = renditions["jpg"], renditions["webp"]
    fallback_url, _ = ([item for item in jpegs if item[1].width <= FALLBACK_WIDTH] or jpegs[:1])[-1]
    largest = jpegs[-1][1]
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}></picture>',
        _srcset(webps),
        sizes,
        fallback_url,
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
    return rendition_url(image, width=width, crop=crop, format=format)
