"""A post's files: the featured image as the article's hero, body links under wp-content/uploads rewritten.

Each file is imported once through wordpress.media (checked, re-encoded, remembered);
a file that cannot be imported is reported as missing media and the post goes on.
"""

import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from .content import plain_text
from .media import IMAGE_SUFFIXES, UPLOADS_MARKER, MediaError, uploads_path
from .media_blocks import MediaBlocks

UPLOAD_URL = re.compile(
    r"""(?P<attr>\b(?:src|href))=(?P<quote>["'])(?P<url>[^"']*?/wp-content/uploads/[^"']*)(?P=quote)"""
)
# Any address: under wp-content/uploads, or on the host the export's attachments live on (WordPress.com's files).
FILE_URL = re.compile(r"""(?P<attr>\b(?:src|href))=(?P<quote>["'])(?P<url>[^"']*)(?P=quote)""")


def attachment_path(attachment):
    """Where the attachment's file sits under uploads: `_wp_attached_file`, else its URL.

    A URL outside wp-content/uploads (WordPress.com's files host, a CDN) keeps its
    path, which is the same dated layout ("2013/03/photo.jpg").
    """
    return (
        uploads_path(attachment.attached_file)
        or uploads_path(attachment.url)
        or uploads_path(unquote(urlsplit(attachment.url).path).lstrip("/"))
    )


def referenced_uploads(body):
    """The uploads paths a post's body links to, sorted, without repeats."""
    return sorted({uploads_path(m.group("url")) for m in UPLOAD_URL.finditer(body)} - {""})


class PostFiles:
    """Brings one run's post files into storage through `media` (a wordpress.media.MediaLibrary)."""

    def __init__(self, channel, media, report, *, dry_run=False):
        self.channel = channel
        self.media = media
        self.report = report
        self.dry_run = dry_run
        # Hosts that serve the export's attachments outside wp-content/uploads: their images are the site's too.
        self.file_hosts = {
            (urlsplit(a.url).hostname or "").lower()
            for a in channel.attachments.values()
            if a.url and UPLOADS_MARKER not in a.url
        } - {""}
        self.blocks = MediaBlocks(self)

    def site_file(self, url):
        """The uploads path of `url` if it is one of the old site's files (under wp-content/uploads, or on
        the attachments' own host, or relative), else "": a third party's file is linked, never copied."""
        parts = urlsplit(url or "")
        if UPLOADS_MARKER in parts.path:
            return uploads_path(url)
        if parts.scheme in ("http", "https") and (parts.hostname or "").lower() in self.file_hosts:
            return uploads_path(unquote(parts.path).lstrip("/"))
        return ""

    def body_html(self, converted, item):
        """Converted content (wordpress.content) with its files stored: images rewritten, galleries,
        videos and audio as richmedia's blocks. Not yet sanitised."""
        return self.blocks.resolve(self.rewrite_uploads(converted.html, item.post_id), converted.media, item)

    def featured(self, item):
        """The post's featured-image attachment from the export, or None."""
        return self.channel.attachments.get(item.postmeta.get("_thumbnail_id", ""))

    def hero_for(self, item):
        """[stored name, alt, caption] of the post's featured image; blanks for none; None if it cannot be had.

        None (a file not found, a dry run) means "nothing to say": the article keeps its hero.
        """
        thumbnail_id = item.postmeta.get("_thumbnail_id", "")
        if not thumbnail_id:
            return ["", "", ""]
        attachment = self.channel.attachments.get(thumbnail_id)
        if attachment is None:
            self.report.missing_media.append((item.post_id, f"featured image {thumbnail_id} is not in the export"))
            return None
        relative = attachment_path(attachment)
        if not relative:
            self.report.missing_media.append((item.post_id, f"featured image {thumbnail_id} has no file in the export"))
            return None
        try:
            stored = self.media.store(relative, wp_attachment_id=thumbnail_id, url=attachment.url)
        except MediaError as error:
            self.report.missing_media.append((item.post_id, f"featured image {error}"))
            return None
        if self.dry_run:
            return None  # saving the field would start the image pipeline, which writes files
        return [stored, plain_text(attachment.alt)[:300], plain_text(attachment.caption)[:300]]

    def rewrite_uploads(self, body, wp_id):
        """Point images under wp-content/uploads (or on the attachments' own host) at our storage,
        importing each file once."""

        def rewrite(match):
            relative = self.site_file(match.group("url"))
            if not relative or PurePosixPath(relative).suffix.lower() not in IMAGE_SUFFIXES:
                return match.group(0)
            try:
                stored = self.media.store(relative, url=match.group("url"))
            except MediaError as error:
                if match.group("attr") == "src":
                    self.report.missing(wp_id, f"image {error}")
                return match.group(0)
            return f"{match.group('attr')}={match.group('quote')}{self.media.url(stored)}{match.group('quote')}"

        return FILE_URL.sub(rewrite, body)
