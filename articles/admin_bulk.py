"""The article list's workflow actions: one action on each selected article, asked first when readers would notice.

Publish, unpublish and archive (the actions with `confirm` words in articles.workflow) show the
selected stories and what readers will notice before anything happens; the page posts the same
action back with `workflow-bulk-confirm=yes`.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from . import workflow
from .forms import WorkflowFieldsForm
from .workflow import ACTIONS

CONFIRM_FIELD = "workflow-bulk-confirm"
# One bulk action takes at most this many stories: each is checked and recorded one by one, and the
# confirmation page posts them all back (below Django's DATA_UPLOAD_MAX_NUMBER_FIELDS).
BULK_LIMIT = 500


def _bulk_action(name):
    action = ACTIONS[name]

    def run(modeladmin, request, queryset):
        return run_bulk_transition(modeladmin, request, queryset, name)

    run.__name__ = f"{name}_selected"
    return admin.action(description=f"{action.label}: selected articles")(run)


BULK_ACTIONS = [_bulk_action(name) for name in ACTIONS]


def run_bulk_transition(modeladmin, request, queryset, name):
    """Apply one action to each selected article; report what happened to each, and why not."""
    form = WorkflowFieldsForm(request.POST)
    if not form.is_valid():
        modeladmin.message_user(request, form_errors(form), messages.ERROR)
        return None
    action = ACTIONS[name]
    if queryset.count() > BULK_LIMIT:
        modeladmin.message_user(
            request,
            f"Choose at most {BULK_LIMIT} articles for one action (filter the list first): nothing was done.",
            messages.ERROR,
        )
        return None
    if action.confirm and request.POST.get(CONFIRM_FIELD) != "yes":
        return confirm_page(modeladmin, request, queryset, action, form)
    done, refused = workflow.transition_many(
        articles=queryset.order_by("pk"), action=name, by=request.user, **form.cleaned_data
    )
    if done:
        modeladmin.message_user(
            request,
            f"{len(done)} article{'s' if len(done) != 1 else ''} {action.done}: {', '.join(done)}.",
            messages.SUCCESS,
        )
    for title, reason in refused:
        modeladmin.message_user(request, f'Not done for "{title}": {reason}', messages.ERROR)
    return None


def confirm_page(modeladmin, request, queryset, action, form):
    articles = list(queryset.select_related(None).order_by("pk").only("pk", "title", "status", "published_at"))
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": f"{action.label}: are you sure?",
        "action": action,
        "action_name": f"{action.name}_selected",
        "articles": articles,
        "live_count": sum(1 for article in articles if article.is_public),
        "fields": [(name, request.POST.get(name, "")) for name in form.fields],
        "checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "confirm_field": CONFIRM_FIELD,
    }
    return TemplateResponse(request, "admin/articles/article/bulk_confirm.html", context)


def form_errors(form):
    return " ".join(
        f"{form.fields[name].label or name}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
        for name, errors in form.errors.items()
    )
