"""The one table of embed providers: which links become embed blocks, what plays them, what the CSP allows.

Pure data and parsing (no Django): the settings read FRAME_SOURCES for the CSP's `frame-src`.
A link becomes an embed only when it matches a provider's pattern exactly; the id it yields is
checked against a narrow character set, and the player address is built here from that id,
never taken from an oEmbed answer or from the stored block.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

# Ids are plain tokens; anything else (quotes, angle brackets, slashes) refuses the link.
SAFE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,200}$")


@dataclass(frozen=True)
class Provider:
    name: str  # the key stored in a block's data-embed
    label: str  # shown to readers ("Video on YouTube")
    kind: str  # video, post, audio or chart: what the facade says it will play
    hosts: tuple  # link hosts this provider answers for
    pattern: re.Pattern  # applied to "host/path?query" of the link; group "id"
    player: str  # player address; {id} is the (quoted) id
    frame_source: str  # what the CSP's frame-src permits
    oembed: str  # the provider's oEmbed endpoint (settings may point it elsewhere)
    allow: str = ""  # the iframe's `allow` list: only what playing needs
    aspect: str = "16 / 9"  # the facade and player box

    def player_url(self, embed_id):
        return self.player.format(id=quote(embed_id, safe="/"))


def _p(expression):
    return re.compile(expression, re.IGNORECASE)


PROVIDERS = (
    Provider(
        "youtube", "YouTube", "video", ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"),
        _p(r"^(?:(?:www\.|m\.)?youtube\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/|live/)|youtu\.be/)(?P<id>[A-Za-z0-9_-]{11})(?:[?&#].*)?$"),
        "https://www.youtube-nocookie.com/embed/{id}?autoplay=1&rel=0",
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com/oembed",
        allow="autoplay; encrypted-media; picture-in-picture; fullscreen",
    ),
    Provider(
        "vimeo", "Vimeo", "video", ("vimeo.com", "www.vimeo.com", "player.vimeo.com"),
        _p(r"^(?:www\.)?(?:player\.)?vimeo\.com/(?:video/)?(?P<id>[0-9]{1,12})(?:[/?#].*)?$"),
        "https://player.vimeo.com/video/{id}?dnt=1&autoplay=1",
        "https://player.vimeo.com",
        "https://vimeo.com/api/oembed.json",
        allow="autoplay; fullscreen; picture-in-picture",
    ),
    Provider(
        "x", "X (Twitter)", "post", ("twitter.com", "www.twitter.com", "x.com", "www.x.com", "mobile.twitter.com"),
        _p(r"^(?:www\.|mobile\.)?(?:twitter|x)\.com/[A-Za-z0-9_]{1,15}/status/(?P<id>[0-9]{1,25})(?:[/?#].*)?$"),
        "https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true",
        "https://platform.twitter.com",
        "https://publish.twitter.com/oembed",
        aspect="4 / 5",
    ),
    Provider(
        "bluesky", "Bluesky", "post", ("bsky.app",),
        _p(r"^bsky\.app/profile/(?P<id>[A-Za-z0-9.:-]{1,120}/post/[a-z0-9]{1,20})(?:[?#].*)?$"),
        "https://embed.bsky.app/embed/{id}",
        "https://embed.bsky.app",
        "https://embed.bsky.app/oembed",
        aspect="4 / 5",
    ),
    Provider(
        "instagram", "Instagram", "post", ("instagram.com", "www.instagram.com"),
        _p(r"^(?:www\.)?instagram\.com/(?:p|reel|tv)/(?P<id>[A-Za-z0-9_-]{1,40})/?(?:[?#].*)?$"),
        "https://www.instagram.com/p/{id}/embed/",
        "https://www.instagram.com",
        "https://graph.facebook.com/v19.0/instagram_oembed",
        aspect="4 / 5",
    ),
    Provider(
        "tiktok", "TikTok", "video", ("tiktok.com", "www.tiktok.com"),
        _p(r"^(?:www\.)?tiktok\.com/@[A-Za-z0-9_.]{1,40}/video/(?P<id>[0-9]{1,25})(?:[/?#].*)?$"),
        "https://www.tiktok.com/player/v1/{id}?autoplay=1",
        "https://www.tiktok.com",
        "https://www.tiktok.com/oembed",
        allow="autoplay; fullscreen",
        aspect="9 / 16",
    ),
    Provider(
        "soundcloud", "SoundCloud", "audio", ("soundcloud.com", "www.soundcloud.com"),
        _p(r"^(?:www\.)?soundcloud\.com/(?P<id>[A-Za-z0-9_-]{1,80}/[A-Za-z0-9_-]{1,120})/?(?:[?#].*)?$"),
        "https://w.soundcloud.com/player/?url=https%3A//soundcloud.com/{id}&auto_play=true",
        "https://w.soundcloud.com",
        "https://soundcloud.com/oembed",
        allow="autoplay",
        aspect="16 / 5",
    ),
    Provider(
        "spotify", "Spotify", "audio", ("open.spotify.com",),
        _p(r"^open\.spotify\.com/(?P<id>(?:track|album|playlist|episode|show)/[A-Za-z0-9]{22})(?:[/?#].*)?$"),
        "https://open.spotify.com/embed/{id}",
        "https://open.spotify.com",
        "https://open.spotify.com/oembed",
        allow="autoplay; encrypted-media",
        aspect="16 / 5",
    ),
    Provider(
        "datawrapper", "Datawrapper", "chart", ("datawrapper.dwcdn.net", "www.datawrapper.de", "datawrapper.de"),
        _p(r"^(?:datawrapper\.dwcdn\.net/|(?:www\.)?datawrapper\.de/_/)(?P<id>[A-Za-z0-9]{5})(?:/[0-9]{1,3})?/?(?:[?#].*)?$"),
        "https://datawrapper.dwcdn.net/{id}/",
        "https://datawrapper.dwcdn.net",
        "https://api.datawrapper.de/v3/oembed",
        aspect="4 / 3",
    ),
    Provider(
        "flourish", "Flourish", "chart", ("public.flourish.studio", "flo.uri.sh"),
        _p(r"^(?:public\.flourish\.studio|flo\.uri\.sh)/(?P<id>(?:visualisation|story)/[0-9]{1,12})/?(?:embed)?(?:[?#].*)?$"),
        "https://flo.uri.sh/{id}/embed",
        "https://flo.uri.sh",
        "https://app.flourish.studio/api/v1/oembed",
        aspect="4 / 3",
    ),
)  # fmt: skip
# What a stored embed block (`<figure data-embed=…>`) carries; articles.sanitize keeps exactly these.
EMBED_BLOCK_ATTRIBUTES = {"data-embed", "data-embed-id", "data-embed-url", "data-embed-title"}
BY_NAME = {provider.name: provider for provider in PROVIDERS}
FRAME_SOURCES = [provider.frame_source for provider in PROVIDERS]
KIND_VERBS = {"video": "Play video", "post": "Show post", "audio": "Play audio", "chart": "Show chart"}


@dataclass(frozen=True)
class Embed:
    provider: Provider
    id: str
    url: str


def match(url):
    """The Embed a pasted link stands for, or None (an unknown or unsafe link stays a link)."""
    url = (url or "").strip()
    if not url or len(url) > 2000 or any(ch <= " " or ch in "<>\"'`\\" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or parts.username or parts.password or parts.port:
        return None
    host = (parts.hostname or "").lower()
    for provider in PROVIDERS:
        if host not in provider.hosts:
            continue
        found = provider.pattern.match(f"{host}{parts.path}{'?' + parts.query if parts.query else ''}")
        if found and SAFE_ID.match(found.group("id").replace("/", ":")):
            return Embed(provider, found.group("id"), url)
    return None


def embed_for_block(name, embed_id, url):
    """The Embed a stored block stands for, only when its URL still matches its provider and id."""
    embed = match(url)
    if embed is None or embed.provider.name != name or embed.id != embed_id:
        return None
    return embed
