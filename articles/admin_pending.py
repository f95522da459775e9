"""The article admin's side of pending versions (articles.pending owns them and their steps).

The change form of a live story, or of one with a pending version, shows and saves the pending
content: the row readers see is never written by the form (`ArticleWorkflowAdmin.save_object`
skips it; the form's content, tags and byline go to `pending.save()` instead). The step buttons
save first, like the workflow's, then take the step, asking before what readers would notice.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from . import pending, workflow
from .models import ArticleAuthor, Tag, TaggedArticle
from .sanitize import render_body

STEP_FIELD = "pending-step"
COMMENT_FIELD = "pending-comment"
REASON_FIELD = "pending-override_reason"
CONFIRM_FIELD = "pending-confirm"
VERSION_FIELD = "pending-version"  # the pending version a confirmation page showed (when it was last saved)
COMMENT_MAX = 2000
# A refused step's note and override reason, kept for the form it is sent back to (per article, in the session).
KEPT_KEY = "pending-kept-comment"
STEP_LABELS = pending.STEP_LABELS  # how the workflow history names each step


def prepare(article):
    """Read the pending state onto `article` (`pending_version_row`, `edits_pending`); show the pending content."""
    if article is None or hasattr(article, "edits_pending"):
        return article
    article.pending_version_row = pending.pending_of(article)
    article.edits_pending = pending.edits_go_to_pending(article, article.pending_version_row)
    if article.pending_version_row is not None:
        pending.apply_in_memory(article, article.pending_version_row.content)
        article.body_html = render_body(article.body)  # a read-only form shows the pending body as readers would
    return article


def is_diverted(article):
    """Does the change form's save of this article go to its pending version?"""
    return article is not None and prepare(article).edits_pending


def may_edit(user, article):
    """May `user` edit this article's content in the change form (the live row's, or its pending version's)?"""
    if workflow.can_edit(user, article):
        return True
    return is_diverted(article) and pending.may_edit(user, article, article.pending_version_row)


def with_pending_tags(form_class):
    """The change form, showing the pending version's tags (the tag field reads the live ones otherwise)."""

    class PendingTagsForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            tags = getattr(self.instance, "pending_tags", None)
            if tags is not None and "tags" in self.fields:
                self.initial["tags"] = [Tag(name=name) for name in tags]  # the tag field reads their names

    PendingTagsForm.__name__ = form_class.__name__
    return PendingTagsForm


def byline_formset_kwargs(article, kwargs):
    """The byline inline of a pending version: its authors as unsaved rows, not the live byline's."""
    authors = getattr(article, "pending_authors", None)
    if authors is None or _posted_on_live_rows(kwargs):
        return kwargs
    return {
        **kwargs,
        "queryset": ArticleAuthor.objects.none(),
        "initial": [{"author": author, "position": position} for position, author in enumerate(authors)],
    }


def _posted_on_live_rows(kwargs):
    """A form opened before the pending version existed posts the live byline's rows: they are matched and shown
    again (a refused save keeps them), read for the pending version, and never saved."""
    data = kwargs.get("data")
    return bool(data) and data.get(f"{kwargs.get('prefix')}-INITIAL_FORMS", "0") not in ("", "0")


def byline_extra(article, extra):
    """One empty row after the pending byline's rows (they are all "extra" rows of an empty queryset)."""
    authors = getattr(article, "pending_authors", None)
    return extra if authors is None else len(authors) + extra


def store_upload(article):
    """A new hero picture is written to storage now; the pending version keeps its name."""
    article._meta.get_field("hero_image").pre_save(article, False)


def save(request, article, form, formsets):
    """Keep what the form holds as the article's pending version; the live row and its byline stay as they are."""
    if "tags" in form.cleaned_data:
        tags = [str(tag) for tag in form.cleaned_data["tags"]]
    elif getattr(article, "pending_tags", None) is not None:
        tags = article.pending_tags
    else:
        tags = TaggedArticle.objects.filter(content_object_id=article.pk).values_list("tag__name", flat=True)
    bylines = next((formset for formset in formsets if formset.model is ArticleAuthor), None)
    if bylines is not None:
        authors = _byline_authors(bylines)
        bylines.new_objects, bylines.changed_objects, bylines.deleted_objects = [], [], []  # none saved: the log's
    elif getattr(article, "pending_authors", None) is not None:
        authors = article.pending_authors
    else:
        authors = article.bylines.order_by("position", "id").values_list("author", flat=True)
    content = pending.content_of(article, tags=tags, authors=authors)
    if article.pending_version_row is None and content == pending.live_content(article):
        return  # nothing changed (a workflow button pressed on the live story): no pending version
    article.pending_version_row = pending.save(article=article, content=content, by=request.user)


