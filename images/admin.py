"""Admin for images: safe uploads and hero previews as panels of other admins, focal points, body images."""

import logging

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from articles import workflow
from articles.admin_panels import Panel, PanelAdmin

from . import services, specs
from .delivery import best_rendition, thumbnail_rendition
from .forms import SafeImageField
from .models import BodyImage, ImageMeta

logger = logging.getLogger(__name__)

FOCAL_MEDIA = forms.Media(js=["images/focal-point.js"], css={"all": ["images/focal-point.css"]})


NOT_PROCESSED = "Not processed yet: rebuild_renditions makes its renditions."


def thumbnail(image, *, width=96, crop="16:9", alt=""):
    """A preview `width` pixels wide from a rendition near twice that size (no query, no decoding), or "—".

    Never the original: an image outside the pipeline (not yet normalised) has no preview. Give `alt`
    where the preview is a link's only content, so the link has a name.
    """
    name = getattr(image, "name", image)
    master = specs.parse_master(name)
    if master is None:
        return format_html('<span title="{}">—</span>', NOT_PROCESSED) if name else "—"
    if crop:
        box_width, box_height = specs.crop_box_size(master.width, master.height, crop)
    else:
        box_width, box_height = master.width, master.height
    # Twice the shown width, for sharp previews on high-density screens.
    if 2 * width <= specs.THUMBNAIL_WIDTH:
        ref = thumbnail_rendition(name, crop)
    else:
        ref = best_rendition(name, width=2 * width, crop=crop)
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
        ref.url,
        width,
        round(width * box_height / box_width),
        alt,
    )


class SafeUploadsPanel(Panel):
    """Every ImageField of the model is uploaded through SafeImageField (judged by content, re-encoded)."""

    formfield_overrides = {models.ImageField: {"form_class": SafeImageField}}

    def save_model(self, request, obj, form, change, save):
        """A full disk or a read-only media folder costs the editor the new image, never the rest of the form.

        The upload is written when the object is saved; if storage refuses it, the object is
        saved again with its previous image and the editor is told why.
        """
        try:
            with transaction.atomic():  # a savepoint: the failed attempt must not doom the admin's transaction
                save()
        except OSError as error:
            uploaded = [
                field.name
                for field in obj._meta.get_fields()
                if isinstance(field, models.ImageField) and field.name in form.changed_data
            ]
            if not uploaded:
                raise
            logger.error("Storing an upload for %r failed: %s", obj, error)
            for name in uploaded:
                setattr(obj, name, form.initial.get(name) or "")
            save()
            self.model_admin.message_user(
                request,
                f"The image could not be stored ({error.strerror or error}). Everything else was saved; "
                "upload the image again once the media storage is fixed.",
                messages.ERROR,
            )


class HeroImagePanel(Panel):
    """Article list thumbnails and a change-form preview with a link to the focal-point picker."""

    def displays(self):
        return {"hero_thumbnail": self.hero_thumbnail, "hero_preview": self.hero_preview}

    def list_display(self, request, columns):
        at = columns.index("title") + 1 if "title" in columns else len(columns)
        return [*columns[:at], "hero_thumbnail", *columns[at:]]

    def fieldsets(self, request, obj, fieldsets):
        return [
            (name, {**options, "fields": _after_hero_image(options.get("fields", []))}) for name, options in fieldsets
        ]

    def readonly_fields(self, request, obj):
        return ["hero_preview"]

    @admin.display(description="Image")
    def hero_thumbnail(self, article):
        return thumbnail(article.hero_image) if article.hero_image else ""

    @admin.display(description="Preview and focal point")
    def hero_preview(self, article):
        if not article or not article.hero_image:
            return "No image yet. Upload one and save: renditions and crops are made on save."
        meta = ImageMeta.objects.filter(name=article.hero_image.name).only("pk", "focal_x", "focal_y").first()
        preview = thumbnail(article.hero_image, width=320, crop="")
        if meta is None:
            return preview
        focal = "centre" if meta.focal_point is None else f"{meta.focal_x:.2f} across, {meta.focal_y:.2f} down"
        return format_html(
            '{}<p>Crops for cards and social previews centre on: {}. <a href="{}">Set the focal point</a></p>',
            preview,
            focal,
            meta.get_absolute_url(),
        )


def _after_hero_image(fields):
    """The preview shows right under the hero image field, wherever the admin lists it."""
    if "hero_image" not in fields or "hero_preview" in fields:
        return fields
    at = list(fields).index("hero_image") + 1
    return [*fields[:at], "hero_preview", *fields[at:]]


