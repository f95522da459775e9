"""The article form's rich body editor and the tag field's name suggestions."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path, reverse_lazy
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles.admin_panels import Panel
from articles.models import Tag
from articles.sanitize import validate_nothing_lost

# What the body editor offers; articles/sanitize.py allows all of it and nothing more dangerous.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Code": True,
    "CodeBlock": True,
    "HorizontalRule": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Blockquote": True,
    "HardBreak": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # Pictures by URL: upload a Body image (images admin) and paste its address; the public page
    # serves it as a responsive <picture> (images.body). Figure adds an optional caption.
    "Image": True,
    # The figure dialog's "Browse..." opens the image library picker (richmedia): search, pick or upload.
    "Figure": {"pickerUrl": reverse_lazy("richmedia:image_picker")},
    # Embeds by link (richmedia): a pasted YouTube, Vimeo, X, … link becomes an embed block.
    "Embed": {"lookupUrl": reverse_lazy("richmedia:embed_lookup")},
    # Galleries (richmedia): select several figures and press "gallery"; readers get a grid and a larger view.
    "Gallery": True,
    # Our own video and audio (richmedia): a player with poster, captions and transcript.
    "Media": True,
    "Caption": True,
    "History": True,
    # The prose editor turns the browser's spellcheck off by default; writers want it.
    "NoSpellCheck": False,
}


def _empty_editor_is_empty(html):
    """The editor always leaves one empty paragraph; an empty body must stay "" for the publishing checks."""
    stripped = (html or "").replace("<br>", "").replace("<p></p>", "").strip()
    return "" if not stripped else html


class EditorPanel(Panel):
    """`body` is edited in the prose editor; `tags` suggests existing tag names as one types."""

    media = forms.Media(
        css={"all": ["editorial/admin.css"]}, js=["editorial/tag-autocomplete.js", "editorial/admin-labels.js"]
    )

    def urls(self):
        opts = self.model_admin.opts
        wrap = self.model_admin.admin_site.admin_view
        return [path("tag-names/", wrap(self.tag_names_view), name=f"{opts.app_label}_{opts.model_name}_tag_names")]

    def formfield(self, db_field, request, field):
        if db_field.name == "body":
            return ProseEditorFormField(
                config={"extensions": BODY_EDITOR_EXTENSIONS},
                widget=AdminProseEditorWidget,
                sanitize=_empty_editor_is_empty,
                # What sanitizing would cut (text in elements the site does not keep) refuses the save.
                validators=[validate_nothing_lost],
                required=not db_field.blank,
                label=db_field.verbose_name.capitalize(),
                help_text=db_field.help_text,
            )
        if db_field.name == "tags" and field is not None:
            field.widget.attrs["data-tag-names-url"] = self.url("tag_names")
            field.widget.attrs["autocomplete"] = "off"
        return field

    def tag_names_view(self, request):
        if not self.model_admin.has_view_or_change_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:100]
        tags = Tag.objects.order_by("-article_count", "name")
        if query:
            tags = tags.filter(name__icontains=query)
        response = JsonResponse({"tags": list(tags.values_list("name", flat=True)[:20])})
        response["Cache-Control"] = "private, max-age=60"
        return response
