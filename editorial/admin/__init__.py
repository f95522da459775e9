"""The editorial history in the admin: panels for the article and tag admins, and the old-address tables.

newsroom/admin.py puts the panels on the article and tag admins; this app registers only its own models.
"""

from django.contrib import admin

from articles.admin_widgets import SafeAutocompleteAdminMixin

from ..models import ArticleSlugRedirect, ReviewReminder, TagRedirect
from .corrections import CorrectionsPanel
from .editor import BODY_EDITOR_EXTENSIONS, EditorPanel
from .page_revisions import PageRevisionsPanel
from .revisions import RevisionsPanel
from .tags import TagMergePanel

__all__ = [
    "BODY_EDITOR_EXTENSIONS",
    "CorrectionsPanel",
    "EditorPanel",
    "PageRevisionsPanel",
    "RevisionsPanel",
    "TagMergePanel",
]


@admin.register(TagRedirect)
class TagRedirectAdmin(SafeAutocompleteAdminMixin, admin.ModelAdmin):
    list_display = ["old_slug", "tag", "created_at"]
    list_select_related = ["tag"]
    search_fields = ["old_slug", "tag__name"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["tag"]


@admin.register(ArticleSlugRedirect)
class ArticleSlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__title"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["article"]


@admin.register(ReviewReminder)
class ReviewReminderAdmin(admin.ModelAdmin):
    """What send_review_reminders sent: read-only, for answering "was I told?"."""

    list_display = ["sent_at", "reviewer", "sent_to", "article_count"]
    list_select_related = ["reviewer"]
    search_fields = ["reviewer__name", "sent_to"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
