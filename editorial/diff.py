"""Readable differences between two revisions, as escaped HTML with <ins>/<del>.

Text fields are compared word by word, the body block by block (structure_diff), lists
(tags, byline) item by item, and dates, states and choices as whole values in readable form.
"""

import datetime
import difflib
import html
import re

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe

from articles.models import Status

from .structure_diff import body_diff

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
    ("authors", "Byline"),
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
# Fields shown as whole values (an address, a choice, a date), never word by word.
WHOLE_VALUES = {"slug", "section", "hero_image", "source_url", "original_reporting", "disclaimer", "reviewed_by"}
WHOLE_VALUES |= {"status", "published_at", "last_reviewed", "kind"}
LISTS = {"tags", "authors"}
STATUS_LABELS = dict(Status.choices)


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
    if name == "published_at":
        return readable_moment(value)
    if name == "last_reviewed":
        day = parse_date(str(value))
        return date_format(day, "j M Y") if day else str(value)
    if name == "status":
        return STATUS_LABELS.get(value, str(value).replace("_", " ").capitalize())
    return str(value)


def readable_moment(value):
    """An ISO time as "4 Dec 2026, 09:30 UTC": the site's time zone, named."""
    moment = value if isinstance(value, datetime.datetime) else parse_datetime(str(value))
    if moment is None:
        return str(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return date_format(timezone.localtime(moment), "j M Y, H:i T")


def list_items(name, value):
    if not value:
        return []
    if name == "authors":
        return [ref.get("name", "") for ref in value]
    return list(value)


def list_diff(old_items, new_items):
    """Two lists item by item: removed items in <del>, added in <ins>, kept ones plain."""
    parts = []
    matcher = difflib.SequenceMatcher(None, old_items, new_items, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts += [escape(item) for item in old_items[i1:i2]]
            continue
        parts += [format_html("<del>{}</del>", item) for item in old_items[i1:i2]]
        parts += [format_html("<ins>{}</ins>", item) for item in new_items[j1:j2]]
    return mark_safe(", ".join(str(part) for part in parts))  # noqa: S308 - every item is escaped


def whole_value_diff(old, new):
    """A value replaced as a whole: "<del>old</del> → <ins>new</ins>", or one side when the other is empty."""
    if not old:
        return format_html("<ins>{}</ins>", new)
    if not new:
        return format_html("<del>{}</del> (removed)", old)
    return format_html("<del>{}</del> → <ins>{}</ins>", old, new)


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


def field_diff(name, old_raw, new_raw):
    """One field's change as HTML, in the form that reads best for that kind of field."""
    if name == "body":
        # Block by block with inline formatting; markup the blocks do not show (an attribute) as markup.
        return body_diff(old_raw, new_raw) or word_diff(old_raw or "", new_raw or "")
    if name in LISTS:
        return list_diff(list_items(name, old_raw), list_items(name, new_raw))
    old, new = display_value(name, old_raw), display_value(name, new_raw)
    if name in WHOLE_VALUES:
        return whole_value_diff(old, new)
    return word_diff(old, new)


def compare(old_snapshot, new_snapshot, labels=FIELD_LABELS):
    """Rows of (label, diff html) for every field that differs between two snapshots."""
    rows = []
    for name, label in labels:
        old_raw, new_raw = old_snapshot.get(name), new_snapshot.get(name)
        if old_raw != new_raw:
            rows.append((label, field_diff(name, old_raw, new_raw)))
    return rows


def changed_labels(old_snapshot, new_snapshot, labels=FIELD_LABELS):
    """Which fields changed, in words, for the revision list."""
    return [label for name, label in labels if old_snapshot.get(name) != new_snapshot.get(name)]
