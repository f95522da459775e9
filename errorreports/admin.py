"""The desk's list of readers' reports: newest first, by status, the reader's words as plain text."""

from django.contrib import admin
from django.utils.text import Truncator

from .models import ErrorReport


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "article", "excerpt", "status", "email"]
    list_filter = ["status"]
    list_select_related = ["article"]
    search_fields = ["message"]
    date_hierarchy = None
    show_full_result_count = False
    readonly_fields = ["article", "message", "email", "created_at"]
    fields = ["article", "message", "email", "created_at", "status", "desk_note", "handled_by"]
    raw_id_fields = ["handled_by"]

    @admin.display(description="What is wrong")
    def excerpt(self, report):
        return Truncator(report.message).chars(120)

    def has_add_permission(self, request):
        return False  # reports come from readers

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)
