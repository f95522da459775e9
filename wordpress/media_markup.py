"""Galleries, videos and audio in WordPress content, found and set aside for the post's files.

WordPress writes them three ways: shortcodes (`[gallery ids="1,2"]`, a bare `[gallery]` for
the pictures uploaded to the post, `[video mp4="…" poster="…"][/video]`, `[audio src="…"]`
or `[audio URL]`), block-editor blocks (`<!-- wp:gallery -->` around figures of images,
`<!-- wp:video -->` and `<!-- wp:audio -->` around a `<video>` or `<audio>` element), and in
the oldest posts `[video]URL[/video]`. Each becomes a placeholder figure and a description
(Gallery or Media) that wordpress.attachments turns into richmedia's gallery or media block
once its files are stored, or into plain links for what could not be had. This module only
reads text; it stores nothing. A link a provider embeds (a YouTube address in `[video]`)
is left to the embed handling of wordpress.content.
"""

import html
import re
import secrets
from dataclasses import dataclass, field

from richmedia import providers

VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "mov", "wmv", "flv")
AUDIO_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "wma")
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'\]>]+))""")
URL = r"https?://[^\s\[\]<>\"']+"

GALLERY_SHORTCODE = re.compile(r"(?<!\[)\[gallery(?P<attrs>(?:\s[^\[\]]*)?)\]", re.I)
# [video …]…[/video] or a lone [video …]; same for audio. `[audio URL]` names its file without a key.
MEDIA_SHORTCODE = re.compile(
    r"(?<!\[)\[(?P<kind>video|audio)(?P<attrs>(?:\s[^\[\]]*)?)\](?:(?P<inner>[^\[]*?)\[/(?P=kind)\])?", re.I
)
GALLERY_BLOCK = re.compile(r"<!--\s*wp:gallery\b.*?-->(?P<inner>.*?)<!--\s*/wp:gallery\s*-->", re.DOTALL | re.I)
MEDIA_BLOCK = re.compile(
    r"<!--\s*wp:(?P<kind>video|audio)\b.*?-->(?P<inner>.*?)<!--\s*/wp:(?P=kind)\s*-->", re.DOTALL | re.I
)
INNERMOST_FIGURE = re.compile(r"<figure\b[^>]*>(?P<inner>(?:(?!</?figure\b).)*)</figure>", re.DOTALL | re.I)
IMG = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.I)
FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(?P<caption>.*?)</figcaption>", re.DOTALL | re.I)
ELEMENT = re.compile(r"<(?P<tag>video|audio|source)\b(?P<attrs>[^>]*)>", re.I)
WP_IMAGE_ID = re.compile(r"\bwp-image-(\d+)\b")


@dataclass
class GalleryItem:
    url: str
    alt: str = ""
    caption: str = ""  # HTML, sanitised with the body


@dataclass
class Gallery:
    items: list = field(default_factory=list)  # GalleryItem, as a block gallery lists them
    ids: list = field(default_factory=list)  # attachment ids, as a shortcode names them
    caption: str = ""
    # A shortcode without ids shows the pictures uploaded to the post (attachments whose parent it is).
    of_post: bool = False


@dataclass
class Media:
    kind: str  # "video" or "audio"
    url: str
    poster: str = ""
    caption: str = ""


@dataclass
class Found:
    """Content with placeholders, and what each placeholder stands for."""

    html: str
    blocks: dict = field(default_factory=dict)  # placeholder key -> Gallery or Media
    nonce: str = field(default_factory=lambda: secrets.token_hex(6))

    def place(self, block):
        # A nonce in the key: a post that writes a placeholder of its own cannot name one of ours.
        key = f"{self.nonce}-{len(self.blocks)}"
        self.blocks[key] = block
        return f'\n\n<figure data-wp-block="{key}"></figure>\n\n'


PLACEHOLDER = re.compile(r'(?:<p>\s*)?<figure data-wp-block="(?P<key>[0-9a-f]+-[0-9]+)"></figure>(?:\s*</p>)?')


def attributes(text):
    """`key="value"` pairs of a shortcode or tag, keys lower-cased, values unescaped."""
    found = {}
    for key, double, single, bare in ATTRIBUTE.findall(text or ""):
        found.setdefault(key.lower(), html.unescape(double or single or bare).strip())
    return found


def find_media(raw):
    """Replace gallery, video and audio shortcodes and blocks in `raw` with placeholders (see Found)."""
    found = Found(html=raw or "")
    text = GALLERY_BLOCK.sub(lambda match: _gallery_block(found, match), found.html)
    text = MEDIA_BLOCK.sub(lambda match: _media_block(found, match), text)
    text = GALLERY_SHORTCODE.sub(lambda match: _gallery_shortcode(found, match), text)
    found.html = MEDIA_SHORTCODE.sub(lambda match: _media_shortcode(found, match), text)
    return found


def _gallery_shortcode(found, match):
    attrs = attributes(match.group("attrs"))
    ids = [part.strip() for part in (attrs.get("ids") or attrs.get("include") or "").split(",") if part.strip()]
    ids = [wp_id for wp_id in ids if wp_id.isdigit()]
    return found.place(Gallery(ids=ids, of_post=not ids))


def _gallery_block(found, match):
    inner = match.group("inner")
    gallery = Gallery()
    for figure in INNERMOST_FIGURE.finditer(inner):
        image = IMG.search(figure.group("inner"))
        if image is None:
            continue
        attrs = attributes(image.group("attrs"))
        caption = FIGCAPTION.search(figure.group("inner"))
        if attrs.get("src"):
            caption = caption.group("caption").strip() if caption else ""
            gallery.items.append(GalleryItem(url=attrs["src"], alt=attrs.get("alt", ""), caption=caption))
    # The gallery's own caption is the figcaption left once the pictures' figures are taken out.
    rest = FIGCAPTION.search(INNERMOST_FIGURE.sub("", inner))
    gallery.caption = rest.group("caption").strip() if rest else ""
    if not gallery.items:
        return match.group(0)
    return found.place(gallery)


def _media_shortcode(found, match):
    kind = match.group("kind").lower()
    attrs = attributes(match.group("attrs"))
    keys = VIDEO_SOURCES if kind == "video" else AUDIO_SOURCES
    url = next((attrs[key] for key in keys if attrs.get(key)), "")
    if not url:
        bare = re.search(URL, match.group("attrs") or "") or re.search(URL, match.group("inner") or "")
        url = html.unescape(bare.group(0)) if bare else ""
    if not url:
        return match.group(0)  # nothing to play: left to the shortcode removal
    if providers.match(url) is not None:
        return f"[embed]{html.escape(url)}[/embed]"  # a YouTube link in [video]: an embed, not our player
    return found.place(Media(kind=kind, url=url, poster=attrs.get("poster", "")))


def _media_block(found, match):
    kind = match.group("kind").lower()
    url = poster = ""
    for element in ELEMENT.finditer(match.group("inner")):
        attrs = attributes(element.group("attrs"))
        url = url or attrs.get("src", "")
        poster = poster or attrs.get("poster", "")
    if not url:
        return match.group(0)
    caption = FIGCAPTION.search(match.group("inner"))
    return found.place(
        Media(kind=kind, url=url, poster=poster, caption=caption.group("caption").strip() if caption else "")
    )
