"""The one allowlist for article HTML, applied on every save and import, and the body as readers get it."""

import re
from html.parser import HTMLParser

import nh3
from django.core.exceptions import ValidationError

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "hr",
    "code",
    "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    # Embed blocks (richmedia): provider, id, original link and title, rendered as a facade on save;
    # a gallery block (richmedia) is a figure of figures marked data-gallery; a media block names our own
    # video or audio file (richmedia.MediaFile) by its number.
    "figure": {"data-embed", "data-embed-id", "data-embed-url", "data-embed-title", "data-gallery", "data-media"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# A table's caption becomes a paragraph above it: the body editor has no caption node, and a
# caption it could not hold would be lost the first time the story is edited.
_TABLE_CAPTION = re.compile(r"(<table\b[^>]*>)(\s*)<caption\b[^>]*>(.*?)</caption>", re.IGNORECASE | re.DOTALL)


def _caption_above_table(html):
    return _TABLE_CAPTION.sub(lambda found: f"<p>{found.group(3)}</p>{found.group(1)}{found.group(2)}", html)


def sanitize_html(html):
    """Strip everything outside the allowlist; outside links get rel="noopener noreferrer"."""
    if not html:
        return ""
    return nh3.clean(
        _caption_above_table(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        clean_content_tags={"script", "style"},
        attribute_filter=_filter_attribute,
    )


# Dropped with their content and without a word: never shown to readers, or the document's own wrappers.
SILENT_TAGS = {"script", "style", "template", "noscript", "head", "title", "meta", "link", "html", "body"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _LossFinder(HTMLParser):
    """Walks submitted HTML and notes what sanitize_html() would take from a reader.

    Text inside an element outside the allowlist loses that element (a `<sup>` the site did not
    keep turns 10<sup>6</sup> into 106), and an image whose address is refused loses the picture.
    Scripts, styles, event handlers and attributes go silently: readers never saw them.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open_tags = []
        self.losses = {}

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            src = dict(attrs).get("src")
            if src and not safe_image_src(src):
                self.losses.setdefault("img", f"an image whose address is not allowed ({_excerpt(src)})")
        if tag not in VOID_TAGS:
            self.open_tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.open_tags and self.open_tags[-1] == tag:
            self.open_tags.pop()

    def handle_endtag(self, tag):
        if tag in self.open_tags:
            while self.open_tags.pop() != tag:
                pass

    def handle_data(self, data):
        text = " ".join(data.split())
        if not text or any(tag in SILENT_TAGS for tag in self.open_tags):
            return
        dropped = next((tag for tag in reversed(self.open_tags) if tag not in ALLOWED_TAGS), None)
        if dropped is not None:
            self.losses.setdefault(dropped, f"<{dropped}> around “{_excerpt(text)}”")


def _excerpt(text, length=40):
    return text if len(text) <= length else text[: length - 1] + "…"


def lost_in_sanitizing(html):
    """What readers would not get of `html` once sanitized: one description per element, in order of appearance.

    Empty when sanitizing only removes what readers never see (scripts, styles, event handlers).
    """
    if not html:
        return []
    finder = _LossFinder()
    finder.feed(_caption_above_table(html))
    finder.close()
    return list(finder.losses.values())


def validate_nothing_lost(html):
    """Refuse a submitted body that sanitizing would silently cut: the message names what would go."""
    losses = lost_in_sanitizing(html)
    if losses:
        raise ValidationError(
            "Not saved: the site cannot keep %(losses)s, so readers would not see it as written. "
            "Use the editor's own formatting (or plain text) there and save again.",
            code="lossy_html",
            params={"losses": "; ".join(losses)},
        )


# Functions from sanitised body HTML to the HTML readers get (images registers its responsive
# pictures from its AppConfig.ready(): articles does not import images).
_body_transformers = []


def use_body_transformer(transform):
    """Apply `transform(html) -> html` to every stored body from now on (once per function)."""
    if transform not in _body_transformers:
        _body_transformers.append(transform)


def render_body(sanitized_html):
    """The reader's HTML for a body already passed through sanitize_html(): what Article.body_html stores."""
    html = sanitized_html or ""
    for transform in _body_transformers:
        html = str(transform(html))
    return html


def _filter_attribute(tag, attribute, value):
    """Images come from this site (a `/path`) or an http(s) address; any other `src` is dropped."""
    if tag == "img" and attribute == "src":
        return value if safe_image_src(value) else None
    return value


def safe_image_src(src):
    """True for a same-site path (`/media/…`, an imported `/…`; never `//host`, `..` or `\\`) and http(s) addresses.

    Bare relative names, `data:`, `javascript:`, `mailto:` and protocol-relative addresses are refused.
    """
    src = (src or "").strip()
    if src.startswith("/") and not src.startswith("//") and "\\" not in src and ".." not in src:
        return True
    return bool(safe_link(src))


def safe_link(url):
    """`url` if it is an http(s) address, else "": a stored link can never be javascript:, data: or the like.

    Browsers ignore tabs, newlines and leading control characters in a scheme, so those are
    dropped before the scheme is read; the stored value keeps its outer whitespace trimmed.
    """
    url = (url or "").strip()
    scheme = "".join(ch for ch in url.split(":", 1)[0] if ch > " ").lower() if ":" in url else ""
    if not url or scheme not in {"http", "https"}:
        return ""
    return url


# Leading tags (quoted attribute values included: they may hold ">") and white space. Where this
# stops short of the end, the HTML has text: found at its first word, where strip_tags() would
# parse the whole of it (the article list checks each row's body).
_NO_TEXT = re.compile(r"""(?:\s+|<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>)*""")


def says_something(html):
    """Does this HTML show a reader anything: text outside its tags, or a picture?"""
    return "<img" in html or _NO_TEXT.match(html).end() < len(html)
