"""Revisions of the standing pages (About, the policies): recorded at each admin save, compared, restored.

The same idea as the articles' revisions (services.py), for a smaller model: a snapshot of
what an editor writes, numbered per page. Status is shown but never restored: publishing a
page is the editors' call, made with the page's own actions.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max

from pages.models import Page

from . import diff
from .models import PageRevision

PAGE_FIELD_LABELS = [
    ("title", "Title"),
    ("slug", "Slug"),
    ("kind", "Kind"),
    ("summary", "Summary"),
    ("body", "Body"),
    ("status", "Status"),
]
RESTORED_FIELDS = ["title", "slug", "summary", "body"]


def snapshot(page):
    return {name: getattr(page, name) for name, _ in PAGE_FIELD_LABELS}


def record_page_revision(page, *, by=None, note=""):
    """Keep the page as it is now as its next numbered revision."""
    data = snapshot(page)
    for _attempt in range(3):
        number = (PageRevision.objects.filter(page=page).aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                return PageRevision.objects.create(page=page, number=number, by=by, note=note, snapshot=data)
        except IntegrityError:
            continue  # a save of the same page at the same moment took the number: take the next
    raise IntegrityError(f"Could not number a revision of page {page.pk}")


def compare(old_snapshot, new_snapshot):
    return diff.compare(old_snapshot, new_snapshot, labels=PAGE_FIELD_LABELS)


def changed_labels(old_snapshot, new_snapshot):
    return diff.changed_labels(old_snapshot, new_snapshot, labels=PAGE_FIELD_LABELS)


@transaction.atomic
def restore_page_revision(*, revision, by):
    """Put the revision's text back (saved as a new revision, so nothing is lost)."""
    # Locked, so a take-down committed since the revision was read is not written back.
    page = Page.objects.select_for_update().get(pk=revision.page_id)
    for name in RESTORED_FIELDS:
        if name in revision.snapshot:
            setattr(page, name, revision.snapshot[name])
    page.save()
    return record_page_revision(page, by=by, note=f"Restored revision {revision.number}")
