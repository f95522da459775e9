"""Rendition URLs, sizes and `<picture>` markup for templates, social tags and the admin, from the image's name.

No query and no file access: images.specs derives every rendition from the stored
name, and `default_storage.url()` builds the address (local media or object storage).
"""

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from . import specs


@dataclass(frozen=True)
class RenditionRef:
    url: str
    width: int
    height: int
    format: str


def name_of(image):
    """The storage name of a FieldFile, or the string itself."""
    return getattr(image, "name", image) or ""


def rendition_set(image, crop=""):
    """{format: [RenditionRef, ...]} narrowest first; empty for an image stored outside the pipeline."""
    master = specs.parse_master(name_of(image))
    if master is None:
        return {}
    plan = specs.crop_specs(master, crop) if crop else specs.full_specs(master)
    renditions = {}
    for spec in plan:
        url = default_storage.url(specs.rendition_name(master, spec))
        renditions.setdefault(spec.format, []).append(RenditionRef(url, spec.width, spec.height, spec.format))
    return renditions


def best_rendition(image, *, width, crop="", format="jpg"):
    """The widest rendition not wider than `width` (the narrowest if all are), or None."""
    candidates = rendition_set(image, crop).get(format, [])
    if not candidates:
        return None
    fitting = [ref for ref in candidates if ref.width <= width] or candidates[:1]
    return fitting[-1]


def thumbnail_rendition(image, crop=""):
    """The small JPEG admin lists show (images.specs.THUMBNAIL_WIDTH), or None outside the pipeline."""
    master = specs.parse_master(name_of(image))
    if master is None:
        return None
    spec = specs.thumbnail_spec(master, crop)
    return RenditionRef(default_storage.url(specs.rendition_name(master, spec)), spec.width, spec.height, spec.format)


def social_rendition(image):
    """What link previews show: the 16:9 crop around the focal point, about 1200 pixels wide, as JPEG."""
    return best_rendition(image, width=1200, crop="16:9")


DEFAULT_SIZES = "100vw"
FALLBACK_WIDTH = 800  # the `src` for browsers without srcset

EAGER = mark_safe(' loading="eager" fetchpriority="high"')  # noqa: S308 - constant markup
LAZY = mark_safe(' loading="lazy" decoding="async"')  # noqa: S308 - constant markup


def _srcset(refs):
    return format_html_join(", ", "{} {}w", ((ref.url, ref.width) for ref in refs))


def picture_html(image, *, alt="", sizes=DEFAULT_SIZES, eager=False, crop="", css_class=""):
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
