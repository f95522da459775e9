from django.contrib import admin
from django.db.models import Count

from . import workflow
from .admin_panels import PanelAdmin
from .admin_widgets import SafeAutocompleteAdminMixin
from .admin_workflow import BULK_ACTIONS, ArticleWorkflowAdmin, ReviewDueFilter, StateFilter
from .forms import ArticleAdminForm, WorkflowActionForm
from .models import Article, ArticleAuthor, Author, Disclaimer, Section, Tag


class BylineInline(SafeAutocompleteAdminMixin, admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = "author on the byline"
    verbose_name_plural = "byline (authors in order)"

    # The byline is part of the article: editable exactly when the article is (writers: own drafts).
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))


@admin.register(Article)
class ArticleAdmin(ArticleWorkflowAdmin):
    """Articles. `status` is read-only here: it moves only through the workflow buttons and bulk actions.

    The domain's admin; newsroom/admin.py registers it again with the other apps' panels.
    """

    form = ArticleAdminForm
    action_form = WorkflowActionForm
    actions = BULK_ACTIONS
    list_display = [
        "title",
        "state",
        "section",
        "author_names",
        "published_at",
        "updated_at",
        "missing_count",
    ]
    list_filter = [
        StateFilter,
        "section",
        ("bylines__author", admin.RelatedOnlyFieldListFilter),
        "tags",
        ReviewDueFilter,
    ]
    list_select_related = ["section"]
    search_fields = ["title", "dek", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section", "disclaimer", "reviewed_by"]
    inlines = [BylineInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "body", "section", "tags"]}),
        ("Publishing", {"fields": ["state", "published_at", "created_by"]}),
        (
            "Source and disclaimer",
            {"fields": ["source_name", "source_url", "source_note", "original_reporting", "disclaimer"]},
        ),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]}),
        ("Medical review", {"fields": ["reviewed_by", "last_reviewed"]}),
    ]

    # State and publication time belong to the workflow (buttons, bulk actions), so no form, stale or crafted,
    # can publish, unpublish or move a story in time around the rules.
    readonly_fields = ["state", "published_at", "created_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    @admin.display(description="Authors")
    def author_names(self, article):
        return ", ".join(author.name for author in article.byline_authors)

    @admin.display(description="State", ordering="status")
    def state(self, article):
        return workflow.status_label(article)

    @admin.display(description="Missing")
    def missing_count(self, article):
        """How many publishing checks fail (0 = ready); the change form lists them in words."""
        return len(workflow.missing_for_publication(article))


@admin.register(Section)
class SectionAdmin(SafeAutocompleteAdminMixin, admin.ModelAdmin):
    list_display = [
        "name", "slug", "position", "show_in_navigation", "review_interval_months",
        "default_disclaimer", "article_total",
    ]  # fmt: skip
    list_editable = ["position", "show_in_navigation"]
    list_filter = ["show_in_navigation"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["default_disclaimer"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("default_disclaimer").annotate(article_total=Count("articles"))
        )

    @admin.display(description="Articles", ordering="article_total")
    def article_total(self, section):
        return section.article_total


@admin.register(Author)
class AuthorAdmin(PanelAdmin):
    list_display = ["name", "credentials", "job_title", "is_clinician", "credentials_verified_on", "user"]
    list_filter = ["is_clinician"]
    search_fields = ["name", "credentials", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Disclaimer)
class DisclaimerAdmin(admin.ModelAdmin):
    list_display = ["title", "is_default", "active", "updated_at"]
    list_filter = ["is_default", "active"]
    search_fields = ["title", "body"]


@admin.register(Tag)
class TagAdmin(PanelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["article_count"]


# Our own Tag model replaces taggit's; hide the unused default from editors.
try:
    from taggit.models import Tag as TaggitTag

    admin.site.unregister(TaggitTag)
except admin.exceptions.NotRegistered:
    pass
