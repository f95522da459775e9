"""A change form that refuses a save from a form opened before the row's last save.

For models edited in a PanelAdmin that carry an `updated_at` (auto_now) and have no version token of
their own (articles have editorial's, which also covers pending changes): standing pages, authors,
sections, disclaimers. The form carries the `updated_at` it was opened at; its save compares it under
a row lock (the admin's change view is one transaction), and a stale save is refused with 409,
keeping everything typed, as the article's form does. A second save is then deliberate.
"""

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from .admin_panels import Panel

OPENED_FIELD = "opened_version"


class StaleEditFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = self.instance.updated_at if self.instance.pk else None
        self.fields[OPENED_FIELD].initial = saved.isoformat() if saved else ""

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        rows = type(self.instance)._base_manager.select_for_update().filter(pk=self.instance.pk)
        current = rows.values_list("updated_at", flat=True).first()
        try:
            opened = parse_datetime(self.data.get(self.add_prefix(OPENED_FIELD)) or "")
        except ValueError:  # a well-formed impossible date ("2026-02-30T10:00"): tampered, so stale
            opened = None
        if current is None or opened == current:
            return cleaned
        self.stale_edit = True
        # The next save from this form is deliberate: it carries the version the person has now been shown.
        self.data = self.data.copy()
        self.data[self.add_prefix(OPENED_FIELD)] = current.isoformat()
        moment = date_format(timezone.localtime(current), "j M Y, H:i T")
        raise forms.ValidationError(
            f"Saved by someone else at {moment} since you opened it. Nothing was saved; everything you typed is "
            "still below. Save again to replace their version with yours.",
            code="stale",
        )


class StaleEditPanel(Panel):
    """Refuses (409) a change form's save when the row was saved since the form was opened."""

    form_fields = [OPENED_FIELD]

    def fieldsets(self, request, obj, fieldsets):
        if obj is None or not fieldsets:
            return fieldsets
        if any(OPENED_FIELD in options.get("fields", ()) for _, options in fieldsets):
            return fieldsets  # the admin lists every form field itself (no fieldsets of its own)
        name, options = fieldsets[0]
        return [(name, {**options, "fields": [*options.get("fields", []), OPENED_FIELD]}), *fieldsets[1:]]

    def form(self, request, obj, form):
        if obj is None:
            return form
        field = forms.CharField(widget=forms.HiddenInput, required=False)
        return type(form.__name__, (StaleEditFormMixin, form), {OPENED_FIELD: field})

    def change_response(self, request, response):
        adminform = (getattr(response, "context_data", None) or {}).get("adminform")
        if adminform is not None and getattr(adminform.form, "stale_edit", False):
            response.status_code = 409
        return response
