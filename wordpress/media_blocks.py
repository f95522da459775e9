"""Galleries, videos and audio of a WordPress post become richmedia's blocks once their files are stored.

wordpress.media_markup leaves a placeholder for each; here each picture goes through the
image pipeline (wordpress.media) and each video or audio file through richmedia's checks
(wordpress.av). A gallery keeps the pictures that could be had; a video or audio file that
could not be had (missing, refused, not MP4/WebM/MP3 by content) leaves a plain link to its
old address, never a broken block, and every such file is listed under "missing media".
"""

import html
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from images.models import BodyImage

from .av import AVLibrary
from .content import plain_text
from .media import IMAGE_SUFFIXES, MediaError
from .media_markup import PLACEHOLDER, Gallery, GalleryItem


def _label(url, text=""):
    return plain_text(text) or PurePosixPath(urlsplit(url).path).name or url


def _link(url, text=""):
    return format_html('<a href="{}">{}</a>', html.unescape(url), _label(url, text))


class MediaBlocks:
    """Resolves one run's placeholders; `files` is the run's wordpress.attachments.PostFiles."""

    def __init__(self, files):
        self.files = files
        self.av = AVLibrary(files.media)

    def resolve(self, body, blocks, item):
        """`body` with each placeholder as its block (or plain links); unknown placeholders are dropped."""
        if not blocks:
            return body

        def replace(match):
            block = blocks.get(match.group("key"))
            if block is None:
                return ""
            if isinstance(block, Gallery):
                return self._gallery(block, item)
            return self._media(block, item)

        return PLACEHOLDER.sub(replace, body)

    # --- Galleries --------------------------------------------------------------------------

    def _gallery_items(self, gallery, item):
        if gallery.items:
            return gallery.items
        attachments = self.files.channel.attachments
        if gallery.of_post:
            chosen = sorted(
                (a for a in attachments.values() if a.parent == item.post_id),
                key=lambda a: (a.menu_order, int(a.wp_id) if a.wp_id.isdigit() else 0),
            )
        else:
            chosen = []
            for wp_id in gallery.ids:
                if wp_id in attachments:
                    chosen.append(attachments[wp_id])
                else:
                    self.files.report.missing(item.post_id, f"gallery image {wp_id} is not in the export")
        return [GalleryItem(url=a.url, alt=a.alt, caption=html.escape(plain_text(a.caption))) for a in chosen]

    def _gallery(self, gallery, item):
        figures, links = [], []
        for picture in self._gallery_items(gallery, item):
            relative = self.files.site_file(picture.url)
            if gallery.of_post and PurePosixPath(relative).suffix.lower() not in IMAGE_SUFFIXES:
                continue  # the post's uploads may include its PDFs and sound files: not pictures
            try:
                if not relative:
                    raise MediaError(f"{picture.url[:200]}: not a file of the old site, left as a link")
                stored = self.files.media.store(relative, url=picture.url)
            except MediaError as error:
                self.files.report.missing(item.post_id, f"gallery image {error}")
                links.append(_link(picture.url, picture.alt))
                continue
            caption = format_html("<figcaption>{}</figcaption>", mark_safe(picture.caption)) if picture.caption else ""  # noqa: S308 - sanitised with the body
            figures.append(
                format_html(
                    '<figure><img src="{}" alt="{}">{}</figure>',
                    self.files.media.url(stored),
                    plain_text(picture.alt),
                    caption,
                )
            )
        out = format_html('<figure data-gallery="">{}</figure>', mark_safe("".join(figures))) if figures else ""  # noqa: S308
        if gallery.caption:
            out += format_html("<p>{}</p>", mark_safe(gallery.caption))  # noqa: S308 - sanitised with the body
        if links:
            out += format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((link,) for link in links)))
        return f"\n{out}\n" if out else ""

    # --- Video and audio -------------------------------------------------------------------

    def _media(self, block, item):
        relative = self.files.site_file(block.url)
        title = plain_text(block.caption) or PurePosixPath(urlsplit(block.url).path).stem.replace("-", " ")
        try:
            if not relative:
                raise MediaError(f"{block.url[:200]}: not a file of the old site, left as a link")
            media = self.av.store(relative, url=block.url, title=title)
        except MediaError as error:
            self.files.report.missing(item.post_id, f"{block.kind} {error}")
            media = None
        if media is None:
            caption = format_html("<br>{}", mark_safe(block.caption)) if block.caption else ""  # noqa: S308
            return format_html("\n<p>{}{}</p>\n", _link(block.url, block.caption), caption)
        if block.poster and media.poster_id is None:
            media.poster = self._poster(block.poster, title, item)
            if media.poster is not None:
                media.save(update_fields=["poster"])
        caption = format_html("<figcaption>{}</figcaption>", mark_safe(block.caption)) if block.caption else ""  # noqa: S308
        return format_html('\n<figure data-media="{}">{}</figure>\n', media.pk, caption)

    def _poster(self, url, title, item):
        """The poster frame as a library picture (through the image pipeline), or None."""
        try:
            relative = self.files.site_file(url)
            if not relative:
                raise MediaError(f"{url[:200]}: not a file of the old site")
            stored = self.files.media.store(relative, url=url)
        except MediaError as error:
            self.files.report.missing(item.post_id, f"poster {error}")
            return None
        poster, _created = BodyImage.objects.get_or_create(
            file=stored, defaults={"alt": f"Opening frame of the video “{title}”"[:300]}
        )
        return poster
