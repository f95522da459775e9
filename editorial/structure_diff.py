"""A body diff that shows structure: headings, list items, quotes, figures, table rows, and inline formatting.

The body is read as a sequence of blocks, each a kind ("Heading 2", "Paragraph", …) and its words,
every word carrying its inline marks (bold, italic, a link and its address). Blocks are matched
with difflib; inside a changed block the words are compared with their marks, so a lost heading,
a word made bold or a link pointed elsewhere each show. The result is built only from escaped text
and our own tags: the stored HTML is parsed, never passed through.
"""

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

TOKEN = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]", re.UNICODE)
SPACES = re.compile(r"\s+")
WORDS = re.compile(r"\w+", re.UNICODE)

HEADINGS = {"h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3", "h4": "Heading 4", "h5": "Heading 5"}
TEXT_BLOCKS = {"p": "Paragraph", "figcaption": "Caption", "caption": "Table caption", "pre": "Code block", **HEADINGS}
# Tags that end the block before them: a new block begins inside or after them.
BLOCK_TAGS = {*TEXT_BLOCKS, "li", "blockquote", "tr", "figure", "ul", "ol", "table", "thead", "tbody", "tfoot", "div"}
MARK_TAGS = {
    "strong": "bold",
    "b": "bold",
    "em": "italic",
    "i": "italic",
    "u": "underlined",
    "s": "struck through",
    "sub": "subscript",
    "sup": "superscript",
    "code": "code",
}
# How each mark is shown: our own tags, never the stored ones.
MARK_RENDER = {
    "bold": "strong",
    "italic": "em",
    "underlined": "u",
    "struck through": "s",
    "subscript": "sub",
    "superscript": "sup",
    "code": "code",
}
SILENT_TAGS = {"script", "style", "template", "noscript", "title"}
LINK = "link to "  # a mark naming a link's address


@dataclass(frozen=True)
class Block:
    kind: str
    tokens: tuple  # ((text, marks), …); marks a sorted tuple of strings
    detail: str = ""  # an image's or embed's address

    @property
    def text(self):
        return "".join(text for text, _ in self.tokens)


class BlockReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.stack, self.tokens = [], [], []

    # --- where we are -----------------------------------------------------------------

    def kind(self):
        for index in range(len(self.stack) - 1, -1, -1):
            tag = self.stack[index][0]
            if tag in TEXT_BLOCKS:
                inside_quote = tag == "p" and any(t == "blockquote" for t, _ in self.stack[:index])
                return "Quote" if inside_quote else TEXT_BLOCKS[tag]
            if tag == "li":
                parent = next((t for t, _ in reversed(self.stack[:index]) if t in {"ul", "ol"}), "ul")
                return "Numbered item" if parent == "ol" else "Bulleted item"
            if tag == "tr":
                return "Table row"
            if tag == "blockquote":
                return "Quote"
        return "Text"

    def marks(self):
        marks = set()
        for tag, attrs in self.stack:
            if tag in MARK_TAGS and not (tag == "code" and any(t == "pre" for t, _ in self.stack)):
                marks.add(MARK_TAGS[tag])
            elif tag == "a":
                marks.add(LINK + (attrs.get("href") or "nowhere"))
        return tuple(sorted(marks))

    def flush(self):
        tokens = self.tokens
        while tokens and tokens[0][0].isspace():
            tokens.pop(0)
        while tokens and tokens[-1][0].isspace():
            tokens.pop()
        if tokens:
            self.blocks.append(Block(self.kind(), tuple(tokens)))
        self.tokens = []

    # --- the parser's calls -------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag in BLOCK_TAGS:
            self.flush()
        if tag == "img":
            self.flush()
            alt = attrs.get("alt", "")
            self.blocks.append(Block("Image", tuple((t, ()) for t in TOKEN.findall(alt)), attrs.get("src", "")))
            return
        if tag == "hr":
            self.flush()
            self.blocks.append(Block("Rule", ()))
            return
        if tag == "br":
            self.tokens.append(("\n", self.marks()))
            return
        if tag == "figure" and (attrs.get("data-embed") or attrs.get("data-media")):
            title = attrs.get("data-embed-title", "") or f"media file {attrs.get('data-media', '')}"
            where = attrs.get("data-embed-url", "") or attrs.get("data-embed", "")
            self.blocks.append(Block("Embed", tuple((t, ()) for t in TOKEN.findall(title)), where))
        if tag in {"td", "th"} and self.tokens:
            self.tokens.append((" | ", ()))
        if tag in {"wbr", "source", "col", "area", "input", "meta", "link"}:
            return
        self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not any(t == tag for t, _ in self.stack):
            return  # a stray closing tag
        if tag in BLOCK_TAGS:
            self.flush()
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if any(tag in SILENT_TAGS for tag, _ in self.stack):
            return
        if not any(tag == "pre" for tag, _ in self.stack):
            data = SPACES.sub(" ", data)
        marks = self.marks()
        self.tokens.extend((token, marks) for token in TOKEN.findall(data))

    def close(self):
        super().close()
        self.flush()


