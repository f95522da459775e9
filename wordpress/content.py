"""Turning WordPress post content into Newsroom body HTML.

WordPress stores posts as they were typed: paragraphs are blank lines (its
`wpautop` adds the <p> tags when the page is shown) and features are shortcodes
like `[caption]` or `[gallery]`, expanded by plugins at display time. Here:

1. `[caption]…[/caption]` becomes <figure><img><figcaption>;
2. every other shortcode is removed and counted; the text an enclosing
   shortcode wraps is kept, so a reader loses a widget, never words;
3. paragraphs are restored from line breaks as `wpautop` does (block-editor
   content already has its <p> tags and is left alone);
4. a video, post or chart link WordPress would have embedded (`[embed]URL[/embed]`, a
   URL alone on its line, a block-editor embed) becomes the body editor's embed block
   when the richmedia provider table knows it, else a plain link;
5. galleries, videos and audio (shortcodes and blocks) become placeholders that
   wordpress.attachments turns into richmedia's blocks once their files are stored
   (wordpress.media_markup);
6. the result goes through the editor's allowlist (`articles.sanitize`).

Which bracketed text is a shortcode? WordPress only expands registered ones and
the export does not say which were, while medical copy is full of "[1]" and
"[sic]". So a bracket is treated as a shortcode when its name is a known core or
common plugin shortcode, when it carries attributes (`[foo id="3"]`), when it
closes itself (`[foo /]`) or when a matching `[/foo]` follows. `[[foo]]` is
WordPress's escape for a literal `[foo]` and is kept as such.
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.text import Truncator

from richmedia import providers

from .media_markup import find_media

KNOWN_SHORTCODES = {
    "caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist",
    "contact-form", "contact-form-7", "contact_form", "wpforms", "gravityform", "ninja_form",
    "shortcode", "simple-social-share", "ad", "adsense", "tweet", "instagram", "youtube", "vimeo",
    "soundcloud", "googlemaps", "toc", "table", "button", "column", "one_half", "one_third", "row",
    "related", "related_posts", "sharethis", "mc4wp_form", "yoast-breadcrumb",
}  # fmt: skip
KNOWN_PREFIXES = ("vc_", "et_pb_", "su_", "fusion_", "av_", "cs_", "ux_", "tie_", "td_", "mk_", "bsf_")

# [name attrs] / [name attrs /] / [/name]; escaped [[...]] is caught first by the outer alternative.
SHORTCODE_TAG = re.compile(
    r"\[\[(?P<escaped>[^\[\]]*)\]\]"
    r"|\[(?P<closing>/)?(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\s[^\[\]]*?)?)\s*(?P<selfclose>/)?\]"
)
ATTRIBUTE = re.compile(r"""[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'\]]+)""")
CAPTION = re.compile(r"\[(?:wp_)?caption(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/(?:wp_)?caption\]", re.DOTALL | re.I)
CAPTION_ATTR = re.compile(r"""caption\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
IMG_OR_LINKED_IMG = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.I | re.DOTALL)
URL_PARAGRAPH = re.compile(r"<p>\s*(https?://[^\s<>\"']+)\s*</p>")
# The block editor's embed: <figure class="wp-block-embed …"><div class="wp-block-embed__wrapper">URL</div>…
BLOCK_EMBED = re.compile(
    r"<figure\b[^>]*\bwp-block-embed\b[^>]*>\s*<div\b[^>]*\bwp-block-embed__wrapper\b[^>]*>\s*"
    r"(?P<url>https?://[^\s<>\"']+)\s*</div>\s*(?:<figcaption\b[^>]*>(?P<caption>.*?)</figcaption>)?\s*</figure>",
    re.DOTALL | re.I,
)


@dataclass
class Converted:
    html: str
    shortcodes_removed: int
    # Placeholders for galleries, videos and audio (wordpress.media_markup), resolved with the post's files.
    media: dict = field(default_factory=dict)


def embed_block(url, caption=""):
    """The body editor's embed block for a link the provider table knows (richmedia), else None."""
    embed = providers.match(html.unescape(url))
    if embed is None:
        return None
    attributes = {"data-embed": embed.provider.name, "data-embed-id": embed.id, "data-embed-url": embed.url}
    attributes = " ".join(f'{name}="{html.escape(value, quote=True)}"' for name, value in attributes.items())
    inner = f"<figcaption>{caption.strip()}</figcaption>" if caption and caption.strip() else ""
    return f"<figure {attributes}>{inner}</figure>"


def _link(url):
    url = html.escape(html.unescape(url), quote=True)
    return f'<a href="{url}">{url}</a>'


def plain_text(value):
    """HTML or entity-laden text (titles, excerpts, captions) as one clean line of plain text."""
    text = html.unescape(strip_tags(html.unescape(value or "")))
    return re.sub(r"\s+", " ", text).strip()


def derive_dek(excerpt, body_html, *, words=40):
    """The excerpt as plain text, else the body's opening words: publishing needs a standfirst."""
    dek = plain_text(excerpt)
    if not dek:
        first = re.search(r"<p\b[^>]*>(.*?)</p>", body_html or "", re.DOTALL | re.I)
        dek = plain_text(first.group(1) if first else body_html)
        dek = Truncator(dek).words(words, truncate="…")
    return dek


def _captions_to_figures(text):
    def figure(match):
        inner = match.group("inner")
        image = IMG_OR_LINKED_IMG.search(inner)
        caption = ""
        attribute = CAPTION_ATTR.search(match.group("attrs"))
        if attribute:
            caption = attribute.group(1) or attribute.group(2) or ""
        if image:
            rest = (inner[: image.start()] + inner[image.end() :]).strip()
            caption = rest or caption
            image_html = image.group(0)
        else:
            image_html = ""
            caption = inner.strip() or caption
        caption_html = f"<figcaption>{caption.strip()}</figcaption>" if caption.strip() else ""
        return f"\n\n<figure>{image_html}{caption_html}</figure>\n\n"

    return CAPTION.sub(figure, text)


def _is_shortcode(match, text):
    name = match.group("name")
    lowered = name.lower()
    if lowered in KNOWN_SHORTCODES or lowered.startswith(KNOWN_PREFIXES):
        return True
    if match.group("closing"):
        return f"[{name}" in text[: match.start()]
    if match.group("selfclose") or ATTRIBUTE.search(match.group("attrs") or ""):
        return True
    return f"[/{name}]" in text[match.end() :]


def _remove_shortcodes(text):
    """Drop shortcode tags (keeping enclosed text; a lone embed URL becomes a link); count them."""
    removed = 0

    # [embed]URL[/embed] and [video]URL[/video]: an embed block, else the address as a link rather than bare text.
    def embed(match):
        nonlocal removed
        removed += 1
        return embed_block(match.group(2)) or _link(match.group(2))

    text = re.sub(r"\[(embed|video|audio)[^\]]*\]\s*(https?://[^\s\[\]<>\"']+)\s*\[/\1\]", embed, text, flags=re.I)

    def replace(match):
        nonlocal removed
        if match.group("escaped") is not None:
            return f"[{match.group('escaped')}]"
        if not _is_shortcode(match, text):
            return match.group(0)
        if not match.group("closing"):
            removed += 1
        return ""

    return SHORTCODE_TAG.sub(replace, text), removed


BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    r"blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|"
    r"nav|figure|figcaption|details|menu|summary)"
)
# Kept whole through autop: preformatted text, and the figures made from captions.
KEPT_BLOCKS = re.compile(r"<(pre|figure)\b.*?</\1>", re.DOTALL | re.I)


def autop(text):
    """A port of the core of WordPress's wpautop(): blank lines make paragraphs, single ones <br>."""
    if not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    saved = []

    def keep(match):
        saved.append(match.group(0))
        return f"<pre wp-pre-tag-{len(saved) - 1}></pre>"

    text = KEPT_BLOCKS.sub(keep, text)
    # Newlines inside tags (attributes split over lines) are not paragraph breaks.
    text = re.sub(r"<[^>]*>", lambda m: m.group(0).replace("\n", " "), text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = re.sub(rf"(<{BLOCKS}[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(rf"(</{BLOCKS}>)", r"\1\n\n", text, flags=re.I)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part.strip("\n") for part in re.split(r"\n\s*\n", text) if part.strip()]
    out = "".join(f"<p>{part}</p>\n" for part in paragraphs)
    out = re.sub(r"<p>\s*</p>", "", out)
    out = re.sub(rf"<p>\s*(</?{BLOCKS}[^>]*>)\s*</p>", r"\1", out, flags=re.I)
    out = re.sub(r"<p>(<li.+?)</p>", r"\1", out, flags=re.I)
    out = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", out, flags=re.I)
    out = re.sub(r"</blockquote></p>", "</p></blockquote>", out, flags=re.I)
    out = re.sub(rf"<p>\s*(</?{BLOCKS}[^>]*>)", r"\1", out, flags=re.I)
    out = re.sub(rf"(</?{BLOCKS}[^>]*>)\s*</p>", r"\1", out, flags=re.I)
    out = re.sub(r"(?<!<br />)\s*\n(?!$)", "<br />\n", out)
    out = re.sub(rf"(</?{BLOCKS}[^>]*>)\s*<br />", r"\1", out, flags=re.I)
    out = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", out, flags=re.I)
    out = out.replace("<br />\n</p>", "</p>").replace("\n</p>", "</p>")
    for index, block in enumerate(saved):
        out = out.replace(f"<pre wp-pre-tag-{index}></pre>", block)
    return out


def convert_content(raw):
    """Post content as typed in WordPress → Newsroom body HTML (before the allowlist)."""
    # Scripts and styles would go anyway (the allowlist drops them); removed first, they leave no stray <br>.
    text = re.sub(r"<(script|style)\b.*?</\1\s*>", "", raw or "", flags=re.DOTALL | re.I)
    text = _captions_to_figures(text)
    text = BLOCK_EMBED.sub(_block_editor_embed, text)
    found = find_media(text)
    text, removed = _remove_shortcodes(found.html)
    if "<!-- wp:" not in text:
        # Classic content: comments (<!--more-->, <!--nextpage-->) would leave empty paragraphs.
        text = autop(re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL))
    # WordPress turns a URL alone on its line into an embed: an embed block here too, or a plain link.
    text = URL_PARAGRAPH.sub(_link_paragraph, text)
    return Converted(html=text, shortcodes_removed=removed, media=found.blocks)


def _link_paragraph(match):
    return embed_block(match.group(1)) or f"<p>{_link(match.group(1))}</p>"


def _block_editor_embed(match):
    caption = match.group("caption") or ""
    block = embed_block(match.group("url"), caption)
    if block is not None:
        return block
    return f"<p>{_link(match.group('url'))}</p>" + (f"<p>{caption}</p>" if caption.strip() else "")
