"""Bringing WordPress upload files into the site's storage.

Files are read from `--media-dir`, a copy of the old site's wp-content/uploads; with
`--fetch-media`, one not found there is downloaded from its URL on the old site
(wordpress.fetch, public addresses only). A file is checked with Pillow before it is
stored (an export is outside input), re-encoded without its metadata by the images
app, stored once under `wordpress/<year>/<month>/` and remembered in
ImportedAttachment, so a second import or a second post using the same image reuses
it: each file is read or fetched once, and a run stopped halfway resumes where it was.
"""

import hashlib
import re
import warnings
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.core.files import File
from django.core.files.storage import default_storage
from PIL import Image

from images.processing import ImageRefused, normalise_upload
from images.services import ensure_renditions

from .fetch import FetchError, download
from .models import ImportedAttachment

UPLOADS_MARKER = "/wp-content/uploads/"
RESIZED = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
STORAGE_PREFIX = "wordpress"
MAX_NAME_LENGTH = 90


class MediaError(Exception):
    """This one file cannot be imported (missing, not an image); the post goes on without it."""


def uploads_path(url_or_path):
    """'https://old.example/wp-content/uploads/2024/03/a.jpg?x' → '2024/03/a.jpg', or '' if not an upload."""
    value = (url_or_path or "").strip()
    if not value:
        return ""
    path = unquote(urlsplit(value).path) if "://" in value or value.startswith("/") else unquote(value)
    if UPLOADS_MARKER in path:
        path = path.split(UPLOADS_MARKER, 1)[1]
    elif "://" in value or value.startswith("/"):
        return ""
    parts = [part for part in PurePosixPath(path).parts if part not in ("", "/", ".")]
    if not parts or ".." in parts:
        return ""
    return "/".join(parts)


class MediaLibrary:
    """Finds upload files under the media folder and stores them (unless `dry_run`)."""

    def __init__(self, media_dir, *, dry_run=False, fetch=False, site_url=""):
        self.root = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.fetch = fetch
        self.site_url = site_url  # what relative URLs in the export are relative to
        self.failed_downloads = {}  # URL -> why: tried once per run
        self.saved_names = []  # stored during the current post, removed again if it fails

    def locate(self, relative):
        """(file, its uploads path) for an uploads path, or (None, relative).

        A resized copy ("photo-300x200.jpg") missing from the folder falls back to its
        original, which is then stored once for both.
        """
        if self.root is None or not relative:
            return None, relative
        candidates = [relative]
        original = RESIZED.sub("", relative)
        if original != relative:
            candidates.append(original)
        for candidate in candidates:
            path = (self.root / candidate).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                return path, candidate
        return None, relative

    def fingerprint(self, relative):
        """(path, size) of what would be read for `relative`, so a file appearing later counts as a change."""
        path, found = self.locate(relative)
        return [found, path.stat().st_size if path else None]

    def store(self, relative, *, wp_attachment_id=None, url=""):
        """The storage name of the uploads file `relative`, storing it on first use."""
        path, found = self.locate(relative)
        downloaded = None
        if path is None:
            # A file an earlier run stored needs no copy now: a run without the folder changes no image.
            known = self._known(relative)
            if known is not None:
                return known.stored_name
            if not (self.fetch and url):
                where = "no --media-dir given" if self.root is None else f"not found in {self.root}"
                raise MediaError(f"{relative}: {where}")
            if PurePosixPath(relative).suffix.lower() not in IMAGE_SUFFIXES:
                raise MediaError(f"{relative}: not an image file")
            path = downloaded = self._download(url, relative)
        try:
            return self._store_file(path, found, wp_attachment_id)
        finally:
            if downloaded is not None:
                downloaded.unlink(missing_ok=True)

    def _download(self, url, relative):
        absolute = urljoin(self.site_url, url.strip())
        if absolute not in self.failed_downloads:
            try:
                return download(absolute)
            except FetchError as error:
                self.failed_downloads[absolute] = f"{relative}: could not be fetched from {absolute[:200]}: {error}"
        raise MediaError(self.failed_downloads[absolute])

    def _store_file(self, path, relative, wp_attachment_id):
        if PurePosixPath(relative).suffix.lower() not in IMAGE_SUFFIXES:
            raise MediaError(f"{relative}: not an image file")
        size = path.stat().st_size
        known = ImportedAttachment.objects.filter(source_path=relative).first()
        if known and known.source_size == size and default_storage.exists(known.stored_name):
            return known.stored_name
        self._check_image(path, relative)
        digest = sha256_of(path)
        name = f"{STORAGE_PREFIX}/{relative}"
        if len(name) > MAX_NAME_LENGTH:
            # Image fields hold 100 characters, and storage may add a suffix: long paths get a short name.
            name = f"{STORAGE_PREFIX}/{digest[:24]}{PurePosixPath(relative).suffix.lower()}"
        if self.dry_run:
            return name
        with path.open("rb") as handle:
            stored = default_storage.save(*self._content_for(handle, name, relative))
        self.saved_names.append(stored)
        # Body images are no image field, so no save signal makes their renditions: make them here,
        # or the <picture> the article page builds from the name would point at missing files.
        ensure_renditions(stored)
        ImportedAttachment.objects.update_or_create(
            source_path=relative,
            defaults={
                "stored_name": stored,
                "source_size": size,
                "sha256": digest,
                "wp_attachment_id": int(wp_attachment_id) if str(wp_attachment_id or "").isdigit() else None,
            },
        )
        return stored

    @staticmethod
    def _known(relative):
        """The stored copy of `relative` (or of the original a resized name was made from), if still there."""
        names = [relative, RESIZED.sub("", relative)]
        for known in ImportedAttachment.objects.filter(source_path__in=names):
            if default_storage.exists(known.stored_name):
                return known
        return None

    @staticmethod
    def _content_for(handle, name, relative):
        """(storage name, content) for a source file.

        The file goes through the images app's re-encoder, like any upload: metadata (EXIF,
        GPS) is dropped and the result is a master the image pipeline recognises, so a hero
        made from it is not re-encoded a second time.
        """
        try:
            normalised = normalise_upload(File(handle, name=PurePosixPath(relative).name))
        except ImageRefused as refusal:
            raise MediaError(f"{relative}: {'; '.join(refusal.messages)}") from None
        folder = PurePosixPath(name).parent
        name = str(folder / normalised.content.name)
        if len(name) > MAX_NAME_LENGTH:
            name = f"{STORAGE_PREFIX}/{normalised.content.name}"
        return name, normalised.content

    def url(self, stored_name):
        return default_storage.url(stored_name)

    def forget_saved(self, *, delete):
        """End of a post: on failure its new files are deleted, since their rows were rolled back."""
        if delete:
            for name in self.saved_names:
                default_storage.delete(name)
        self.saved_names = []

    @staticmethod
    def _check_image(path, relative):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(path) as image:
                    image.verify()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise MediaError(f"{relative}: not a readable image") from None


def sha256_of(path):
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