def blocks_of(body_html):
    """The body as a list of Blocks."""
    reader = BlockReader()
    reader.feed(body_html or "")
    reader.close()
    return reader.blocks


# --- Rendering ----------------------------------------------------------------------------


def render_tokens(tokens):
    """Words with their marks, as our own tags around escaped text; a link shows its address."""
    parts = []
    index = 0
    while index < len(tokens):
        marks = tokens[index][1]
        end = index
        while end < len(tokens) and tokens[end][1] == marks:
            end += 1
        text = "".join(t for t, _ in tokens[index:end])
        piece = escape(text).replace("\n", "<br>")
        for mark in marks:
            if mark in MARK_RENDER:
                piece = f"<{MARK_RENDER[mark]}>{piece}</{MARK_RENDER[mark]}>"
        for mark in marks:
            if mark.startswith(LINK):
                piece = format_html(
                    '<span class="diff-link">{}</span> <span class="diff-href">[{}]</span>',
                    mark_safe(piece),  # noqa: S308 - escaped above, wrapped in our own tags
                    mark[len(LINK) :],
                )
        parts.append(str(piece))
        index = end
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped text in our own tags


def describe(marks):
    return ", ".join(marks) if marks else "plain"


def formatting_note(removed, added):
    """For words whose text stayed and whose marks changed: what the marks were and are."""
    before = sorted({describe(marks) for text, marks in removed if text.strip()})
    after = sorted({describe(marks) for text, marks in added if text.strip()})
    return f"formatting: was {'; '.join(before) or 'plain'}, now {'; '.join(after) or 'plain'}"


def inline_diff(old_tokens, new_tokens):
    """Two blocks' words compared with their marks: <del>/<ins> for words, a note for formatting alone."""
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments = [[op != "equal", old_tokens[i1:i2], new_tokens[j1:j2]] for op, i1, i2, j1, j2 in matcher.get_opcodes()]
    # A lone space between two changes joins them: a rewritten phrase reads as one change.
    for index in range(1, len(segments) - 1):
        segment = segments[index]
        joins = segments[index - 1][0] and segments[index + 1][0]
        if not segment[0] and joins and "".join(t for t, _ in segment[1]).isspace():
            segment[0] = True
    merged = []
    for segment in segments:
        if merged and segment[0] and merged[-1][0]:
            merged[-1][1] += segment[1]
            merged[-1][2] += segment[2]
        else:
            merged.append(list(segment))
    parts = []
    for is_change, removed, added in merged:
        if not is_change:
            parts.append(render_tokens(added))
        elif removed and added and "".join(t for t, _ in removed) == "".join(t for t, _ in added):
            parts.append(
                format_html(
                    '<span class="diff-format">{}</span> <span class="diff-note">({})</span>',
                    render_tokens(added),
                    formatting_note(removed, added),
                )
            )
        else:
            if removed:
                parts.append(format_html("<del>{}</del>", render_tokens(removed)))
            if added:
                parts.append(format_html("<ins>{}</ins>", render_tokens(added)))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - built from escaped pieces


def _kind_class(kind):
    return "diff-" + kind.lower().replace(" ", "-")


