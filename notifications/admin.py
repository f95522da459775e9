"""In the admin: each person's own notifications (list, open, mark read), their choices, section editors,
and the assignment panel of the article change form."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.admin_panels import Panel

from . import events, unread
from .delivery import display_name
from .forms import PreferencesForm
from .models import Assignment, Notification, SectionEditor
from .recipients import PERMISSIONS_BACKEND, REVIEW


class ReadFilter(admin.SimpleListFilter):
    title = "read"
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", "Unread"), ("yes", "Read")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(read_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(read_at__isnull=False)
        return queryset


@admin.action(description="Mark selected notifications as read")
def mark_selected_read(modeladmin, request, queryset):
    count = queryset.mark_read()
    unread.forget([request.user.pk])
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Every staff member sees only their own notifications; none can be added, edited or deleted here."""

    list_display = ["message", "kind", "article_link", "actor_name", "created_at", "unread"]
    list_display_links = None
    list_filter = [ReadFilter, "kind"]
    list_per_page = 50
    actions = [mark_selected_read]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user).select_related("article", "actor")

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or obj.recipient_id == request.user.pk)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Notification")
    def message(self, obj):
        link = reverse("admin:notifications_notification_open", args=[obj.pk])
        first_line = obj.text.split("\n", 1)[0]
        return format_html('<a href="{}">{}</a>', link, first_line)

    @admin.display(description="Story")
    def article_link(self, obj):
        return obj.article.title

    @admin.display(description="By")
    def actor_name(self, obj):
        return display_name(obj.actor)

    @admin.display(description="Unread", boolean=True)
    def unread(self, obj):
        return obj.read_at is None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # There is nothing to edit: a notification opens its story.
        return redirect("admin:notifications_notification_open", object_id)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/open/", wrap(self.open_view), name="notifications_notification_open"),
            path("read-all/", wrap(self.read_all_view), name="notifications_notification_read_all"),
            path("preferences/", wrap(self.preferences_view), name="notifications_notification_preferences"),
            *super().get_urls(),
        ]

    def _own(self, request):
        if not self.has_module_permission(request):
            raise PermissionDenied
        return Notification.objects.for_user(request.user)

    def open_view(self, request, pk):
        """Marks the notification read and opens its story's admin page; another person's answers 404."""
        notification = get_object_or_404(self._own(request), pk=pk)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            unread.forget([request.user.pk])
        return redirect(notification.get_absolute_url())

    def read_all_view(self, request):
        if request.method != "POST":
            return redirect("admin:notifications_notification_changelist")
        count = self._own(request).mark_read()
        unread.forget([request.user.pk])
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
        return redirect("admin:notifications_notification_changelist")

    def preferences_view(self, request):
        self._own(request)
        form = PreferencesForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, "Your notification choices were saved.")
            return redirect("admin:notifications_notification_preferences")
        context = {
            **self.admin_site.each_context(request),
            "title": "What you are told",
            "opts": self.opts,
            "form": form,
            "has_email": bool(request.user.email),
        }
        return TemplateResponse(request, "notifications/preferences.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "title": "Your notifications"}
        return super().changelist_view(request, extra_context)


@admin.register(SectionEditor)
class SectionEditorAdmin(admin.ModelAdmin):
    """Which editors are told of submissions in which section (a section with none: every editor)."""

    list_display = ["section", "editor"]
    list_filter = ["section"]
    autocomplete_fields = ["section"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "editor":
            kwargs["queryset"] = editors()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def editors():
    """The people a story can be assigned to: active staff who may review."""
    users = get_user_model().objects.with_perm(REVIEW, is_active=True, backend=PERMISSIONS_BACKEND)
    return users.filter(is_staff=True).order_by("username")


ASSIGNED_EDITOR = "assigned_editor"


class EditorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class AssignmentPanel(Panel):
    """An "Assigned editor" field on the change form: the editor who reviews the story and is told of it."""

    form_fields = [ASSIGNED_EDITOR]
    saved_beside_row = [ASSIGNED_EDITOR]

    def _applies(self, request, obj):
        return obj is not None and request.user.has_perm(REVIEW)

    def fieldsets(self, request, obj, fieldsets):
        if not self._applies(request, obj) or not fieldsets:
            return fieldsets
        return [*fieldsets, ("Review", {"fields": [ASSIGNED_EDITOR]})]

    def form(self, request, obj, form):
        if not self._applies(request, obj):
            return form
        field = EditorChoiceField(
            queryset=editors(), required=False, label="Assigned editor", empty_label="(the section's editors)",
            help_text="Told when the story is submitted for review, instead of the section's editors.",
        )  # fmt: skip
        current = Assignment.objects.filter(article=obj).values_list("editor_id", flat=True).first()

        def __init__(self, *args, **kwargs):
            form.__init__(self, *args, **kwargs)
            self.fields[ASSIGNED_EDITOR].initial = current

        return type(form.__name__, (form,), {ASSIGNED_EDITOR: field, "__init__": __init__})

    def save_model(self, request, obj, form, change, save):
        save()
        if not self._applies(request, obj) or ASSIGNED_EDITOR not in form.cleaned_data:
            return
        events.assign(article=obj, editor=form.cleaned_data[ASSIGNED_EDITOR], by=request.user)
