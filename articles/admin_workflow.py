"""The editorial workflow in the article admin: filters, state buttons, bulk actions, counts, share links.

Every state change goes through articles.workflow, whichever door it comes in by:
the buttons on the change form (which save the form first, so nothing typed is
lost), the `…/<id>/workflow/` endpoint, or a bulk action. The admin itself only
decides what to show; the refusals are the workflow's.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import admin_pending, preview, workflow
from .admin_bulk import BULK_ACTIONS, form_errors  # noqa: F401 - articles.admin takes the actions from here
from .admin_filters import StateFilter, state_filter_label
from .admin_panels import PanelAdmin
from .forms import WorkflowTransitionForm
from .models import ArticleAuthor, Author
from .workflow import ACTIONS

WORKFLOW_PREFIX = "workflow"
# The change form's button that saves what was typed, then makes a share-preview link.
SHARE_BUTTON = "workflow-share"
# A refused action's comment and override reason, kept for the form it is sent back to (per article, in the session).
KEPT_COMMENT_KEY = "workflow-kept-comment"

# Fields a writer sees but cannot set: medical review is an editor's call.
EDITOR_ONLY_FIELDS = {
    "reviewed_by": "articles.review_article",
    "last_reviewed": "articles.review_article",
}


RENDERED_BODY = "body_as_readers_see_it"
SLUG_PLACEHOLDER = "SLUG"


class ArticleWorkflowAdmin(PanelAdmin):
    """Workflow rules and screens of the article admin (ArticleAdmin adds its lists and fields); see above."""

    # --- Who sees and edits what ------------------------------------------------------

    def get_queryset(self, request):
        # Writers see only their own articles (embargoed stories stay with their desk); editors see all.
        articles = workflow.with_publication_facts(super().get_queryset(request))
        return workflow.visible_articles(request.user, articles)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return admin_pending.may_edit(request.user, obj)  # a live story: its pending version (articles.pending)

    def get_object(self, request, object_id, from_field=None):
        # The change form of a live story shows (and saves) its pending version, not the row readers see.
        return admin_pending.prepare(super().get_object(request, object_id, from_field))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return admin_pending.with_pending_tags(form) if admin_pending.is_diverted(obj) else form

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if admin_pending.is_diverted(obj) and not workflow.can_edit(request.user, obj):
            # Citations and other rows are saved as they are typed: on a live story, editors' alone.
            return [inline for inline in inlines if inline.model is ArticleAuthor]
        return inlines

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return workflow.can_edit(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            readonly.append(RENDERED_BODY)
        for field, permission in EDITOR_ONLY_FIELDS.items():
            if not request.user.has_perm(permission) and field not in readonly:
                readonly.append(field)
        return readonly

    def get_fieldsets(self, request, obj=None):
        """An article the user may only read shows its body as readers get it, not as HTML source."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [RENDERED_BODY if field == "body" else field for field in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description="Body")
    def body_as_readers_see_it(self, article):
        # Stored bodies are sanitized on save (articles.sanitize), so they may be shown as they are.
        return mark_safe(article.body_html or article.body)  # noqa: S308

    def view_on_site(self, article):
        """The public address only once readers can see it; until then the change form offers Preview."""
        return article.get_absolute_url() if article.is_public else None

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_object(self, request, obj, form, change):
        if change and admin_pending.is_diverted(obj):
            admin_pending.store_upload(obj)  # the row readers see is not written: the pending version is
            return
        super().save_object(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not (change and admin_pending.is_diverted(form.instance)):
            return super().save_related(request, form, formsets, change)
        admin_pending.save(request, form.instance, form, formsets)
        beside = [formset for formset in formsets if formset.model is not ArticleAuthor]
        if any(formset.has_changed() for formset in beside) or any(
            name in form.changed_data for panel in self.bound_panels for name in panel.saved_beside_row
        ):
            # Written now, not held for review: other open forms of the story must see them as a change.
            self.model.objects.filter(pk=form.instance.pk).update(extras_saved_at=timezone.now())
        for formset in beside:
            self.save_formset(request, form, formset, change)
        live = self.model.objects.get(pk=form.instance.pk)  # the panels' after-save steps see the live story
        for panel in self.bound_panels:
            panel.after_save(request, live, change)
        return None

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if inline.model is ArticleAuthor and admin_pending.is_diverted(obj):
            return admin_pending.byline_formset_kwargs(obj, kwargs)
        if obj.pk is None and inline.model is ArticleAuthor and request.method == "GET":
            # A new story shows its writer on the byline (related_saved() adds them if the row is left as it is).
            author = Author.objects.filter(user=request.user).first()
            if author is not None:
                kwargs["initial"] = [{"author": author.pk, "position": 0}]
        return kwargs

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug" and field is not None:
            # editorial/slug-address.js shows the story's real address as the slug is typed.
            example = reverse("articles:article", kwargs={"slug": SLUG_PLACEHOLDER})
            field.widget.attrs["data-address"] = request.build_absolute_uri(example)
            field.widget.attrs["data-placeholder"] = SLUG_PLACEHOLDER
        return field

    def related_saved(self, request, article, change):
        if not change and not article.bylines.exists():
            # A writer's new story carries their byline unless they chose one.
            author = Author.objects.filter(user=request.user).first()
            if author is not None:
                article.bylines.create(author=author, position=0)

    # --- The change form ----------------------------------------------------------------

    def workflow_context(self, request, article):
        user = request.user
        actions = workflow.available_actions(user, article)
        return {
            "label": workflow.status_label(article),
            "state": workflow.current_state(article),
            "actions": actions,
            "needs_time": any(action.needs_time for action in actions),
            "time_zone": settings.TIME_ZONE,
            "missing": workflow.missing_for_publication(article),
            "history": workflow.labelled_history(article, step_labels=admin_pending.STEP_LABELS),
            "form": WorkflowTransitionForm(
                prefix=WORKFLOW_PREFIX,
                initial={"publish_at": article.published_at, **self.kept_comment(request, article)},
            ),
            "can_override": user.has_perm(workflow.overrides.PERMISSION),
            "can_preview": user.has_perm("articles.preview_article"),
            "preview_url": reverse("articles:preview", args=[article.pk]),
            "can_share": user.has_perm("articles.share_preview"),
            "share_button": SHARE_BUTTON,
            "can_edit": workflow.can_edit(user, article),
            "transition_url": self.workflow_url("transition", article),
            "share_hours": preview.max_age().total_seconds() // 3600,
            "preview_links": preview.live_links(article) if user.has_perm("articles.share_preview") else [],
            "revoke_url": self.workflow_url("revoke_preview", article),
            "pending": admin_pending.context(request, article),
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None and self.has_view_or_change_permission(request, article):
            extra_context = {**(extra_context or {}), "workflow": self.workflow_context(request, article)}
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        response = self.workflow_response(request, obj)
        return response or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        response = self.workflow_response(request, obj)
        return response or super().response_add(request, obj, post_url_continue)

    def workflow_response(self, request, article):
        """After the form was saved: take the pressed workflow button, ask first, or make the share link."""
        if SHARE_BUTTON in request.POST:
            messages.success(request, f'"{article}" was saved.')
            self.make_share_link(request, article)
            return HttpResponseRedirect(self.change_url(article))
        if admin_pending.STEP_FIELD in request.POST or (
            f"{WORKFLOW_PREFIX}-action" not in request.POST and admin_pending.is_diverted(article)
        ):
            return admin_pending.saved_response(self, request, article)
        if f"{WORKFLOW_PREFIX}-action" not in request.POST:
            return None
        messages.success(request, f'"{article}" was saved.')
        action = ACTIONS.get(request.POST[f"{WORKFLOW_PREFIX}-action"])
        if action is not None and action.confirm:
            return self.confirm_page(request, article, action, request.POST)
        self.run_transition(request, article, request.POST)
        return HttpResponseRedirect(self.change_url(article))

    def confirm_page(self, request, article, action, data):
        """Ask before an action readers would notice: name what happens, offer it and a way back."""
        form = WorkflowTransitionForm(data, prefix=WORKFLOW_PREFIX)
        form.is_valid()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "action": action,
            "is_public": article.is_public,
            "state": workflow.status_label(article),
            "comment": form.cleaned_data.get("comment", ""),
            "override_reason": form.cleaned_data.get("override_reason", ""),
            "publish_at": data.get(f"{WORKFLOW_PREFIX}-publish_at", ""),
            "transition_url": self.workflow_url("transition", article),
            "change_url": self.change_url(article),
            "title": f"{action.label}: are you sure?",
        }
        return TemplateResponse(request, "admin/articles/article/workflow_confirm.html", context)

    def kept_comment(self, request, article):
        kept = request.session.get(KEPT_COMMENT_KEY) if hasattr(request, "session") else None
        if not kept or kept.get("article") != article.pk:
            return {}
        del request.session[KEPT_COMMENT_KEY]
        return {name: kept.get(name, "") for name in ("comment", "override_reason")}

    def keep_comment(self, request, article, fields):
        kept = {name: fields.get(name) or "" for name in ("comment", "override_reason")}
        if any(kept.values()) and hasattr(request, "session"):
            request.session[KEPT_COMMENT_KEY] = {"article": article.pk, **kept}

    def workflow_url(self, name, article):
        return reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[article.pk])

    def change_url(self, article):
        return self.workflow_url("change", article)

    # --- The list -----------------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        visible = workflow.visible_articles(request.user)
        counts = workflow.cached_state_counts(request.user)
        extra_context = {
            **(extra_context or {}),
            "workflow_counts": [(state, state_filter_label(state), counts[state]) for state in StateFilter.ORDER],
            "workflow_upcoming": list(workflow.upcoming(visible)),
        }
        return super().changelist_view(request, extra_context)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        for name, action in ACTIONS.items():
            if not request.user.has_perm(action.permission):
                actions.pop(f"{name}_selected", None)
        return actions

    # --- Workflow endpoints -------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/workflow/", wrap(self.transition_view), name=f"{prefix}_transition"),
            path("<path:object_id>/pending/", wrap(self.pending_step_view), name=f"{prefix}_pending_step"),
            path("<path:object_id>/share-preview/", wrap(self.share_preview_view), name=f"{prefix}_share_preview"),
            path("<path:object_id>/revoke-preview/", wrap(self.revoke_preview_view), name=f"{prefix}_revoke_preview"),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article, or not one of yours.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def transition_view(self, request, object_id):
        """POST workflow-action (+ workflow-comment, workflow-publish_at): move the article, then go back to it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        self.run_transition(request, article, request.POST, strict=True)
        return HttpResponseRedirect(self.change_url(article))

    def pending_step_view(self, request, object_id):
        return admin_pending.step_view(self, request, object_id)

    def run_transition(self, request, article, data, *, strict=False):
        """Perform the posted action; report success or the refusal as a message.

        strict: a refusal because of the user's role is a 403 (the endpoint), not a message (after a save).
        """
        form = WorkflowTransitionForm(data, prefix=WORKFLOW_PREFIX)
        if not form.is_valid():
            messages.error(request, form_errors(form))
            return False
        action = ACTIONS[form.cleaned_data["action"]]
        try:
            record = workflow.perform(
                article=article,
                action=action.name,
                by=request.user,
                comment=form.cleaned_data["comment"],
                publish_at=form.cleaned_data["publish_at"],
                override_reason=form.cleaned_data["override_reason"],
            )
        except workflow.WorkflowPermissionError as error:
            if strict:
                raise PermissionDenied(str(error)) from error
            messages.error(request, str(error))
            self.keep_comment(request, article, form.cleaned_data)
            return False
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            self.keep_comment(request, article, form.cleaned_data)
            return False
        when = f" for {workflow.format_time(record.scheduled_for)}" if record.scheduled_for else ""
        messages.success(request, f'"{article}" was {action.done}{when}.')
        self.log_change(request, article, f"Workflow: {action.done}{when}.")
        return True

    def share_preview_view(self, request, object_id):
        """POST: make a signed, expiring preview link and show it once in a message."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        if not request.user.has_perm("articles.share_preview"):
            raise PermissionDenied("Your role cannot share previews.")
        self.make_share_link(request, article)
        return HttpResponseRedirect(self.change_url(article))

    def make_share_link(self, request, article):
        if not request.user.has_perm("articles.share_preview"):
            messages.error(request, "Your role cannot share previews.")
            return
        url, expires = preview.share_url(article, by=request.user)
        self.log_change(request, article, f"Made a preview link valid until {workflow.format_time(expires)}.")
        messages.success(
            request,
            f"Preview link for an outside reviewer, valid until {workflow.format_time(expires)}: {url}",
            extra_tags="workflow-share-link",
        )

    def revoke_preview_view(self, request, object_id):
        """POST preview-link=<id>: revoke one of the article's live preview links."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        if not request.user.has_perm("articles.share_preview"):
            raise PermissionDenied("Your role cannot revoke preview links.")
        link_id = request.POST.get("preview-link", "")
        if not (link_id.isascii() and link_id.isdigit() and len(link_id) < 19):
            return HttpResponseBadRequest("Say which preview link to revoke.")
        if preview.revoke_link(article, int(link_id), by=request.user):
            self.log_change(request, article, f"Revoked preview link {link_id}.")
            messages.success(request, "The preview link was revoked: it no longer opens the article.")
        else:
            messages.warning(request, "That preview link had already expired or been revoked.")
        return HttpResponseRedirect(self.change_url(article))
