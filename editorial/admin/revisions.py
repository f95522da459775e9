"""Revisions in the article admin: history, diff and restore; stale-form refusal; "being edited by"."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from articles import changes, pending
from articles.admin_panels import Panel

from .. import diff, roles, services
from ..models import Revision

VERSION_FIELD = "editorial_version"
# Revision numbers are stored in a 32-bit positive integer column; anything larger names no revision.
LARGEST_REVISION_NUMBER = 2**31 - 1


def requested_revision_numbers(query):
    """The revisions `?a=&b=` ask the diff for, sorted; None when they are not given as integers.

    A number no revision can have is a 404 here, before the database is asked about it.
    """
    try:
        numbers = sorted({int(query["a"]), int(query["b"])})
    except (KeyError, ValueError):
        return None
    if not all(1 <= number <= LARGEST_REVISION_NUMBER for number in numbers):
        raise Http404("No such revisions.")
    return numbers


# What an editor may say of an edit for the public change history: (message when on, when off).
PUBLIC_HISTORY_FLAGS = {
    "minor": ("minor: folded away in the public change history", "not minor: listed in the public change history"),
    "withheld": (
        "withheld: the public change history shows neither it nor any change before it",
        "no longer withheld from the public change history",
    ),
}


def numbered_revision(model, number, **owner):
    """The owner's revision `number` (from the address), or 404.

    A number no revision can have never reaches the database (PostgreSQL refuses one past its integer range).
    """
    if not 1 <= number <= LARGEST_REVISION_NUMBER:
        raise Http404("No such revision.")
    return get_object_or_404(model, number=number, **owner)


def format_moment(moment):
    return date_format(timezone.localtime(moment), "j M Y, H:i T") if moment else "an unknown time"


def presence_text(others):
    names = ", ".join(f"{o['name']} (since {format_moment(o['since'])})" for o in others)
    return f"Also open right now: {names}. Save carefully: the later save will be refused if you both change it."


class RevisionsPanel(Panel):
    """Every save from the change form is a revision, taken once bylines and tags are saved too."""

    media = forms.Media(css={"all": ["editorial/admin.css"]}, js=["editorial/presence.js"])
    form_fields = [VERSION_FIELD]

    # --- The change form ----------------------------------------------------------------

    def displays(self):
        return {"revision_history": self.revision_history}

    def fieldsets(self, request, obj, fieldsets):
        if obj is None or not self.model_admin.has_change_permission(request, obj) or not fieldsets:
            return fieldsets
        name, options = fieldsets[0]
        first = (name, {**options, "fields": [*options.get("fields", []), VERSION_FIELD]})
        return [first, *fieldsets[1:], ("Revisions", {"fields": ["revision_history"]})]

    def readonly_fields(self, request, obj):
        return ["revision_history"] if obj is not None else []

    @admin.display(description="History")
    def revision_history(self, article):
        if article is None or not article.pk:
            return "-"
        count = Revision.objects.filter(article=article).count()
        return format_html(
            '{} saved revision{}. <a href="{}">See, compare and restore revisions</a>',
            count,
            "" if count == 1 else "s",
            self.url("revisions", article.pk),
        )

    def form(self, request, obj, form):
        if obj is None or not self.model_admin.has_change_permission(request, obj):
            return form
        return type(form.__name__, (VersionedFormMixin, form), {
            VERSION_FIELD: forms.CharField(widget=forms.HiddenInput, required=False),
            "diff_url": lambda _form, query: self.url("revision_diff", obj.pk, query=query),
            "presence_url": self.url("presence", obj.pk),
        })  # fmt: skip

    def save_model(self, request, obj, form, change, save):
        with services.revision_recorded_by_caller():
            save()

    def after_save(self, request, obj, change):
        services.record_revision(obj, by=request.user)

    def change_response(self, request, response):
        context = getattr(response, "context_data", None) or {}
        adminform = context.get("adminform")
        if adminform is None:
            return response
        if getattr(adminform.form, "editorial_conflict", None):
            response.status_code = 409
        original = context.get("original")
        if original is not None and original.pk and request.method == "GET":
            others = services.mark_present(article_id=original.pk, user=request.user)
            if others:
                messages.warning(request, presence_text(others), extra_tags="editorial-presence")
        return response

    # --- Views ---------------------------------------------------------------------------

    def urls(self):
        opts = self.model_admin.opts
        prefix = f"{opts.app_label}_{opts.model_name}_"
        wrap = self.model_admin.admin_site.admin_view
        return [
            path("<path:object_id>/revisions/", wrap(self.revisions_view), name=prefix + "revisions"),
            path("<path:object_id>/revisions/diff/", wrap(self.revision_diff_view), name=prefix + "revision_diff"),
            path(
                "<path:object_id>/revisions/<int:number>/restore/",
                wrap(self.revision_restore_view),
                name=prefix + "revision_restore",
            ),
            path(
                "<path:object_id>/revisions/<int:number>/minor/",
                wrap(self.revision_minor_view),
                name=prefix + "revision_minor",
            ),
            path("<path:object_id>/presence/", wrap(self.presence_view), name=prefix + "presence"),
        ]

    def _article(self, request, object_id):
        article = self.model_admin.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.model_admin.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _context(self, request, article, **extra):
        opts = self.model_admin.opts
        return {
            **self.model_admin.admin_site.each_context(request),
            "opts": opts,
            "original": article,
            "app_label": opts.app_label,
            "change_url": self.url("change", article.pk),
            "changelist_url": self.url("changelist"),
            "revisions_url": self.url("revisions", article.pk),
            **extra,
        }

    def revisions_view(self, request, object_id):
        article = self._article(request, object_id)
        revisions = list(Revision.objects.filter(article=article).select_related("by").order_by("-number"))
        rows = []
        for newer, older in zip(revisions, [*revisions[1:], None][: len(revisions)], strict=True):
            changed = diff.changed_labels(older.snapshot, newer.snapshot) if older else ["First version"]
            rows.append({"revision": newer, "changed": changed, "previous": older})
        can_restore = roles.can_restore(request.user) and self.model_admin.has_change_permission(request, article)
        restore_forms = [(r.number, self.url("revision_restore", article.pk, r.number)) for r in revisions[1:]]
        can_mark_minor = roles.can_mark_minor(request.user) and self.model_admin.has_change_permission(request, article)
        minor_forms = [
            (r.number, self.url("revision_minor", article.pk, r.number), r.minor, r.withheld) for r in revisions
        ]
        context = self._context(
            request,
            article,
            title=f"Revisions of “{article}”",
            rows=rows,
            can_restore=can_restore,
            diff_url=self.url("revision_diff", article.pk),
            restore_forms=restore_forms if can_restore else [],
            can_mark_minor=can_mark_minor,
            minor_forms=minor_forms if can_mark_minor else [],
            public_history_url=reverse("editorial:article_changes", kwargs={"slug": article.slug}),
        )
        return TemplateResponse(request, "editorial/admin/revisions.html", context)

    def revision_diff_view(self, request, object_id):
        article = self._article(request, object_id)
        revisions = Revision.objects.filter(article=article).select_related("by")
        numbers = requested_revision_numbers(request.GET)
        if numbers is None:
            numbers = sorted(r.number for r in revisions.order_by("-number")[:2])
        found = {r.number: r for r in revisions.filter(number__in=numbers)}
        if len(found) != len(numbers) or not found:
            raise Http404("No such revisions of this article.")
        old, new = found[numbers[0]], found[numbers[-1]]
        context = self._context(
            request,
            article,
            title=f"Changes to “{article}”",
            old=old,
            new=new,
            rows=diff.compare(old.snapshot, new.snapshot),
            corrections=list(services.corrections_between(old, new)) if old != new else [],
        )
        return TemplateResponse(request, "editorial/admin/revision_diff.html", context)

    def revision_restore_view(self, request, object_id, number):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, object_id)
        if not (roles.can_restore(request.user) and self.model_admin.has_change_permission(request, article)):
            raise PermissionDenied
        revision = numbered_revision(Revision, number, article=article)
        if pending.edits_go_to_pending(article):
            return self.restore_as_pending(request, article, revision)
        restored = services.restore_revision(revision=revision, by=request.user)
        messages.success(
            request, f"Restored revision {revision.number}; saved as revision {restored.number}. Nothing was lost."
        )
        return HttpResponseRedirect(self.url("revisions", article.pk))

    def restore_as_pending(self, request, article, revision):
        """A live story's restore: asked first, then kept as its pending version (readers keep the live story)."""
        if request.POST.get("confirm") != "yes":
            context = self._context(
                request, article, title=f"Restore revision {revision.number}: are you sure?", revision=revision,
                restore_url=self.url("revision_restore", article.pk, revision.number),
                replaces_pending=pending.pending_of(article) is not None,
            )  # fmt: skip
            return TemplateResponse(request, "editorial/admin/restore_confirm.html", context)
        services.restore_as_pending(revision=revision, by=request.user)
        messages.success(
            request,
            f"Revision {revision.number} is now the story's pending changes: readers keep seeing the live version "
            "until an editor publishes them.",
        )
        return HttpResponseRedirect(self.url("change", article.pk))

    def revision_minor_view(self, request, object_id, number):
        """POST minor=1|0 (folded away in the public change history, or not) or withheld=1|0 (not shown,
        nor any change before it: a legal, privacy or safety removal)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, object_id)
        if not (roles.can_mark_minor(request.user) and self.model_admin.has_change_permission(request, article)):
            raise PermissionDenied("Only editors decide what the public change history shows.")
        flags = [name for name in PUBLIC_HISTORY_FLAGS if request.POST.get(name) in {"0", "1"}]
        if len(flags) != 1:
            return HttpResponseBadRequest("Say minor=1 or 0, or withheld=1 or 0.")
        (flag,) = flags
        revision = numbered_revision(Revision, number, article=article)
        setattr(revision, flag, request.POST[flag] == "1")
        revision.save(update_fields=[flag])
        changes.article_page_changed(article.pk)  # the public change history is a list page, not only the article's
        on, off = PUBLIC_HISTORY_FLAGS[flag]
        messages.success(request, f"Revision {revision.number} is {on if getattr(revision, flag) else off}.")
        return HttpResponseRedirect(self.url("revisions", article.pk))

    def presence_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, object_id)
        if request.POST.get("gone"):
            services.mark_gone(article_id=article.pk, user=request.user)
            return JsonResponse({"others": [], "text": ""})
        others = services.mark_present(article_id=article.pk, user=request.user)
        response = JsonResponse(
            {
                "others": [{"name": o["name"], "since": o["since"].isoformat()} for o in others],
                "text": presence_text(others) if others else "",
                "seconds": services.presence_seconds(),
            }
        )
        response["Cache-Control"] = "no-store"
        return response


class VersionedFormMixin:
    """Carries the version the form was opened at; refuses a save from a form that has gone stale."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = self.fields[VERSION_FIELD]
        version.initial = services.version_token(self.instance)
        version.widget.attrs["data-presence-url"] = self.presence_url

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        conflict = services.find_conflict(self.instance, self.data.get(self.add_prefix(VERSION_FIELD)))
        if conflict is None:
            return cleaned
        self.editorial_conflict = conflict
        latest, opened, by = conflict["latest"], conflict["opened"], conflict["by"]
        who = (by.get_full_name() or by.get_username()) if by else "someone else"
        diff_link = ""
        if conflict["beside_row"]:
            diff_link = " Its citations, corrections or assigned editor were saved again: check them below."
        elif latest is not None:
            query = f"a={opened.number if opened else latest.number}&b={latest.number}"
            diff_link = format_html(' <a href="{}">See what they changed</a>.', self.diff_url(query))
        # The next save from this form is deliberate: it carries the version the person has now been shown.
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = conflict["token"]
        raise forms.ValidationError(
            format_html(
                "Changed by {} at {} since you opened it. Nothing was saved; everything you typed is still "
                "below.{} Save again to replace their version with yours.",
                who,
                format_moment(conflict["changed_at"]),
                diff_link,
            ),
            code="stale",
        )
