from django.contrib import admin
from django.db.models import Count

from .models import Article, ArticleAuthor, Author, Disclaimer, Section, Tag


class BylineInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = "author on the byline"
    verbose_name_plural = "byline (authors in order)"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "section", "author_names", "published_at", "updated_at"]
    list_filter = ["status", "section", ("bylines__author", admin.RelatedOnlyFieldListFilter), "tags"]
    list_select_related = ["section"]
    search_fields = ["title", "dek", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section", "disclaimer", "reviewed_by"]
    inlines = [BylineInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "body", "section", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
        ("Source and disclaimer", {"fields": ["source_name", "source_url", "source_note", "original_reporting", "disclaimer"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]}),
        ("Medical review", {"fields": ["reviewed_by", "last_reviewed"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    @admin.display(description="Authors")
    def author_names(self, article):
        return ", ".join(author.name for author in article.byline_authors)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "default_disclaimer", "article_total"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["default_disclaimer"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("default_disclaimer").annotate(article_total=Count("articles"))

    @admin.display(description="Articles", ordering="article_total")
    def article_total(self, section):
        return section.article_total


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "job_title", "user"]
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
class TagAdmin(admin.ModelAdmin):
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
