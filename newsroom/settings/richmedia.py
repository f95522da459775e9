"""Rich media in article bodies: where embed metadata comes from, and the editor's extra blocks."""

import os

from django_prose_editor.config import html_tags
from js_asset import static_lazy

from newsroom.env import env_int
from richmedia import providers as _providers

# --- Embeds by URL --------------------------------------------------------------------------
# Each provider's oEmbed endpoint, asked once when a body with a new embed is saved.
# OEMBED_BASE_URL points them all at one place (`<base>/<provider>`: a local stand-in for tests
# and air-gapped installs); without it each provider's own endpoint is used.
_OEMBED_BASE_URL = os.environ.get("OEMBED_BASE_URL", "").rstrip("/")
OEMBED_PROVIDERS_BASE_URLS = {
    provider.name: f"{_OEMBED_BASE_URL}/{provider.name}" if _OEMBED_BASE_URL else provider.oembed
    for provider in _providers.PROVIDERS
}
# An editor waits for these while saving; an unreachable provider leaves the link as the title.
OEMBED_TIMEOUT = float(os.environ.get("OEMBED_TIMEOUT", "3"))
OEMBED_MAX_RESPONSE_BYTES = 256_000
OEMBED_CACHE_SECONDS = env_int("OEMBED_CACHE_SECONDS", 7 * 24 * 3600)

# --- Our own video and audio ---------------------------------------------------------------
# Uploads larger than this are refused with a message (the web server's own limit must allow it).
RICHMEDIA_MAX_UPLOAD_BYTES = env_int("RICHMEDIA_MAX_UPLOAD_MB", 200) * 1024 * 1024
RICHMEDIA_MAX_CAPTION_BYTES = 1024 * 1024

# --- The body editor's own blocks (django-prose-editor loads these modules) -----------------
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("richmedia/editor-blocks.js")],
        # Tags and attributes for the package's own sanitizer; articles.sanitize is the one that applies.
        "extensions": {
            "Embed": html_tags(["figure", "figcaption"], {"figure": _providers.EMBED_BLOCK_ATTRIBUTES}),
            "Gallery": html_tags(["figure"], {"figure": ["data-gallery"]}),
            "Media": html_tags(["figure"], {"figure": ["data-media"]}),
        },
    },
]
