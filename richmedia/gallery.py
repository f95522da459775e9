"""Gallery blocks in a stored body become a responsive grid with a larger view (Article.body_html).

The editor stores a gallery as a figure of figures: `<figure data-gallery="">` holding one
`<figure><img …><figcaption>caption and credit</figcaption></figure>` per library picture.
By the time this runs (after images.body, registered earlier) our own pictures are already
responsive `<picture>`s with srcsets, so a gallery only needs its grid markup; the larger view
is the reader's script (static richmedia/gallery.js, a native <dialog>). Without it the
grid is what readers get.
"""

import re

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

# Sanitised output: a gallery's items are figures without figures inside them.
GALLERY_BLOCK = re.compile(
    r'<figure data-gallery="[^"]*">(?P<items>(?:\s*<figure>(?:(?!</?figure\b).)*</figure>)*)\s*</figure>', re.DOTALL
)
ITEM = re.compile(
    r"<figure>(?P<media>(?:(?!</?figure\b|<figcaption>).)*)(?:<figcaption>(?P<caption>.*?)</figcaption>)?\s*</figure>",
    re.DOTALL,
)
GALLERY_ATTRIBUTE = "data-gallery"


def _render(match):
    items = [
        {
            "media": mark_safe(item.group("media").strip()),  # noqa: S308 - sanitised on save, pictures from images.body
            "caption": mark_safe((item.group("caption") or "").strip()),  # noqa: S308 - sanitised on save
        }
        for item in ITEM.finditer(match.group("items"))
        if "<img" in item.group("media")
    ]
    if not items:
        return ""
    return render_to_string("richmedia/gallery.html", {"items": items}).strip()


def render_galleries(body):
    """`body` (sanitised article HTML, pictures already responsive) with every gallery block as its grid."""
    if not body or GALLERY_ATTRIBUTE not in body:
        return body or ""
    return mark_safe(GALLERY_BLOCK.sub(_render, str(body)))  # noqa: S308 - sanitised body, escaped replacements
