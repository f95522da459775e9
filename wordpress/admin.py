from django.contrib import admin

from .models import ImportedPost, LegacyRedirect


@admin.register(ImportedPost)
class ImportedPostAdmin(admin.ModelAdmin):
    """What the WordPress import brought in; written by `import_wordpress`, read-only here."""

    list_display = ["wp_post_id", "article", "permalink", "wp_modified_at", "updated_at"]
    list_select_related = ["article"]
    search_fields = ["wp_post_id", "permalink", "article__title"]
    readonly_fields = [field.name for field in ImportedPost._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LegacyRedirect)
class LegacyRedirectAdmin(admin.ModelAdmin):
    """Old WordPress addresses and where they lead; an editor may remove one that should 404."""

    list_display = ["__str__", "article", "section", "tag", "created_at"]
    list_select_related = ["article", "section", "tag"]
    search_fields = ["old_path", "article__title"]
    raw_id_fields = ["article", "section", "tag"]