def render_block(old, new):
    """One row of the body diff: a block removed, added, changed or left as it was."""
    if old is None or new is None:
        block, state = (old, "removed") if new is None else (new, "added")
        wrap = "<del>{}</del>" if new is None else "<ins>{}</ins>"
        kind, shape = f"{block.kind} {state}", block.kind
        content = format_html(wrap, render_tokens(block.tokens))
        detail = format_html(wrap, block.detail) if block.detail else ""
    else:
        state = "same" if old == new else "changed"
        kind = new.kind if old.kind == new.kind else f"{old.kind} → {new.kind}"
        shape = new.kind
        content = render_tokens(new.tokens) if old == new else inline_diff(old.tokens, new.tokens)
        if old.detail == new.detail:
            detail = new.detail
        else:
            detail = format_html("<del>{}</del> → <ins>{}</ins>", old.detail, new.detail)
    detail_html = format_html(' <span class="diff-href">[{}]</span>', detail) if detail else ""
    return format_html(
        '<div class="diff-block diff-{} {}"><span class="diff-kind">{}</span> '
        '<span class="diff-text">{}</span>{}</div>',
        state,
        _kind_class(shape),
        kind,
        content,
        detail_html,
    )


def _similarity(old, new):
    if not old.text.strip() and not new.text.strip():
        return 1.0 if old.kind == new.kind else 0.0
    # Words only: shared spaces and full stops make no two sentences alike.
    a, b = WORDS.findall(old.text.lower()), WORDS.findall(new.text.lower())
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def align(old_blocks, new_blocks, threshold=0.5):
    """Pairs (old, new) of a changed stretch, in order, facing the most alike blocks; the rest stand alone.

    The best pairing overall, not the first alike pair: a heading typed into the paragraph below
    must not be taken for that paragraph.
    """
    n, m = len(old_blocks), len(new_blocks)
    if n * m > 2500:  # a rewritten body: compare it in order rather than every block with every other
        return list(zip(old_blocks, [None] * n, strict=True)) + [(None, new) for new in new_blocks]
    alike = [[_similarity(old, new) for new in new_blocks] for old in old_blocks]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            pair = alike[i - 1][j - 1]
            paired = score[i - 1][j - 1] + pair if pair >= threshold else -1.0
            score[i][j] = max(score[i - 1][j], score[i][j - 1], paired)
    pairs, i, j = [], n, m
    while i or j:
        pair = alike[i - 1][j - 1] if i and j else 0.0
        if i and j and pair >= threshold and score[i][j] == score[i - 1][j - 1] + pair:
            pairs.append((old_blocks[i - 1], new_blocks[j - 1]))
            i, j = i - 1, j - 1
        elif j and (not i or score[i][j] == score[i][j - 1]):
            pairs.append((None, new_blocks[j - 1]))  # walking back: an addition is read after a removal
            j -= 1
        else:
            pairs.append((old_blocks[i - 1], None))
            i -= 1
    return pairs[::-1]


def body_diff(old_html, new_html, context=1):
    """The body's change as HTML rows of blocks, with `context` unchanged blocks around each change.

    Empty when the two bodies read the same block by block (the markup may still differ).
    """
    old_blocks, new_blocks = blocks_of(old_html), blocks_of(new_html)
    if old_blocks == new_blocks:
        return ""
    matcher = difflib.SequenceMatcher(None, old_blocks, new_blocks, autojunk=False)
    pairs = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs.extend(zip(old_blocks[i1:i2], new_blocks[j1:j2], strict=True))
        else:
            pairs.extend(align(old_blocks[i1:i2], new_blocks[j1:j2]))
    changed = [index for index, (old, new) in enumerate(pairs) if old != new]
    shown = {index + step for index in changed for step in range(-context, context + 1)}
    rows, skipped = [], 0
    for index, (old, new) in enumerate(pairs):
        if index not in shown:
            skipped += 1
            continue
        if skipped:
            rows.append(_skipped(skipped))
            skipped = 0
        rows.append(render_block(old, new))
    if skipped:
        rows.append(_skipped(skipped))
    return format_html('<div class="structure-diff">{}</div>', mark_safe("".join(str(row) for row in rows)))  # noqa: S308


def _skipped(count):
    return format_html('<p class="diff-skipped">… {} unchanged block{} …</p>', count, "" if count == 1 else "s")
