"""Rendition URLs and sizes for templates, social tags and the admin, worked out from the image's name.

No query and no file access: images.specs derives every rendition from the stored
name, and `default_storage.url()` builds the address (local media or object storage).
"""

from dataclasses import dataclass

from django.core.files.storage import default_storage

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


def social_rendition(image):
    """What link previews show: the 16:9 crop around the focal point, about 1200 pixels wide, as JPEG."""
    return best_rendition(image, width=1200, crop="16:9")
