"""What we know about each stored image, kept apart from the models that use it.

An image is identified by its storage name (`heroes/2026/11/<hex>_1600x900.jpg`), the
value an Article's hero_image or an Author's photo holds. ImageMeta adds what the
editor decides about the picture (the focal point), and Rendition records each
resized copy made from it, so renditions are made once and a rebuild can resume.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.urls import reverse

from articles import workflow

from . import specs

UNIT_INTERVAL = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class ImageMeta(models.Model):
    name = models.CharField(
        "stored name", max_length=255, unique=True, help_text="The image's name in storage, as the article holds it."
    )
    width = models.PositiveIntegerField(help_text="Width of the stored master, in pixels.")
    height = models.PositiveIntegerField(help_text="Height of the stored master, in pixels.")
    focal_x = models.FloatField(
        "focal point, across",
        null=True,
        blank=True,
        validators=UNIT_INTERVAL,
        help_text="0 is the left edge, 1 the right. Crops for cards and social previews centre on this point.",
    )
    focal_y = models.FloatField(
        "focal point, down",
        null=True,
        blank=True,
        validators=UNIT_INTERVAL,
        help_text="0 is the top edge, 1 the bottom. Leave both empty to crop around the centre.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        verbose_name = "image"
        verbose_name_plural = "images"
        constraints = [
            models.CheckConstraint(
                condition=(Q(focal_x__isnull=True) & Q(focal_y__isnull=True))
                | (Q(focal_x__gte=0, focal_x__lte=1) & Q(focal_y__gte=0, focal_y__lte=1)),
                name="imagemeta_focal_point_in_image",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:images_imagemeta_change", args=[self.pk])

    @property
    def master(self):
        return specs.parse_master(self.name)

    @property
    def focal_point(self):
        """(x, y) in 0..1, or None for the centre."""
        if self.focal_x is None or self.focal_y is None:
            return None
        return (self.focal_x, self.focal_y)


class Rendition(models.Model):
    image = models.ForeignKey(ImageMeta, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=40, help_text='Crop, width and format, e.g. "16x9-w800.webp".')
    crop = models.CharField(max_length=10, blank=True, help_text='"16:9", "1:1", or empty for the whole image.')
    format = models.CharField(max_length=10)
    file = models.FileField(max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    focal_x = models.FloatField(null=True, blank=True, help_text="The focal point a crop was made around.")
    focal_y = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["image", "crop", "width", "format"]
        get_latest_by = "created_at"
        constraints = [models.UniqueConstraint(fields=["image", "spec"], name="unique_rendition_per_image")]

    def __str__(self):
        return f"{self.image.name} · {self.spec}"


class BodyImageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The body images `user` may see and edit: editors all; writers their own uploads and the
        pictures in the bodies of articles they may edit (another desk's embargoed pictures stay hidden)."""
        if workflow.sees_all(user):
            return self
        # A body holds a picture as `src="<MEDIA_URL><stored name>"` (images.body reads it the same way).
        in_body = Concat(
            Value(f'src="{settings.MEDIA_URL}'), OuterRef("file"), Value('"'), output_field=models.TextField()
        )
        in_editable_article = workflow.editable_articles(user).filter(body__contains=in_body)
        return self.filter(Q(uploaded_by=user) | Q(Exists(in_editable_article)))


class BodyImage(models.Model):
    """A picture for an article's body, uploaded once and inserted in the editor by its URL.

    The upload goes through the same pipeline as hero images (judged by content, re-encoded
    without EXIF/GPS, generated name, renditions made on save: settings.IMAGE_FIELDS), so the
    public page can turn the body's `<img src="/media/…">` into a responsive `<picture>` by
    the name alone (images.body).
    """

    file = models.ImageField(
        "image",
        upload_to="body/%Y/%m/",
        max_length=255,
        help_text="JPEG, PNG, WebP or GIF. Location data and other metadata are removed on upload.",
    )
    alt = models.CharField(
        "alt text",
        max_length=300,
        help_text="What the picture shows, for readers who cannot see it. Paste it into the editor's alt field.",
    )
    caption = models.CharField(
        max_length=500, blank=True, help_text="Shown under the picture when you insert it as a figure."
    )
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer or source, e.g. “Photo: J. Doe”.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The staff member who uploaded it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BodyImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        verbose_name = "body image"
        verbose_name_plural = "body images"
        indexes = [models.Index(fields=["-created_at"], name="bodyimage_created_idx")]

    def __str__(self):
        return self.alt or self.file.name

    def get_absolute_url(self):
        return reverse("admin:images_bodyimage_change", args=[self.pk])
