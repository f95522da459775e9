"""Correction and update notes, added by editors to a published article from its change form."""

from django.contrib import admin

from articles.admin_panels import Panel
from articles.models import Status
from notifications import events as notification_events

from .. import roles
from ..models import Correction


class CorrectionInline(admin.StackedInline):
    """Editors append corrections to a published article; existing notes stay as written."""

    model = Correction
    extra = 0
    fields = ["kind", "note", "created_at", "by"]
    readonly_fields = ["created_at", "by"]
    verbose_name = "correction or update note"
    verbose_name_plural = "corrections and update notes (shown to readers, newest first)"

    def has_add_permission(self, request, obj=None):
        return roles.can_correct(request.user) and obj is not None and obj.status == Status.PUBLISHED

    def has_change_permission(self, request, obj=None):
        return roles.can_correct(request.user) and request.user.has_perm("editorial.change_correction")

    def has_delete_permission(self, request, obj=None):
        return roles.can_correct(request.user) and request.user.has_perm("editorial.delete_correction")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("editorial.view_correction") or self.has_change_permission(request, obj)


class CorrectionsPanel(Panel):
    """The corrections inline on a published article; each new note names the editor who wrote it."""

    def inlines(self, request, obj):
        return [CorrectionInline] if obj is not None and obj.status == Status.PUBLISHED else []

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return False
        for correction in formset.save(commit=False):
            is_new = correction.pk is None
            if is_new:
                correction.by = request.user
            correction.save()
            if is_new:
                # The story's writers are told of each new note.
                notification_events.correction_added(correction, by=request.user)
        for correction in formset.deleted_objects:
            correction.delete()
        return True
