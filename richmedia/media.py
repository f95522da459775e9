"""Media blocks in a stored body become our own players (Article.body_html), and publishing asks for their text.

The editor stores `<figure data-media="<id>"></figure>` for a MediaFile. When a body is stored
each block becomes `<video controls preload="none">` (or `<audio>`) with its poster (a
rendition of a library picture), its WebVTT tracks and its transcript; a block whose file is
gone is dropped. Before a story is published every media block needs its alt text and transcript.
"""

import re

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.models import Article
from articles.services import store_rendered_bodies
from images.delivery import best_rendition

from .models import MediaFile

MEDIA_BLOCK = re.compile(
    r'<figure data-media="(?P<id>[0-9]{1,12})">(?P<content>(?:(?!</?figure\b).)*)</figure>', re.DOTALL
)
CAPTION = re.compile(r"<figcaption>(?P<caption>.*?)</figcaption>", re.DOTALL)
POSTER_WIDTH = 1280


def media_ids(body):
    return {int(found.group("id")) for found in MEDIA_BLOCK.finditer(body or "")}


def _files(ids):
    return MediaFile.objects.filter(pk__in=ids).select_related("poster").prefetch_related("tracks").in_bulk()


def render_media(body):
    """`body` (sanitised article HTML) with every media block as its player."""
    ids = media_ids(body)
    if not ids:
        return body or ""
    files = _files(ids)

    def render(match):
        media = files.get(int(match.group("id")))
        if media is None:
            return ""
        poster = best_rendition(media.poster.file, width=POSTER_WIDTH) if media.poster_id else None
        caption = CAPTION.search(match.group("content"))
        return render_to_string(
            "richmedia/media_player.html",
            {
                "media": media,
                "poster": poster,
                "tracks": list(media.tracks.all()),
                "caption": mark_safe(caption.group("caption")) if caption else "",  # noqa: S308 - sanitised on save
            },
        ).strip()

    return mark_safe(MEDIA_BLOCK.sub(render, str(body)))  # noqa: S308 - sanitised body, escaped replacements


def missing_text(article):
    """Publication check: alt text and a transcript for every video or audio file in the body, in words."""
    ids = media_ids(article.body)
    if not ids:
        return []
    files = _files(ids)
    missing = []
    for media_id in sorted(ids):
        media = files.get(media_id)
        missing += media.missing_for_publication() if media else [f"video or audio file {media_id}, which is gone"]
    return missing


def media_changed(media_id):
    """A file, its transcript, poster or tracks changed or went: the stories showing it are stored again.

    The players are part of the stored body HTML, so the bodies that hold the block are rendered
    again (articles.services owns that, and tells the page cache); a deleted file's block is dropped.
    """
    holders = Article.objects.filter(body__contains=f'data-media="{media_id}"').values_list("pk", flat=True)
    return store_rendered_bodies(list(holders))
