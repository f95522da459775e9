"""Pages in the admin: writers draft, editors publish.

The plain admin of this app; newsroom/admin.py registers it again with the article body's
rich-text editor (editorial's panel), so pages and articles are written with one editor.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.db import transaction

from articles.admin_panels import PanelAdmin
from articles.admin_stale import StaleEditPanel

from .models import Page, PageStatus


def can_publish(user):
    return user.is_active and user.has_perm("pages.publish_page")


@admin.action(description="Publish the selected pages")
def publish_pages(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, PageStatus.PUBLISHED, "published")


@admin.action(description="Take the selected pages down (back to draft)")
def unpublish_pages(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, PageStatus.DRAFT, "taken down")


def _set_status(modeladmin, request, queryset, status, done):
    if not can_publish(request.user):
        modeladmin.message_user(request, "Only editors may publish or take down pages.", messages.ERROR)
        return
    # One save per page, so each change reaches articles.changes like any other save; the rows are
    # read locked, so an edit committed since the list was shown is kept, not written back.
    with transaction.atomic():
        pages = list(queryset.exclude(status=status).select_for_update())
        for page in pages:
            page.status = status
            page.save()
    modeladmin.message_user(request, f"{len(pages)} page(s) {done}.")


class PageAdmin(PanelAdmin):
    panels = [StaleEditPanel]
    list_display = ["title", "kind", "status", "position", "updated_at"]
    list_filter = ["status", "kind"]
    list_editable = ["position"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    actions = [publish_pages, unpublish_pages]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body"]}),
        ("Publishing", {"fields": ["status", "position", "published_at", "updated_at"]}),
    ]

    readonly_fields = ["published_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            # A writer's page stays a draft until an editor publishes it.
            readonly.append("status")
        return readonly

    def has_change_permission(self, request, obj=None):
        # Editing a published page changes what readers see at once: that is publishing.
        allowed = super().has_change_permission(request, obj)
        if obj is not None and obj.is_public and not can_publish(request.user):
            return False
        return allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is not None and obj.is_public and not can_publish(request.user):
            return False
        return allowed

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if not can_publish(request.user):
            actions.pop("publish_pages", None)
            actions.pop("unpublish_pages", None)
        return actions


admin.site.register(Page, PageAdmin)