class FocalPointForm(forms.ModelForm):
    class Meta:
        model = ImageMeta
        fields = ["focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("focal_x") is None) != (cleaned.get("focal_y") is None):
            raise forms.ValidationError("Give both coordinates of the focal point, or neither for the centre.")
        return cleaned


@admin.register(ImageMeta)
class ImageMetaAdmin(admin.ModelAdmin):
    form = FocalPointForm
    list_display = ["list_thumbnail", "name", "width", "height", "focal_point_label", "rendition_total", "created_at"]
    list_display_links = ["list_thumbnail", "name"]
    search_fields = ["name"]
    date_hierarchy = "created_at"
    fields = ["focal_picker", "focal_x", "focal_y", "name", "width", "height", "rendition_list"]
    readonly_fields = ["focal_picker", "name", "width", "height", "rendition_list"]

    @property
    def media(self):
        return super().media + FOCAL_MEDIA

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(rendition_total=Count("renditions"))

    def has_add_permission(self, request):
        return False  # images arrive through the fields that hold them

    # Whoever may edit a story may set its hero's focal point (the hero preview links here).
    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._hero_of_editable_article(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._hero_of_editable_article(request, obj)

    def _hero_of_editable_article(self, request, meta):
        return meta is not None and workflow.editable_articles(request.user).filter(hero_image=meta.name).exists()

    def save_model(self, request, obj, form, change):
        services.set_focal_point(obj, obj.focal_point)

    @admin.display(description="Image")
    def list_thumbnail(self, meta):
        return thumbnail(meta.name)

    @admin.display(description="Focal point")
    def focal_point_label(self, meta):
        return "centre" if meta.focal_point is None else f"{meta.focal_x:.2f}, {meta.focal_y:.2f}"

    @admin.display(description="Renditions", ordering="rendition_total")
    def rendition_total(self, meta):
        return meta.rendition_total

    @admin.display(description="Click the image to set the focal point")
    def focal_picker(self, meta):
        master = meta.master
        if master is None:
            return "—"
        width = min(master.width, 800)
        return format_html(
            '<div class="focal-picker" data-focal-x="id_focal_x" data-focal-y="id_focal_y">'
            '<img src="{}" width="{}" height="{}" alt="The image; click the point crops should keep in view">'
            '<span class="focal-picker__marker" hidden></span></div>',
            best_rendition(meta.name, width=800).url,
            width,
            round(width * master.height / master.width),
        )

    @admin.display(description="Renditions")
    def rendition_list(self, meta):
        renditions = list(meta.renditions.all())
        if not renditions:
            return "None yet: run manage.py rebuild_renditions."
        items = format_html_join(
            "", '<li><a href="{}">{}</a> ({}×{})</li>', ((r.file.url, r.spec, r.width, r.height) for r in renditions)
        )
        return format_html("<ul>{}</ul>", items)


@admin.register(BodyImage)
class BodyImageAdmin(PanelAdmin):
    """Pictures for article bodies: upload here, then paste the address into the editor's image dialog."""

    panels = [SafeUploadsPanel]

    list_display = ["list_thumbnail", "alt", "caption", "credit", "uploaded_by", "created_at"]
    list_display_links = ["list_thumbnail", "alt"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt", "caption", "credit"]
    date_hierarchy = "created_at"
    readonly_fields = ["paste_url", "preview", "uploader", "created_at"]

    def get_queryset(self, request):
        # Writers see their own uploads and the pictures of articles they may edit; editors see all.
        return super().get_queryset(request).visible_to(request.user)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["file", "alt", "caption", "credit"]
        return ["paste_url", "preview", "file", "alt", "caption", "credit", "uploader", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    # A name, not a link: the account page is an administrator's, and would answer 403 to the desk.
    @admin.display(description="Uploaded by")
    def uploader(self, body_image):
        user = body_image.uploaded_by
        return (user.get_full_name() or user.get_username()) if user else "(deleted account)"

    @admin.display(description="Image")
    def list_thumbnail(self, body_image):
        # The preview links to the change form: its alt text names the link.
        alt = body_image.alt or f"Image {body_image.pk}"
        return thumbnail(body_image.file, crop="", alt=alt) if body_image.file else "—"

    @admin.display(description="Preview")
    def preview(self, body_image):
        return thumbnail(body_image.file, width=320, crop="") if body_image.file else "—"

    @admin.display(description="Address to paste into the editor")
    def paste_url(self, body_image):
        if not body_image.file:
            return "—"
        return format_html(
            '<input type="text" readonly value="{}" size="70" class="vTextField">'
            "<p>In the article body, choose the image (or figure) button and paste this address; "
            "use the alt text above. Readers get a responsive, lazily loaded picture.</p>",
            body_image.file.url,
        )
