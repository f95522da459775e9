"""Our own video and audio: files checked by content, a poster from the picture library, WebVTT tracks."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from articles import workflow


def _media_name(instance, filename):
    """A generated name: nothing of the uploader's file name reaches storage or a reader."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"av/{uuid.uuid4().hex}{suffix}"


class MediaKind(models.TextChoices):
    VIDEO = "video", "Video"
    AUDIO = "audio", "Audio"


class MediaFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The files `user` may see and edit, by the body images' rule: editors all; writers their own
        uploads and the files in the bodies of articles they may edit (another desk's stay hidden)."""
        if workflow.sees_all(user):
            return self
        # A body holds a file as its media block, `<figure data-media="<id>">` (richmedia.media reads it).
        in_body = Concat(
            Value('data-media="'), Cast(OuterRef("pk"), models.TextField()), Value('"'), output_field=models.TextField()
        )
        in_editable_article = workflow.editable_articles(user).filter(body__contains=in_body)
        return self.filter(Q(uploaded_by=user) | Q(Exists(in_editable_article)))


class MediaFile(models.Model):
    """A video or audio file of our own, inserted in a body as a media block (`<figure data-media="<id>">`)."""

    kind = models.CharField(max_length=5, choices=MediaKind.choices, editable=False)
    file = models.FileField(
        upload_to=_media_name,
        max_length=255,
        help_text="MP4 or WebM video, or MP3 audio. The file is checked by its content, not its name.",
    )
    content_type = models.CharField(max_length=40, editable=False)
    title = models.CharField(max_length=200, help_text="Shown to readers above the player.")
    description = models.TextField(
        "alt text",
        blank=True,
        help_text="What the video shows, for readers who cannot see it. Required before a story with it is published.",
    )
    transcript = models.TextField(
        blank=True,
        help_text="Everything said (and any important sound). Required before a story with it is published.",
    )
    poster = models.ForeignKey(
        "images.BodyImage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="A picture from the body-image library shown before the video plays.",
    )
    credit = models.CharField(max_length=200, blank=True, help_text="Who made it, e.g. “Video: J. Doe”.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MediaFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        verbose_name = "video or audio file"
        verbose_name_plural = "video and audio files"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("admin:richmedia_mediafile_change", args=[self.pk])

    @property
    def block(self):
        """What the editor stores for this file in a body."""
        return f'<figure data-media="{self.pk}"></figure>'

    def missing_for_publication(self):
        missing = []
        if self.kind == MediaKind.VIDEO and not self.description.strip():
            missing.append(f"alt text for the video “{self.title}”")
        if not self.transcript.strip():
            missing.append(f"a transcript for “{self.title}”")
        return missing


class CaptionTrack(models.Model):
    """A WebVTT captions or subtitles track of a video or audio file."""

    class Kind(models.TextChoices):
        CAPTIONS = "captions", "Captions (same language, with sounds)"
        SUBTITLES = "subtitles", "Subtitles (a translation)"

    media = models.ForeignKey(MediaFile, on_delete=models.CASCADE, related_name="tracks")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CAPTIONS)
    language = models.CharField(max_length=20, help_text="A language tag, e.g. “en” or “es-MX”.")
    label = models.CharField(max_length=60, help_text="What the player's menu shows, e.g. “English”.")
    file = models.FileField(upload_to=_media_name, max_length=255, help_text="A WebVTT (.vtt) file.")

    class Meta:
        ordering = ["media", "id"]
        verbose_name = "captions or subtitles track"
        verbose_name_plural = "captions and subtitles tracks"
        constraints = [
            models.UniqueConstraint(fields=["media", "kind", "language"], name="richmedia_one_track_per_language")
        ]

    def __str__(self):
        return f"{self.label} ({self.language})"
