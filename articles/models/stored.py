"""Remembering the row as it was loaded, so a save can tell what it changed."""

from django.db import models


class StoredValuesMixin:
    """Remembers the row as it was last read from or written to the database.

    `stored_values()` is what tells, after a save, what the save changed and whether
    the object was public before it, without reading the row again.
    """

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # Django passes attnames here; fields deferred by the query are absent.
        instance._stored_values = {
            name: value for name, value in zip(field_names, values, strict=True) if value is not models.DEFERRED
        }
        return instance

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self._stored_values = None
        self.remember_stored(*(update_fields or ()))

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        self.remember_stored(*(fields or ()))

    def remember_stored(self, *names):
        """Record these fields (all loaded ones when none are named) as what the database holds now."""
        deferred = self.get_deferred_fields()
        attnames = [self._meta.get_field(name).attname for name in names] or [
            field.attname for field in self._meta.concrete_fields if field.attname not in deferred
        ]
        stored = getattr(self, "_stored_values", None) or {}
        stored.update({name: getattr(self, name) for name in attnames})
        self._stored_values = stored

    def stored_values(self):
        """{attname: value} as last loaded or saved (deferred fields absent); None if never stored."""
        return getattr(self, "_stored_values", None)
