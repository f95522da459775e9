"""Upload checks for our own video, audio and caption files: judged by their content, within a size limit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# (content type, kind, test on the first bytes). Names and the browser's claimed type are ignored.
SIGNATURES = [
    # An ISO media file that is not audio-only (M4A/M4B) and not QuickTime ("qt  ": .mov, which not every
    # browser plays).
    ("video/mp4", "video", lambda head: head[4:8] == b"ftyp" and head[8:12] not in {b"M4A ", b"M4B ", b"qt  "}),
    ("video/webm", "video", lambda head: head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head[:64]),
    ("audio/mpeg", "audio", lambda head: head[:3] == b"ID3" or (head[0:1] == b"\xff" and head[1] & 0xE0 == 0xE0)),
]
SUFFIXES = {"video/mp4": ".mp4", "video/webm": ".webm", "audio/mpeg": ".mp3"}


def media_type(upload):
    """(content type, kind) of an uploaded video or audio file; ValidationError for anything else."""
    if upload.size > settings.RICHMEDIA_MAX_UPLOAD_BYTES:
        limit = filesizeformat(settings.RICHMEDIA_MAX_UPLOAD_BYTES)
        raise ValidationError(f"The file is {filesizeformat(upload.size)}; the limit is {limit}.")
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if len(head) < 12:
        raise ValidationError("The file is too short to be a video or audio file.")
    for content_type, kind, matches in SIGNATURES:
        if matches(head):
            return content_type, kind
    raise ValidationError("This is not an MP4 or WebM video or an MP3 audio file (judged by content, not name).")


def check_webvtt(upload):
    """A WebVTT file: UTF-8 text starting with the WEBVTT signature, within the caption size limit."""
    if upload.size > settings.RICHMEDIA_MAX_CAPTION_BYTES:
        raise ValidationError(f"Caption files may be at most {filesizeformat(settings.RICHMEDIA_MAX_CAPTION_BYTES)}.")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError("Caption files must be UTF-8 text.") from error
    first = text.split("\n", 1)[0].rstrip("\r")
    if first != "WEBVTT" and not first.startswith(("WEBVTT ", "WEBVTT\t")):
        raise ValidationError("This is not a WebVTT file: its first line must be “WEBVTT”.")
