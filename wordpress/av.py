"""WordPress video and audio files brought in as richmedia's own video and audio (MediaFile).

A file is read from `--media-dir` or, with `--fetch-media`, downloaded through the same
guarded fetch as pictures (wordpress.fetch: public addresses only, redirects checked, a size
limit, here richmedia's upload limit). It must then pass the checks an upload passes
(richmedia.checks: MP4, WebM or MP3 judged by content, within the size limit), is stored
under a generated name, and is remembered in ImportedAttachment like a picture, so each file
is stored once however many posts play it and a stopped run resumes.
"""

from pathlib import PurePosixPath
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage

from richmedia import checks
from richmedia.models import MediaFile

from .fetch import FetchError, download
from .media import MediaError, sha256_of
from .models import ImportedAttachment

ACCEPT = "video/mp4,video/webm,audio/mpeg;q=0.9,*/*;q=0.1"


class AVLibrary:
    """Stores video and audio files through `media` (a wordpress.media.MediaLibrary: its folder, fetch, dry run)."""

    def __init__(self, media):
        self.media = media
        self.refused = {}  # uploads path -> why: a file refused once in a run is not fetched again for the next post

    def store(self, relative, *, url, title, wp_attachment_id=None):
        """The MediaFile for the uploads file `relative`, stored on first use; None in a dry run. Raises MediaError."""
        known = self._known(relative)
        if known is not None:
            return known
        if relative in self.refused:
            raise MediaError(self.refused[relative])
        path, found = self.media.locate(relative)
        downloaded = None
        if path is None:
            if not (self.media.fetch and url):
                where = "no --media-dir given" if self.media.root is None else f"not found in {self.media.root}"
                raise MediaError(f"{relative}: {where}")
            path = downloaded = self._download(url, relative)
        try:
            with path.open("rb") as handle:
                upload = File(handle, name=PurePosixPath(found).name)
                try:
                    content_type, kind = checks.media_type(upload)
                except ValidationError as refusal:
                    self.refused[relative] = f"{relative}: {' '.join(refusal.messages)}"
                    raise MediaError(self.refused[relative]) from None
                if self.media.dry_run:
                    return None
                media = MediaFile(kind=kind, content_type=content_type, title=title[:200] or PurePosixPath(found).name)
                media.file.save(f"import{checks.SUFFIXES[content_type]}", upload, save=False)
                self.media.saved_names.append(media.file.name)
                media.save()
            ImportedAttachment.objects.update_or_create(
                source_path=found,
                defaults={
                    "stored_name": media.file.name,
                    "source_size": path.stat().st_size,
                    "sha256": sha256_of(path),
                    "wp_attachment_id": int(wp_attachment_id) if str(wp_attachment_id or "").isdigit() else None,
                },
            )
            return media
        finally:
            if downloaded is not None:
                downloaded.unlink(missing_ok=True)

    def _download(self, url, relative):
        absolute = urljoin(self.media.site_url, url.strip())
        failed = self.media.failed_downloads
        if absolute not in failed:
            try:
                return download(absolute, max_bytes=settings.RICHMEDIA_MAX_UPLOAD_BYTES, accept=ACCEPT)
            except FetchError as error:
                failed[absolute] = f"{relative}: could not be fetched from {absolute[:200]}: {error}"
        raise MediaError(failed[absolute])

    @staticmethod
    def _known(relative):
        """The MediaFile an earlier post or run made of `relative`, if its file is still there."""
        known = ImportedAttachment.objects.filter(source_path=relative).first()
        if known is None or not default_storage.exists(known.stored_name):
            return None
        return MediaFile.objects.filter(file=known.stored_name).first()
