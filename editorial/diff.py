"""Readable, word-level differences between two revisions, as escaped HTML with <ins>/<del>."""

import difflib
import html
import re

from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe

# Words, runs of spaces and single punctuation marks: a changed comma does not mark the whole word.
TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
BLOCK_END = re.compile(r"(?i)</(p|h[1-6]|li|blockquote|tr|figcaption)>|<br\s*/?>")

FIELD_LABELS = [
    ("title", "Title"),
    ("slug", "Slug"),
    ("dek", "Standfirst"),
    ("body", "Body"),
    ("section", "Section"),
    ("tags", "Tags"),
    ("authors", "Authors"),
    ("hero_image", "Hero image"),
    ("hero_alt", "Hero alt text"),
    ("hero_caption", "Hero caption"),
    ("hero_credit", "Hero credit"),
    ("source_name", "Source"),
    ("source_url", "Source link"),
    ("source_note", "Source note"),
    ("original_reporting", "Original reporting"),
    ("disclaimer", "Disclaimer"),
    ("reviewed_by", "Medically reviewed by"),
    ("last_reviewed", "Last reviewed"),
    ("status", "Status"),
    ("published_at", "Publication time"),
]


def body_text(body_html):
    """The body as a reader sees it: one paragraph per line, tags dropped, entities decoded."""
    text = BLOCK_END.sub("\n", body_html or "")
    return html.unescape(strip_tags(text)).strip()


def display_value(name, value):
    """A snapshot value as one line of plain text."""
    if value is None or value == "":
        return ""
    if name in {"section", "disclaimer", "reviewed_by"}:
        return value.get("name", "")
    if name == "authors":
        return ", ".join(ref.get("name", "") for ref in value)
    if name == "tags":
        return ", ".join(value)
    if name == "original_reporting":
        return "yes" if value else "no"
    if name == "body":
        return body_text(value)
    return str(value)


def word_diff(old, new):
    """`old` → `new` as escaped HTML: removed words in <del>, added words in <ins>.

    A lone space between two changes joins them, so a rewritten phrase reads as one
    deletion and one insertion rather than alternating word by word.
    """
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    segments = []  # [is_change, old text, new text]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        segments.append([op != "equal", "".join(a[i1:i2]), "".join(b[j1:j2])])
    for index in range(1, len(segments) - 1):
        segment = segments[index]
        if not segment[0] and segment[1].isspace() and segments[index - 1][0] and segments[index + 1][0]:
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
            parts.append(escape(removed))
            continue
        if removed:
            parts.append(format_html("<del>{}</del>", removed))
        if added:
            parts.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def compare(old_snapshot, new_snapshot, labels=FIELD_LABELS):
    """Rows of (label, diff html) for every field that differs between two snapshots."""
    rows = []
    for name, label in labels:
        old_raw, new_raw = old_snapshot.get(name), new_snapshot.get(name)
        if old_raw == new_raw:
            continue
        old, new = display_value(name, old_raw), display_value(name, new_raw)
        if name == "body" and old == new:
            # Same words, different markup (a link, bold, a heading): show the markup itself.
            label, old, new = "Body (formatting and links)", old_raw or "", new_raw or ""
        rows.append((label, word_diff(old, new)))
    return rows


def changed_labels(old_snapshot, new_snapshot, labels=FIELD_LABELS):
    """Which fields changed, in words, for the revision list."""
    return [label for name, label in labels if old_snapshot.get(name) != new_snapshot.get(name)]
