"""Media served by the app itself (local mode only): never sniffed, never as a page or an SVG."""

import mimetypes

from django.views.static import serve

# What media may be served as itself; anything else is handed over as a download.
SAFE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}
# Our own video and audio and their WebVTT tracks (richmedia checks each by content on upload).
SAFE_MEDIA_TYPES |= {"video/mp4", "video/webm", "audio/mpeg", "text/vtt"}


def serve_media(request, path, document_root=None, show_indexes=False):
    """django.views.static.serve with `nosniff`, and a download for anything that is not a plain image.

    Uploads are re-encoded images with generated names, but media can hold other
    files too; an HTML or SVG file served inline from our origin could run script,
    so only the types in SAFE_MEDIA_TYPES are served as themselves.
    """
    response = serve(request, path, document_root=document_root, show_indexes=False)
    content_type, _ = mimetypes.guess_type(path)
    if content_type not in SAFE_MEDIA_TYPES:
        response.headers["Content-Type"] = "application/octet-stream"
        response.headers["Content-Disposition"] = "attachment"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
