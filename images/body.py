"""Pictures in an article's body served like the hero: responsive `<picture>` markup, worked out from the URL.

Editors insert a Body image by its address (`<img src="/media/body/2026/11/<hex>_1600x900.jpg">`).
On the public page every such `<img>` whose address is a normalised master in our media
storage becomes a `<picture>` with WebP and JPEG srcsets, width, height and lazy loading.
The rendition names and sizes follow from the stored name alone (images.specs), so this
costs no query and never opens an image. Any other `<img>` (another site, an old upload
outside the pipeline) is left exactly as it was.

The body was sanitised when it was saved (articles.sanitize); this only replaces whole
`<img>` tags, and every value it writes back is escaped again by format_html. It runs when
an article is saved (registered with articles.sanitize in ImagesConfig.ready()), and the
result is stored in Article.body_html; rebuild_renditions stores the bodies again.
"""

import html
import re
from pathlib import PurePosixPath
from urllib.parse import unquote

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.safestring import mark_safe

from articles.models import Article

from . import specs
from .delivery import picture_html

# Body column: the article is at most about 40rem wide (same as the hero).
BODY_SIZES = "(min-width: 44rem) 40rem, calc(100vw - 2rem)"

# Sanitised output (nh3) writes `<img` tags with double-quoted attributes and `>` escaped inside them.
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?')


def master_name_for(src):
    """The storage name behind a body image's `src`, or None unless it is a normalised master in our media."""
    src = (src or "").strip()
    media_url = settings.MEDIA_URL
    if not src.startswith(media_url) or src.startswith("//"):
        return None
    name = unquote(src[len(media_url) :])
    if ".." in PurePosixPath(name).parts or specs.parse_master(name) is None:
        return None
    if default_storage.url(name) != src:
        return None  # not how our storage addresses this name (e.g. object storage): leave it alone
    return name


def _attributes(tag):
    return {key.lower(): html.unescape(value or "") for key, value in ATTRIBUTE.findall(tag[len("<img") :])}


def _responsive(match):
    tag = match.group(0)
    attributes = _attributes(tag)
    name = master_name_for(attributes.get("src"))
    if name is None:
        return tag
    return picture_html(name, alt=attributes.get("alt", ""), sizes=BODY_SIZES)


def responsive_body_html(body):
    """`body` (sanitised article HTML) with our own images as responsive `<picture>` markup, marked safe."""
    if not body or "<img" not in body:
        return mark_safe(body or "")  # noqa: S308 - the body is sanitised on save (articles.sanitize)
    return mark_safe(IMG_TAG.sub(_responsive, body))  # noqa: S308 - sanitised body, escaped replacements


def articles_with_media_images():
    """Ids of articles whose body holds an image from our media: the bodies a change of the rendition plan alters."""
    return Article.objects.filter(body__contains=f'src="{settings.MEDIA_URL}').values_list("pk", flat=True)
