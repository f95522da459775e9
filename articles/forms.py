"""Admin forms for articles: the edit form and the workflow's buttons and bulk-action fields."""

from django import forms
from django.contrib.admin.helpers import ActionForm

from .models import Article, Tag
from .sanitize import safe_link
from .workflow import ACTIONS


class ArticleAdminForm(forms.ModelForm):
    """The article's content. `status` is never a field here: it changes only through articles.workflow,
    so a crafted POST carrying status=published is simply ignored."""

    class Meta:
        model = Article
        exclude = ["status"]  # noqa: DJ006 - every other field is the admin's to choose; status never is

    def clean_source_url(self):
        """The model keeps only http(s) links (articles.sanitize.safe_link): say so instead of dropping one."""
        url = self.cleaned_data.get("source_url", "")
        if url and not safe_link(url):
            raise forms.ValidationError("Use an http:// or https:// address for the source.")
        return url

    def clean_tags(self):
        """A tag longer than Tag.name allows is a form error here, not a database error on save."""
        tags = self.cleaned_data.get("tags") or []
        limit = Tag._meta.get_field("name").max_length
        too_long = [tag for tag in tags if len(tag) > limit]
        if too_long:
            raise forms.ValidationError(
                f"A tag can have at most {limit} characters; shorten: {', '.join(t[:40] + '…' for t in too_long)}"
            )
        return tags


class WorkflowFieldsForm(forms.Form):
    """The comment and time that go with a workflow action."""

    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Kept in the article's history; required when returning it to the writer.",
    )
    override_reason = forms.CharField(
        label="Override reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Only when checks warn (the claims check): say why the story may go as it is. Kept in the "
        "history with the warnings it goes past; an edit that resolves them needs no reason.",
    )
    publish_at = forms.DateTimeField(
        label="Go live at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Only for Schedule: a future date and time.",
    )


class WorkflowTransitionForm(WorkflowFieldsForm):
    """What a transition button on the change form posts."""

    action = forms.ChoiceField(choices=[(name, action.label) for name, action in ACTIONS.items()])


class WorkflowActionForm(ActionForm, WorkflowFieldsForm):
    """The changelist's action bar, with a comment (for Return), a time (for Schedule) and an override reason."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].widget = forms.TextInput(attrs={"size": 30, "placeholder": "Comment (for Return)"})
        self.fields["override_reason"].widget = forms.TextInput(
            attrs={"size": 30, "placeholder": "Override reason (if checks warn)"}
        )
