"""Plain text in, safe highlighted HTML out: the two ends of the search index."""

import re
from html import unescape
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Private-use characters the engines put around matched words (FTS5 snippet(),
# PostgreSQL ts_headline). They are removed from indexed text, so only the engine
# can produce them, and are turned into <mark> only after the text is escaped.
MARK_START = "\ue000"
MARK_END = "\ue001"

# Elements whose end separates words ("<p>a</p><p>b</p>" is "a b", not "ab").
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "figure", "figcaption", "table", "tr", "td", "th", "section", "article", "aside", "hr", "pre",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "template"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")
_SPACES = re.compile(r"\s+")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self._skipping = max(self._skipping - 1, 0)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def clean_text(text):
    """Text without control characters or highlight markers, whitespace collapsed."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", text or "")).strip()


def html_to_text(html):
    """The words of an HTML fragment: tags dropped, entities decoded, blocks kept apart."""
    if not html:
        return ""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return clean_text(unescape("".join(parser.parts)))


def highlight_html(fragment):
    """An engine's marked-up fragment as safe HTML: escaped, markers turned into <mark>.

    A fragment whose markers do not pair up (cut by a length limit) loses them all
    rather than leaving an unclosed element.
    """
    fragment = fragment or ""
    if fragment.count(MARK_START) != fragment.count(MARK_END):
        fragment = fragment.replace(MARK_START, "").replace(MARK_END, "")
    escaped = str(escape(fragment))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


def has_highlight(fragment):
    return bool(fragment) and MARK_START in fragment
