from django import forms

from articles.models import Section, Tag

from .query import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """The reader's query and filters; anything malformed is a form error (a 400 page)."""

    q = forms.CharField(
        label="Search for",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": f"Searches can be up to {MAX_QUERY_LENGTH} characters long."},
    )
    section = forms.ChoiceField(label="Section", required=False)
    tag = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = Section.objects.only("name", "slug") if sections is None else sections
        self.fields["section"].choices = [("", "All sections")] + [(s.slug, s.name) for s in sections]
        self.tag = None

    def clean_tag(self):
        slug = self.cleaned_data["tag"]
        if not slug:
            return ""
        # Only a tag readers may know (one a public story carries): a draft's tag stays unknown.
        self.tag = Tag.objects.public().filter(slug=slug).only("name", "slug").first()
        if self.tag is None:
            raise forms.ValidationError("There is no such tag.")
        return slug
