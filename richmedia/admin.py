"""Video and audio files in the admin, with their caption tracks; a media block to paste into the body."""

from django.contrib import admin
from django.utils.html import format_html

from . import media
from .forms_media import CaptionTrackForm, MediaFileForm
from .models import CaptionTrack, MediaFile


class CaptionTrackInline(admin.TabularInline):
    model = CaptionTrack
    form = CaptionTrackForm
    extra = 1


@admin.register(MediaFile)
class MediaFileAdmin(admin.ModelAdmin):
    form = MediaFileForm
    inlines = [CaptionTrackInline]
    list_display = ["title", "kind", "has_transcript", "uploaded_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["uploaded_by"]
    search_fields = ["title", "description", "credit"]
    autocomplete_fields = ["poster"]
    readonly_fields = ["block_to_paste", "kind", "content_type", "uploaded_by", "created_at"]

    def get_queryset(self, request):
        # Writers see their own uploads and the files of articles they may edit; editors see all.
        return super().get_queryset(request).visible_to(request.user)

    def get_fields(self, request, obj=None):
        fields = ["file", "title", "description", "transcript", "poster", "credit"]
        if obj is None:
            return fields
        return ["block_to_paste", *fields, "kind", "content_type", "uploaded_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            # Once the captions are saved too: stories showing this file get the new player.
            media.media_changed(form.instance.pk)

    def delete_model(self, request, obj):
        media_id, stored = obj.pk, obj.file
        super().delete_model(request, obj)
        stored.delete(save=False)  # a file taken away is not left served from /media/
        media.media_changed(media_id)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    @admin.display(description="Insert in a body", ordering=None)
    def block_to_paste(self, obj):
        return format_html(
            "In the body editor, press “video or audio” and give the number <strong>{}</strong>.", obj.pk
        )

    @admin.display(description="Transcript", boolean=True)
    def has_transcript(self, obj):
        return bool(obj.transcript.strip())
