"""Admin autocomplete widgets that survive a crafted POST.

Django's autocomplete widget, when it re-renders a form with errors, looks up the
posted ids as they are; a non-numeric id then raises ValueError (a 500) instead of
the form error the field already reported. These widgets drop values that are not
valid keys before that lookup.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _ValidKeysOnly:
    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.model._meta
        key_field = target.get_field(getattr(self.field.remote_field, "field_name", target.pk.attname))
        valid = []
        for item in value:
            try:
                key_field.to_python(item)
            except (ValidationError, TypeError, ValueError):
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(_ValidKeysOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_ValidKeysOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteAdminMixin:
    """Use with any ModelAdmin or inline that has autocomplete_fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and type(formfield.widget) is AutocompleteSelect:
            formfield.widget.__class__ = SafeAutocompleteSelect
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and type(formfield.widget) is AutocompleteSelectMultiple:
            formfield.widget.__class__ = SafeAutocompleteSelectMultiple
        return formfield
