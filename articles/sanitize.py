"""The one allowlist for article HTML, applied on every save and import, and the body as readers get it."""

import nh3

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
    "caption",
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
    # Embed blocks (richmedia): provider, id, original link and title, rendered as a facade on save.
    "figure": {"data-embed", "data-embed-id", "data-embed-url", "data-embed-title"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html):
    """Strip everything outside the allowlist; outside links get rel="noopener noreferrer"."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        clean_content_tags={"script", "style"},
        attribute_filter=_filter_attribute,
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
