"""Unsaved edits kept per person and article: stored while typing, offered back, discarded once saved.

An autosave holds the change form's fields as the browser would post them, and the version the
form was opened at. Restoring puts both back into the form, so a save from a restored form goes
through the stale-save check like any other (editorial.admin.revisions): if the article was saved
since, the editor is shown both versions before anything is replaced.

The article's own fields are put back here, as the form's initial values; inline rows (citations,
bylines, …) are put back by autosave.js, which can add rows the way the editor did. A chosen file
cannot be kept (a browser never lets a page fill a file input): the autosave records which files
were chosen (FILES_CHOSEN) so the restore prompt can name them.
"""

import json

from django.db import transaction

from editorial import services as editorial_services
from editorial.admin.revisions import VERSION_FIELD

from .models import Autosave

MAX_BYTES = 1_000_000
FILES_CHOSEN = "desk_files_chosen"  # "label (file name)" of each file input that had a file chosen
# Posted names that are not the article's content: the form's plumbing and its submit buttons.
NOT_CONTENT = {"csrfmiddlewaretoken", VERSION_FIELD, "_save", "_continue", "_addanother", "_saveasnew"}


class AutosaveTooLarge(ValueError):
    pass


def content_of(posted):
    """{name: [values]} of a posted QueryDict, without the form's plumbing (or the desk's own, but FILES_CHOSEN)."""
    return {
        name: values
        for name, values in posted.lists()
        if name not in NOT_CONTENT and (not name.startswith("desk_") or name == FILES_CHOSEN)
    }


def store(*, user, article, posted):
    """Keep `user`'s unsaved edits of `article` (a posted QueryDict), replacing their previous autosave."""
    fields = content_of(posted)
    if len(json.dumps(fields)) > MAX_BYTES:
        raise AutosaveTooLarge(f"Unsaved edits over {MAX_BYTES // 1000} kB are not kept; save the article instead.")
    with transaction.atomic():
        autosave, _ = Autosave.objects.update_or_create(
            user=user,
            article=article,
            defaults={"fields": fields, "opened_version": posted.get(VERSION_FIELD, "")[:100]},
        )
    return autosave


def find(*, user, article):
    return Autosave.objects.filter(user=user, article=article).first()


def discard(*, user, article):
    Autosave.objects.filter(user=user, article=article).delete()


def changed_since(autosave, article):
    """Was the article saved after the form these edits were typed in was opened?"""
    return autosave.opened_version != editorial_services.version_token(article)


def initial_for(form, autosave):
    """The change form's initial values with the autosaved edits put back (form fields only)."""
    initial = {}
    for name, field in form.fields.items():
        if name.startswith("desk_"):
            continue
        values = autosave.fields.get(name)
        suffixes = getattr(field.widget, "widgets_names", None)
        if suffixes and any(name + suffix in autosave.fields for suffix in suffixes):
            # A split widget (date and time) is posted as one value per part.
            initial[name] = [autosave.fields.get(name + suffix, [""])[-1] for suffix in suffixes]
        elif getattr(field.widget, "input_type", None) == "checkbox":
            # An unticked box is not posted at all: its absence is the value.
            initial[name] = bool(values)
        elif values is None:
            continue
        elif getattr(field.widget, "allow_multiple_selected", False):
            initial[name] = values
        else:
            initial[name] = values[-1]
    if VERSION_FIELD in form.fields:
        # The version the edits were typed against: a save then meets any newer save as a conflict.
        initial[VERSION_FIELD] = autosave.opened_version
    return initial
