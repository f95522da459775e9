"""Tag merging: an admin action on tags that folds the selected ones into the one the editor keeps."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse

from articles.admin_panels import Panel
from articles.models import Tag

from .. import roles, services


class TagMergeForm(forms.Form):
    survivor = forms.ModelChoiceField(queryset=Tag.objects.none(), widget=forms.RadioSelect, empty_label=None)


@admin.action(description="Merge selected tags into one")
def merge_selected_tags(modeladmin, request, queryset):
    tags = list(queryset.order_by("-article_count", "name"))
    if len(tags) < 2:
        modeladmin.message_user(request, "Select at least two tags to merge.", messages.WARNING)
        return None
    form = TagMergeForm(request.POST if "apply" in request.POST else None)
    form.fields["survivor"].queryset = queryset
    if form.is_bound and form.is_valid():
        survivor = form.cleaned_data["survivor"]
        merged = [tag for tag in tags if tag.pk != survivor.pk]
        with transaction.atomic():
            moved = services.merge_tags(survivor=survivor, merged=merged)
        modeladmin.message_user(
            request,
            f"Merged {', '.join(t.name for t in merged)} into {survivor.name}: {moved} article link(s) moved; "
            "the old tag pages now redirect.",
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": "Merge tags",
        "tags": tags,
        "form": form,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "action_name": "merge_selected_tags",
    }
    return TemplateResponse(request, "editorial/admin/tag_merge.html", context)


class TagMergePanel(Panel):
    """The merge action, offered to those whose role may merge tags."""

    actions = [merge_selected_tags]

    def action_allowed(self, request, action):
        return roles.can_merge_tags(request.user)
