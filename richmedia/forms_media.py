"""Admin forms for our own video and audio: every file judged by content and stored under a generated name."""

from django import forms

from . import checks
from .models import CaptionTrack, MediaFile

ACCEPT_MEDIA = "video/mp4,video/webm,audio/mpeg,.mp4,.webm,.mp3"


class MediaFileForm(forms.ModelForm):
    class Meta:
        model = MediaFile
        fields = ["file", "title", "description", "transcript", "poster", "credit"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPT_MEDIA})}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            content_type, kind = checks.media_type(upload)
            upload.name = f"upload{checks.SUFFIXES[content_type]}"
            self.instance.content_type, self.instance.kind = content_type, kind
        return upload


class CaptionTrackForm(forms.ModelForm):
    class Meta:
        model = CaptionTrack
        fields = ["kind", "language", "label", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "text/vtt,.vtt"})}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):
            checks.check_webvtt(upload)
            upload.name = "captions.vtt"
        return upload