def _byline_authors(formset):
    rows = []
    for index, form in enumerate(formset.forms):
        values = form.cleaned_data if form.has_changed() else form.initial
        if not values or values.get("DELETE") or values.get("author") is None:
            continue
        author = values["author"]
        rows.append((values.get("position") or 0, index, getattr(author, "pk", author)))
    return [author for _, _, author in sorted(rows)]


# --- The change form ---------------------------------------------------------------------------


def context(request, article):
    """What the change form's pending panel shows; None for a story whose edits go straight to its row."""
    if not is_diverted(article):
        return None
    row = article.pending_version_row
    content = row.content if row is not None else None
    return {
        "row": row,
        "status": row.get_status_display() if row is not None else "",
        "steps": pending.available_steps(request.user, article, row),
        "missing": pending.missing(article, content) if content is not None else [],
        "live_url": live_url(article),
        "preview_url": reverse("articles:preview_pending", args=[article.pk]) if row is not None else "",
        "step_url": _url(article, "pending_step"),
        "can_edit": may_edit(request.user, article),
        "step_field": STEP_FIELD,
        "comment_field": COMMENT_FIELD,
        **_kept(request, article),
    }


def _keep(request, article, comment, reason):
    if (comment or reason) and hasattr(request, "session"):
        request.session[KEPT_KEY] = {"article": article.pk, "comment": comment, "override_reason": reason}


def _kept(request, article):
    """{"comment", "override_reason"} a refused step left for this article's form, once; else {}."""
    kept = request.session.get(KEPT_KEY) if hasattr(request, "session") else None
    if not kept or kept.get("article") != article.pk:
        return {}
    del request.session[KEPT_KEY]
    return {"comment": kept.get("comment", ""), "override_reason": kept.get("override_reason", "")}


def saved_response(model_admin, request, article):
    """After the form was saved into the pending version: take the pressed step, or say where the edits went."""
    if STEP_FIELD not in request.POST:
        if article.pending_version_row is None:
            messages.info(request, f'Nothing changed in "{article}": readers see the live version as it is.')
        else:
            messages.success(
                request,
                f'Your changes to "{article}" were saved as pending changes: readers still see the live version '
                "until an editor publishes them.",
            )
        return HttpResponseRedirect(_url(article, "change"))
    return take_step(model_admin, request, article)


def step_view(model_admin, request, object_id):
    """POST pending-step (+ pending-comment, pending-confirm): take a step of the pending version, then go back."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = model_admin._article_or_404(request, object_id)
    return take_step(model_admin, request, article, strict=True)


def take_step(model_admin, request, article, *, strict=False):
    step = pending.STEPS.get(request.POST.get(STEP_FIELD, ""))
    comment = request.POST.get(COMMENT_FIELD, "")[:COMMENT_MAX]
    reason = request.POST.get(REASON_FIELD, "")[:COMMENT_MAX]
    if step is None:
        messages.error(request, "Say which step to take on the pending changes.")
        return HttpResponseRedirect(_url(article, "change"))
    row = prepare(article).pending_version_row
    shown = request.POST.get(VERSION_FIELD)
    if shown is not None and (row is None or shown != row.updated_at.isoformat()):
        # Saved again since the confirmation page was shown: nobody takes a step on changes they did not see.
        who = row.updated_by if row is not None else None
        name = (who.get_full_name() or who.get_username()) if who else "someone"
        messages.error(
            request, f"The pending changes were saved again by {name} since you confirmed: look at them first."
        )
        _keep(request, article, comment, reason)
        return HttpResponseRedirect(_url(article, "change"))
    if step.confirm and request.POST.get(CONFIRM_FIELD) != "yes":
        return TemplateResponse(request, "admin/articles/article/pending_confirm.html", {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts, "article": article, "step": step, "comment": comment, "override_reason": reason,
            "pending_version": row.updated_at.isoformat() if row is not None else "",
            "step_url": _url(article, "pending_step"), "change_url": _url(article, "change"),
            "live_url": live_url(article), "title": f"{step.label}: are you sure?",
        })  # fmt: skip
    try:
        pending.perform(
            article=article, step=step.name, by=request.user, comment=comment, override_reason=reason, seen=shown
        )
    except workflow.WorkflowPermissionError as error:
        if strict:
            raise PermissionDenied(str(error)) from error
        messages.error(request, str(error))
        _keep(request, article, comment, reason)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        _keep(request, article, comment, reason)
    else:
        messages.success(request, f'The changes to "{article}" were {step.done}.')
        model_admin.log_change(request, article, f"Pending changes: {step.done}.")
    return HttpResponseRedirect(_url(article, "change"))


def live_url(article):
    """The live page's address (the form shows the pending slug; readers are still at the stored one)."""
    if not article.is_public:
        return ""
    slug = (article.stored_values() or {}).get("slug") or article.slug
    return reverse("articles:article", kwargs={"slug": slug})


def _url(article, name):
    return reverse(f"admin:articles_article_{name}", args=[article.pk])
