"""The image picker's upload: a Body image through the same safe pipeline as the images admin."""

from django import forms

from images.forms import SafeImageField
from images.models import BodyImage


class PickerUploadForm(forms.ModelForm):
    """Upload a picture for the body: the file is judged by its content and re-encoded; alt text is required."""

    file = SafeImageField(label="Image", help_text=BodyImage._meta.get_field("file").help_text)

    class Meta:
        model = BodyImage
        fields = ["file", "alt", "caption", "credit"]


class PickerSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search the library")
