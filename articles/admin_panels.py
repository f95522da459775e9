"""Admins assembled from panels: each app built on articles adds its part of a change form as one panel.

A panel is one concern (hero image, revisions, corrections, ...) and says what it adds:
columns, fieldset rows, read-only fields, inlines, URLs, form fields, actions, and a step
around or after the save. `PanelAdmin` is the only class that overrides the admin's hooks;
it asks every panel at each one, so no behaviour depends on the order of base classes.
Panels only add, so their order matters only where two add to the same place (the order
of columns, of media files); after-save steps run in the order the panels are listed,
after the admin's own `related_saved()`.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.db.models import prefetch_related_objects
from django.forms.models import BaseInlineFormSet, _get_foreign_key
from django.urls import reverse

from .admin_widgets import SafeAutocompleteAdminMixin


class Panel:
    """One concern's part of a ModelAdmin. Every hook is optional; the defaults add nothing."""

    media = forms.Media()
    formfield_overrides = {}  # {model field class: form field kwargs}, like ModelAdmin.formfield_overrides
    form_fields = ()  # names of form-only fields this panel declares and lists in a fieldset
    saved_beside_row = ()  # those of them whose values it saves to other tables at once, even on a live story
    actions = ()  # admin action functions: (modeladmin, request, queryset)
    # Related rows the change form's object is read with, once (prefetch_related lookups): every step of the
    # panel (fieldsets, form, read-only fields, an inline with SharedRowsInlineFormSet) reads them from there.
    change_prefetch = ()

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def displays(self):
        """{name: callable(obj)} that columns, fieldsets and read-only fields may name."""
        return {}

    def list_display(self, request, columns):
        return columns

    def fieldsets(self, request, obj, fieldsets):
        return fieldsets

    def readonly_fields(self, request, obj):
        return []

    def inlines(self, request, obj):
        return []

    def urls(self):
        return []

    def formfield(self, db_field, request, field):
        """The form field for `db_field`: `field` as the admin made it, or one in its place."""
        return field

    def form(self, request, obj, form):
        """The change form's class: `form`, or a subclass adding this panel's fields and checks."""
        return form

    def action_allowed(self, request, action):
        return True

    def save_model(self, request, obj, form, change, save):
        """Runs the save: call `save()` (once, or again to recover from a failure)."""
        save()

    def save_formset(self, request, form, formset, change):
        """Save `formset` if it is this panel's and return True; False leaves it to the admin."""
        return False

    def after_save(self, request, obj, change):
        """Once the object and everything related to it (inlines, many-to-many) are saved."""

    def change_response(self, request, response):
        return response

    def url(self, name, *args, query=""):
        """The address of one of this model's admin views, e.g. a panel's own (`<app>_<model>_<name>`)."""
        opts = self.model_admin.opts
        address = reverse(f"{self.model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}", args=args)
        return f"{address}?{query}" if query else address


