"""Embed blocks in a stored body become privacy-preserving facades (Article.body_html).

The editor stores an embed as structured data on a small element the sanitizer keeps:
`<figure data-embed="youtube" data-embed-id="…" data-embed-url="…" data-embed-title="…">`
with an optional `<figcaption>`. When a body is stored (registered with articles.sanitize in
RichMediaConfig.ready()) each block is checked against the provider table again and replaced
by a facade: a plain link to the original with the title and provider, which the reader's
script (static richmedia/embed.js) turns into the provider's player only when pressed. A block
whose link does not match its provider and id becomes a plain link (or nothing, if the link is
not http(s)); the player address is always built from the provider table.
"""

import html
import re

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.sanitize import safe_link

from . import oembed, providers

# Sanitised output (nh3) writes double-quoted attributes with `"` and `<` escaped inside them.
EMBED_BLOCK = re.compile(r"<figure\b(?P<attributes>[^>]*\bdata-embed=\"[^>]*)>(?P<content>.*?)</figure>", re.DOTALL)
ATTRIBUTE = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?')
CAPTION = re.compile(r"<figcaption>(?P<caption>.*?)</figcaption>", re.DOTALL)
# Facade and player boxes keep the provider's shape through a class (no inline styles under the CSP).
ASPECT_CLASSES = {"16 / 9": "wide", "4 / 3": "chart", "4 / 5": "post", "9 / 16": "tall", "16 / 5": "strip"}


def _attributes(text):
    return {key.lower(): html.unescape(value or "") for key, value in ATTRIBUTE.findall(text)}


def _render(match):
    attributes = _attributes(match.group("attributes"))
    caption = CAPTION.search(match.group("content"))
    caption = mark_safe(caption.group("caption").strip()) if caption else ""  # noqa: S308 - sanitised on save
    url = attributes.get("data-embed-url", "")
    title = " ".join(attributes.get("data-embed-title", "").split())[: oembed.MAX_TITLE_LENGTH]
    embed = providers.embed_for_block(attributes.get("data-embed", ""), attributes.get("data-embed-id", ""), url)
    if embed is None:
        return render_to_string(
            "richmedia/unknown_embed.html", {"url": safe_link(url), "title": title, "caption": caption}
        )
    provider = embed.provider
    return render_to_string(
        "richmedia/embed.html",
        {
            "embed": embed,
            "provider": provider,
            "title": title or oembed.title_for(embed) or embed.url,
            "caption": caption,
            "player_url": provider.player_url(embed.id),
            "shape": ASPECT_CLASSES.get(provider.aspect, "wide"),
            "verb": providers.KIND_VERBS[provider.kind],
        },
    ).strip()


def render_blocks(body):
    """`body` (sanitised article HTML) with every embed block as its facade."""
    if not body or "data-embed" not in body:
        return body or ""
    return mark_safe(EMBED_BLOCK.sub(_render, str(body)))  # noqa: S308 - sanitised body, escaped replacements
