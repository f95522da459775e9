"""Form pieces for image uploads: the field every image upload in the admin goes through."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from . import processing

ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


class SafeImageField(forms.FileField):
    """An image upload judged by its content and re-encoded before anything is stored.

    Unlike forms.ImageField, a refusal says why (SVG, HTML in disguise, truncated,
    too large, too many pixels, empty), and what reaches the model is the normalised
    image under a generated name (images.processing.normalise_upload), so the
    post-save pipeline only has to make renditions.
    """

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})
    default_error_messages = {"empty": "The file is empty (0 bytes)."}

    def __init__(self, *args, **kwargs):
        kwargs.pop("allow_empty_file", None)
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if not isinstance(upload, UploadedFile):
            return upload
        normalised = processing.normalise_upload(upload)
        return normalised.content