class PanelAdmin(SafeAutocompleteAdminMixin, admin.ModelAdmin):
    """A ModelAdmin whose `panels` (Panel classes) each contribute to its hooks; see the module docstring."""

    panels = []

    def __init__(self, model, admin_site):
        self.bound_panels = [panel(self) for panel in self.panels]
        overrides = dict(self.formfield_overrides)
        for panel in self.bound_panels:
            for field_class, options in panel.formfield_overrides.items():
                overrides[field_class] = {**overrides.get(field_class, {}), **options}
            for name, display in panel.displays().items():
                setattr(self, name, display)
        self.formfield_overrides = overrides
        self.actions = [*(self.actions or []), *(a for panel in self.bound_panels for a in panel.actions)]
        super().__init__(model, admin_site)

    @property
    def media(self):
        media = super().media
        for panel in self.bound_panels:
            media += panel.media
        return media

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        for panel in self.bound_panels:
            columns = panel.list_display(request, columns)
        return columns

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        for panel in self.bound_panels:
            fieldsets = panel.fieldsets(request, obj, fieldsets)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        for panel in self.bound_panels:
            readonly += [name for name in panel.readonly_fields(request, obj) if name not in readonly]
        return readonly

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        for panel in self.bound_panels:
            inlines += [inline for inline in panel.inlines(request, obj) if inline not in inlines]
        return inlines

    def get_urls(self):
        return [*(url for panel in self.bound_panels for url in panel.urls()), *super().get_urls()]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        for panel in self.bound_panels:
            field = panel.formfield(db_field, request, field)
        return field

    def get_object(self, request, object_id, from_field=None):
        """The change form's object with every panel's `change_prefetch`, read once per GET request.

        A change view asks for its object more than once (an admin's own context, then Django's view);
        a GET reads it once. A POST reads it afresh each time, as the form is about to change it.
        """
        key = (self.opts.label_lower, str(object_id), from_field)
        kept = request.__dict__.setdefault("_panel_admin_objects", {})
        if key in kept and request.method in ("GET", "HEAD"):
            return kept[key]
        obj = super().get_object(request, object_id, from_field)
        lookups = [lookup for panel in self.bound_panels for lookup in panel.change_prefetch]
        if obj is not None and lookups:
            prefetch_related_objects([obj], *lookups)
        kept[key] = obj
        return obj

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        rows = prefetched_rows(obj, inline)
        if rows is not None and issubclass(inline.formset, SharedRowsInlineFormSet):
            kwargs["queryset"] = rows  # the rows the object was read with; an admin may still put others
        return kwargs

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Form-only fields of the panels are in the fieldsets but are no model fields: the panel adds them.
        form_only = {name for panel in self.bound_panels for name in panel.form_fields}
        if kwargs.get("fields") is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name not in form_only]
        form = super().get_form(request, obj, change=change, **kwargs)
        for panel in self.bound_panels:
            form = panel.form(request, obj, form)
        return form

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        for panel in self.bound_panels:
            for action in panel.actions:
                if not panel.action_allowed(request, action):
                    actions.pop(action.__name__, None)
        return actions

    def save_model(self, request, obj, form, change):
        def save():
            self.save_object(request, obj, form, change)

        for panel in reversed(self.bound_panels):
            save = _around(panel, request, obj, form, change, save)
        save()

    def save_object(self, request, obj, form, change):
        """The save itself, inside the panels' steps around it (an admin may keep the object elsewhere)."""
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if not any(panel.save_formset(request, form, formset, change) for panel in self.bound_panels):
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The related rows read with the object are stale now: after-save steps read them afresh.
        getattr(form.instance, "_prefetched_objects_cache", {}).clear()
        self.related_saved(request, form.instance, change)
        for panel in self.bound_panels:
            panel.after_save(request, form.instance, change)

    def related_saved(self, request, obj, change):
        """The admin's own step once related objects are saved, before the panels' after-save steps."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        for panel in self.bound_panels:
            response = panel.change_response(request, response)
        return response


class SharedRowsInlineFormSet(BaseInlineFormSet):
    """An inline whose rows come from the change form's object when it was read with them (`change_prefetch`,
    or the admin's queryset): no query of its own. Any other queryset an admin passes is used as usual."""

    def __init__(self, *args, queryset=None, **kwargs):
        self.shared_rows = queryset if queryset is not None and queryset._result_cache is not None else None
        super().__init__(*args, queryset=queryset, **kwargs)

    def get_queryset(self):
        if self.shared_rows is not None and not hasattr(self, "_queryset"):
            self._queryset = self.shared_rows
        return super().get_queryset()


def prefetched_rows(obj, inline):
    """The inline's rows of `obj` if `obj` was read with them (a prefetch_related of their relation), else None."""
    if obj is None or obj.pk is None:
        return None
    relation = _get_foreign_key(type(obj), inline.model, fk_name=inline.fk_name).remote_field
    return getattr(obj, "_prefetched_objects_cache", {}).get(relation.cache_name)


def _around(panel, request, obj, form, change, inner):
    def save():
        panel.save_model(request, obj, form, change, inner)

    return save
