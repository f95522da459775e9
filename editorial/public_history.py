"""The public change history of a story: what readers saw change after it was published.

Built from the revisions (editorial's own record), reduced to what a reader sees: the
headline, the standfirst, the text, the byline and the source. Internal fields (workflow
state, review dates, image files) are never shown, and a revision that changed none of the
reader's fields is not a version. Editors may mark an edit minor; minor versions are listed
folded away.
"""

import difflib
from dataclasses import dataclass
from datetime import datetime
from itertools import zip_longest

from django.utils.dateparse import parse_datetime

from . import diff
from .models import Revision

READER_FIELDS = [
    ("title", "Headline"),
    ("dek", "Standfirst"),
    ("body", "Text"),
    ("authors", "Byline"),
    ("source_name", "Source"),
    ("source_note", "Source note"),
]


@dataclass(frozen=True)
class PublicVersion:
    number: int
    at: datetime
    minor: bool
    rows: list  # (label, [diff html of each changed paragraph])
    # Not shown, nor anything before it: an editor withheld it (a legal, privacy or safety removal),
    # or the story was taken down and changed before it came back.
    withheld: bool = False


def reader_view(snapshot):
    return {name: diff.display_value(name, snapshot.get(name)) for name, _ in READER_FIELDS}


def _was_public(revision):
    """The revision is of the story as readers could see it (published, and its time had come)."""
    snapshot = revision.snapshot
    published_at = parse_datetime(snapshot.get("published_at") or "")
    return snapshot.get("status") == "published" and published_at is not None and published_at <= revision.created_at


def published_versions(article):
    """The versions readers saw after the first publication, newest first (the first is not a change).

    A withheld change hides itself and every change before it: earlier diffs may show the
    withheld words as they were added.
    """
    revisions = Revision.objects.filter(article=article).order_by("number")
    revisions = revisions.only("number", "created_at", "minor", "withheld", "snapshot")
    versions, seen, before, taken_down = [], None, None, False
    for revision in revisions:
        if not _was_public(revision):
            before = revision
            taken_down = seen is not None  # changed while readers could not see it
            continue
        current = reader_view(revision.snapshot)
        if seen is None and before is not None:
            # A publish writes no revision: readers first saw the content of the revision before it.
            seen = reader_view(before.snapshot)
        if seen is not None and (revision.withheld or (taken_down and current != seen)):
            versions = [PublicVersion(revision.number, revision.created_at, False, [], withheld=True)]
        elif seen is not None and current != seen:
            rows = [
                (label, changed_paragraphs(seen[name], current[name]))
                for name, label in READER_FIELDS
                if seen[name] != current[name]
            ]
            versions.append(PublicVersion(revision.number, revision.created_at, revision.minor, rows))
        seen, taken_down = current, False
    return versions[::-1]


def changed_paragraphs(old, new):
    """Only the paragraphs that changed, each as a word diff: a one-word fix shows one paragraph."""
    before = [line.strip() for line in old.splitlines() if line.strip()]
    after = [line.strip() for line in new.splitlines() if line.strip()]
    changed = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for removed, added in zip_longest(before[i1:i2], after[j1:j2], fillvalue=""):
            changed.append(diff.word_diff(removed, added))
    return changed
