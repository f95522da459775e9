from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR
from django.db.models import Count, F
from django.utils.html import format_html
from django.utils.text import Truncator

from . import admin_pending, admin_search, workflow
from .admin_filters import ReviewDueFilter, StateFilter
from .admin_panels import PanelAdmin, SharedRowsInlineFormSet
from .admin_stale import StaleEditPanel
from .admin_widgets import SafeAutocompleteAdminMixin
from .admin_workflow import BULK_ACTIONS, ArticleWorkflowAdmin
from .forms import ArticleAdminForm, WorkflowActionForm
from .models import Article, ArticleAuthor, Author, Disclaimer, PendingStatus, Section, Tag
from .pagination import CappedPaginator

# Characters of the standfirst shown under each title in the article list.
LIST_DEK_CHARS = 140
# Tags the list's tag filter offers: the most used (any tag can still be chosen by its link).
FILTER_TAGS = 30


class BylineInline(SafeAutocompleteAdminMixin, admin.TabularInline):
    model = ArticleAuthor
    formset = SharedRowsInlineFormSet  # the bylines (with their authors) the admin's queryset reads
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = "author on the byline"
    verbose_name_plural = "byline (authors in order)"

    # The byline is part of the article: editable exactly when the article is (writers: own drafts), or its
    # pending version (a live story: articles.pending).
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or admin_pending.may_edit(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or admin_pending.may_edit(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or admin_pending.may_edit(request.user, obj)
        )

    def get_extra(self, request, obj=None, **kwargs):
        return admin_pending.byline_extra(obj, super().get_extra(request, obj, **kwargs))


class AuthorFilter(admin.SimpleListFilter):
    """Articles with this author on the byline (ArticleQuerySet.by_author: no DISTINCT, no scan of the archive)."""

    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Author.objects.order_by("name").values_list("pk", "name")]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        return queryset.by_author(int(self.value()))


class TagFilter(admin.SimpleListFilter):
    """Articles carrying this tag (ArticleQuerySet.tagged); offered: the most used tags and the one chosen."""

    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        tags = list(Tag.objects.order_by("-article_count", "name").values_list("pk", "name")[:FILTER_TAGS])
        chosen = self.value()
        if chosen and chosen.isdigit() and all(str(pk) != chosen for pk, _ in tags):
            tags += list(Tag.objects.filter(pk=chosen).values_list("pk", "name"))
        return [(str(pk), name) for pk, name in tags]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        return queryset.tagged(int(self.value()))


@admin.register(Article)
class ArticleAdmin(ArticleWorkflowAdmin):
    """Articles. `status` is read-only here: it moves only through the workflow buttons and bulk actions.

    The domain's admin; newsroom/admin.py registers it again with the other apps' panels.
    The list costs the same at any archive size: filters read indexes, the count stops at
    LIST_COUNT_CAP, facets are off, and the search reads the full-text index (admin_search).
    """

    form = ArticleAdminForm
    action_form = WorkflowActionForm
    actions = BULK_ACTIONS
    list_display = [
        "headline",
        "state_badge",
        "section",
        "author_names",
        "published_at",
        "updated_at",
        "missing_count",
    ]
    list_display_links = ["headline"]
    list_filter = [
        StateFilter,
        "section",
        AuthorFilter,
        TagFilter,
        ReviewDueFilter,
        ("published_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["section"]
    # The fallback without a search engine; with one (the search app), admin_search answers.
    search_fields = ["=slug", "title"]
    search_help_text = "Words in the title, standfirst, tags or body (the last word may be unfinished), "
    search_help_text += "an author's name, or an exact slug or id."
    paginator = CappedPaginator
    list_per_page = 50  # each row renders its checks, badge and thumbnail: half Django's 100 halves the page
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
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
        # A live story's pending changes (their state) ride along for the list's badge: a join, no query.
        articles = super().get_queryset(request).prefetch_related("bylines__author")
        return articles.annotate(pending_state=F("pending_version__status"))

    def get_list_display(self, request):
        # The thumbnail (the images panel's column) leads, so titles line up whatever the picture.
        columns = list(super().get_list_display(request))
        if "hero_thumbnail" in columns:
            columns.remove("hero_thumbnail")
            columns.insert(0, "hero_thumbnail")
        return columns

    def get_search_results(self, request, queryset, search_term):
        if search_term.strip() and admin_search.has_engine():
            found = admin_search.search(queryset, search_term)
            if ORDER_VAR not in request.GET:
                # Best match first unless the editor sorts by a column; the list's order breaks ties.
                found = found.order_by(admin_search.POSITION, *queryset.query.order_by)
            return found, False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="Title", ordering="title")
    def headline(self, article):
        dek = Truncator(article.dek).chars(LIST_DEK_CHARS)
        return format_html(
            '<span class="article-title">{}</span><span class="article-dek">{}</span>', article.title, dek
        )

    @admin.display(description="Authors")
    def author_names(self, article):
        return ", ".join(author.name for author in article.byline_authors)

    @admin.display(description="State", ordering="status")
    def state(self, article):
        return workflow.status_label(article)

    @admin.display(description="State", ordering="status")
    def state_badge(self, article):
        state, label = workflow.current_state(article), workflow.status_label(article)
        badge = format_html('<span class="state-badge state-{}">{}</span>', state, label)
        pending_state = getattr(article, "pending_state", None)
        if pending_state:
            changes = PendingStatus(pending_state).label.lower()
            badge += format_html(' <span class="state-badge state-pending">Changes {}</span>', changes)
        return badge

    @admin.display(description="Missing")
    def missing_count(self, article):
        """How many publishing checks fail (0 = ready); the change form lists them in words."""
        return len(workflow.missing_for_publication(article))


def is_picker(request):
    """Is this the admin's autocomplete view (a picker on a change form) asking?"""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


class PickerSearchMixin:
    """Autocomplete pickers answer from the name with a LIMIT, names starting with the term first."""

    def get_search_results(self, request, queryset, search_term):
        if is_picker(request):
            return admin_search.picker_matches(queryset, search_term), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(Section)
class SectionAdmin(PickerSearchMixin, PanelAdmin):
    panels = [StaleEditPanel]
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
        sections = super().get_queryset(request)
        if is_picker(request):
            return sections  # a picker shows names: no count of every section's articles
        return sections.select_related("default_disclaimer").annotate(article_total=Count("articles"))

    @admin.display(description="Articles", ordering="article_total")
    def article_total(self, section):
        return section.article_total


@admin.register(Author)
class AuthorAdmin(PickerSearchMixin, PanelAdmin):
    panels = [StaleEditPanel]
    list_display = ["name", "credentials", "job_title", "is_clinician", "credentials_verified_on", "user"]
    list_filter = ["is_clinician"]
    search_fields = ["name", "credentials", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Disclaimer)
class DisclaimerAdmin(PanelAdmin):
    panels = [StaleEditPanel]
    list_display = ["title", "is_default", "active", "updated_at"]
    list_filter = ["is_default", "active"]
    search_fields = ["title", "body"]


@admin.register(Tag)
class TagAdmin(PickerSearchMixin, PanelAdmin):
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
