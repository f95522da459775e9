"""Subscribers (confirmed or not, their choices) with export and erase, and the sent issues with counts."""

import json

from django.contrib import admin, messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

from . import subscriptions
from .models import Issue, Subscriber

# Export and erase work on the list (several readers) and on one reader's page.
BOTH_PAGES = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "frequency", "section_names", "confirmed", "created_at"]
    list_filter = ["frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "frequency", "sections", "created_at", "confirmed_at", "confirmation_sent_at"]
    actions = ["export_data", "erase"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sections")

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        # "Erase" says what deleting a subscriber means; the generic bulk delete would say less.
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="Sections")
    def section_names(self, subscriber):
        return ", ".join(sorted(section.name for section in subscriber.sections.all())) or "All sections"

    @admin.display(description="Confirmed", boolean=True, ordering="confirmed_at")
    def confirmed(self, subscriber):
        return subscriber.is_confirmed

    def has_add_permission(self, request):
        return False  # readers subscribe themselves, and confirm

    def has_change_permission(self, request, obj=None):
        return False  # a reader's choices are theirs: they change them by subscribing again

    def has_export_permission(self, request):
        return request.user.has_perm("newsletter.export_subscriber")

    @admin.action(
        description="Export this subscriber's data (JSON)",
        description_plural="Export the selected subscribers' data (JSON)",
        permissions=["export"],
        location=BOTH_PAGES,
    )
    def export_data(self, request, queryset):
        data = [subscriptions.export(subscriber) for subscriber in queryset.order_by("email")]
        response = HttpResponse(
            json.dumps(data, indent=2, cls=DjangoJSONEncoder, ensure_ascii=False), content_type="application/json"
        )
        filename = "newsletter-subscriber.json" if len(data) == 1 else "newsletter-subscribers.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(
        description="Erase this subscriber's data",
        description_plural="Erase the selected subscribers' data",
        permissions=["delete"],
        location=BOTH_PAGES,
    )
    def erase(self, request, queryset):
        _, deleted = queryset.delete()
        count = deleted.get(Subscriber._meta.label, 0)
        noun = "subscriber" if count == 1 else "subscribers"
        self.message_user(request, f"Erased {count} {noun}; the issue counts keep no address.", messages.SUCCESS)


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "frequency",
        "sections_label",
        "created_at",
        "recipients",
        "sent",
        "interrupted",
        "completed_at",
    ]
    list_filter = ["frequency", ("completed_at", admin.EmptyFieldListFilter)]
    fields = ["subject", "frequency", "sections_label", "since", "until", "created_at", "completed_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="Readers", ordering="recipient_count")
    def recipients(self, issue):
        return issue.recipient_count

    @admin.display(description="Sent", ordering="sent_count")
    def sent(self, issue):
        return issue.sent_count

    @admin.display(description="Interrupted (not sent again)", ordering="interrupted_count")
    def interrupted(self, issue):
        return issue.interrupted_count

    def has_add_permission(self, request):
        return False  # built by manage.py send_newsletter

    def has_change_permission(self, request, obj=None):
        return False
