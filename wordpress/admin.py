from django.contrib import admin

from .models import ImportedPage, ImportedPost, LegacyRedirect


@admin.register(ImportedPost)
class ImportedPostAdmin(admin.ModelAdmin):
    """What the WordPress import brought in; written by `import_wordpress`, read-only here."""

    list_display = ["wp_post_id", "article", "permalink", "note", "wp_modified_at", "updated_at"]
    list_select_related = ["article"]
    search_fields = ["wp_post_id", "permalink", "article__title", "note"]
    readonly_fields = [field.name for field in ImportedPost._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportedPage)
class ImportedPageAdmin(admin.ModelAdmin):
    """WordPress pages the import brought in as (hidden) Pages; read-only here."""

    list_display = ["wp_post_id", "page", "permalink", "note", "updated_at"]
    list_select_related = ["page"]
    search_fields = ["wp_post_id", "permalink", "page__title"]
    readonly_fields = [field.name for field in ImportedPage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LegacyRedirect)
class LegacyRedirectAdmin(admin.ModelAdmin):
    """Old WordPress addresses and where they lead; an editor may remove one that should 404."""

    list_display = ["__str__", "article", "section", "tag", "page", "created_at"]
    list_select_related = ["article", "section", "tag", "page"]
    search_fields = ["old_path", "article__title", "page__title"]
    raw_id_fields = ["article", "section", "tag", "page"]
