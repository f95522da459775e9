"""What a new import may change in an article that exists: a three-way merge, field by field.

The import remembers a digest of each field as it last wrote it (ImportedPost.imported_values).
On a later run a field takes WordPress's new value only if Newsroom has left it as imported;
a field changed on both sides keeps Newsroom's value and is reported as a conflict; a field
changed in Newsroom only is left alone without a word. State and publication time are the
workflow's and are no part of it: the import never changes them for an article that exists.
"""

import hashlib
import json
from dataclasses import dataclass, field


def digest(value):
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:32]


def current_values(article):
    """An article's merged fields as it holds them now, each a JSON-able value."""
    return {
        "title": article.title,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "section": article.section_id,
        "hero": [article.hero_image.name or "", article.hero_alt, article.hero_caption],
        "tags": sorted(article.tags.values_list("pk", flat=True)),
        "authors": list(article.bylines.order_by("position", "id").values_list("author_id", flat=True)),
    }


def baseline(values):
    """What to remember of the values just written (or found equal)."""
    return {name: digest(value) for name, value in values.items()}


@dataclass
class Merge:
    apply: dict = field(default_factory=dict)  # field -> WordPress's new value
    conflicts: list = field(default_factory=list)  # fields changed on both sides: Newsroom's value kept
    remembered: dict = field(default_factory=dict)  # the next baseline


def merge(*, current, wanted, remembered):
    """Decide for each field of `current`; `wanted` may leave one out (nothing known, e.g. a hero file not found).

    With nothing remembered (an article imported before digests were kept) any field that
    differs is a conflict: who changed it cannot be known, and Newsroom's copy wins.
    """
    result = Merge(remembered=dict(remembered or {}))
    for name in current:
        if name not in wanted:
            continue
        now, new = digest(current[name]), digest(wanted[name])
        base = (remembered or {}).get(name)
        result.remembered[name] = new
        if now == new or base == new:
            continue  # already equal, or only Newsroom changed it
        if base == now:
            result.apply[name] = wanted[name]
        else:
            result.conflicts.append(name)
    return result
