"""Revisions, edit conflicts, presence, corrections, the body editor and tag merging in the admin.

`RevisionAdminMixin` goes in front of ArticleAdmin's bases and `TagMergeMixin` in front of
TagAdmin's; both only add to what the admin they join already does.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles.admin_widgets import SafeAutocompleteAdminMixin
from articles.models import Status, Tag

from . import diff, roles, services
from .models import ArticleSlugRedirect, Correction, Revision, TagRedirect

VERSION_FIELD = "editorial_version"

# What the body editor offers; articles/sanitize.py allows all of it and nothing more dangerous.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
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
    "Figure": True,
    "Caption": True,
    "History": True,
}


def _empty_editor_is_empty(html):
    """The editor always leaves one empty paragraph; an empty body must stay "" for the publishing checks."""
    stripped = (html or "").replace("<br>", "").replace("<p></p>", "").strip()
    return "" if not stripped else html


def format_moment(moment):
    return date_format(timezone.localtime(moment), "j M Y, H:i T") if moment else "an unknown time"


class CorrectionInline(admin.StackedInline):
    """Editors append corrections to a published article; existing notes stay as written."""

    model = Correction
    extra = 0
    fields = ["kind", "note", "created_at", "by"]
    readonly_fields = ["created_at", "by"]
    verbose_name = "correction or update note"
    verbose_name_plural = "corrections and update notes (shown to readers, newest first)"

    def has_add_permission(self, request, obj=None):
        return roles.can_correct(request.user) and obj is not None and obj.status == Status.PUBLISHED

    def has_change_permission(self, request, obj=None):
        return roles.can_correct(request.user) and request.user.has_perm("editorial.change_correction")

    def has_delete_permission(self, request, obj=None):
        return roles.can_correct(request.user) and request.user.has_perm("editorial.delete_correction")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("editorial.view_correction") or self.has_change_permission(request, obj)


class RevisionAdminMixin:
    """Revision history, diff and restore; stale-form refusal; "being edited by"; corrections; rich body."""

    editorial_inlines = [CorrectionInline]

    class Media:
        css = {"all": ["editorial/admin.css"]}
        js = ["editorial/presence.js", "editorial/tag-autocomplete.js"]

    # --- URLs ------------------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}_"
        wrap = self.admin_site.admin_view
        return [
            path("tag-names/", wrap(self.tag_names_view), name=prefix + "tag_names"),
            path("<path:object_id>/revisions/", wrap(self.revisions_view), name=prefix + "revisions"),
            path("<path:object_id>/revisions/diff/", wrap(self.revision_diff_view), name=prefix + "revision_diff"),
            path(
                "<path:object_id>/revisions/<int:number>/restore/",
                wrap(self.revision_restore_view),
                name=prefix + "revision_restore",
            ),
            path("<path:object_id>/presence/", wrap(self.presence_view), name=prefix + "presence"),
            *super().get_urls(),
        ]

    def editorial_url(self, name, *args, query=""):
        url = reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)
        return f"{url}?{query}" if query else url

    # --- The change form ----------------------------------------------------------------

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            return ProseEditorFormField(
                config={"extensions": BODY_EDITOR_EXTENSIONS},
                widget=AdminProseEditorWidget,
                sanitize=_empty_editor_is_empty,
                required=not db_field.blank,
                label=db_field.verbose_name.capitalize(),
                help_text=db_field.help_text,
            )
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "tags" and field is not None:
            field.widget.attrs["data-tag-names-url"] = self.editorial_url("tag_names")
            field.widget.attrs["autocomplete"] = "off"
        return field

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or not self.has_change_permission(request, obj) or not fieldsets:
            return fieldsets
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": [*options.get("fields", []), VERSION_FIELD]})
        return [*fieldsets, ("Revisions", {"fields": ["revision_history"]})]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "revision_history"] if obj is not None else readonly

    @admin.display(description="History")
    def revision_history(self, article):
        if article is None or not article.pk:
            return "-"
        count = Revision.objects.filter(article=article).count()
        return format_html(
            '{} saved revision{}. <a href="{}">See, compare and restore revisions</a>',
            count,
            "" if count == 1 else "s",
            self.editorial_url("revisions", article.pk),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        fields = kwargs.get("fields")
        if fields is not None:
            kwargs["fields"] = [name for name in fields if name != VERSION_FIELD]
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or not self.has_change_permission(request, obj):
            return form
        return type(form.__name__, (VersionedFormMixin, form), {
            VERSION_FIELD: forms.CharField(widget=forms.HiddenInput, required=False),
            "diff_url": lambda _form, query: self.editorial_url("revision_diff", obj.pk, query=query),
            "presence_url": self.editorial_url("presence", obj.pk),
        })  # fmt: skip

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        if obj is not None and obj.status == Status.PUBLISHED:
            inlines += [inline for inline in self.editorial_inlines if inline not in inlines]
        return inlines

    def save_model(self, request, obj, form, change):
        # Bylines and tags are saved after the article: the revision waits for them (save_related).
        obj._revision_deferred = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        article._revision_deferred = False
        services.record_revision(article, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is Correction:
            for correction in formset.save(commit=False):
                if correction.pk is None:
                    correction.by = request.user
                correction.save()
            for correction in formset.deleted_objects:
                correction.delete()
            return
        super().save_formset(request, form, formset, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
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

    def _history_article(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _context(self, request, article, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "app_label": self.opts.app_label,
            "change_url": reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change", args=[article.pk]
            ),
            "revisions_url": self.editorial_url("revisions", article.pk),
            **extra,
        }

    def revisions_view(self, request, object_id):
        article = self._history_article(request, object_id)
        revisions = list(Revision.objects.filter(article=article).select_related("by").order_by("-number"))
        rows = []
        for newer, older in zip(revisions, [*revisions[1:], None], strict=True):
            changed = diff.changed_labels(older.snapshot, newer.snapshot) if older else ["First version"]
            rows.append({"revision": newer, "changed": changed, "previous": older})
        can_restore = roles.can_restore(request.user) and self.has_change_permission(request, article)
        context = self._context(
            request,
            article,
            title=f"Revisions of “{article}”",
            rows=rows,
            can_restore=can_restore,
            diff_url=self.editorial_url("revision_diff", article.pk),
            restore_forms=[
                (r.number, self.editorial_url("revision_restore", article.pk, r.number)) for r in revisions[1:]
            ]
            if can_restore
            else [],
        )
        return TemplateResponse(request, "editorial/admin/revisions.html", context)

    def revision_diff_view(self, request, object_id):
        article = self._history_article(request, object_id)
        revisions = Revision.objects.filter(article=article).select_related("by")
        try:
            numbers = sorted({int(request.GET["a"]), int(request.GET["b"])})
        except (KeyError, ValueError):
            latest = revisions.order_by("-number")[:2]
            numbers = sorted(r.number for r in latest)
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
        )
        return TemplateResponse(request, "editorial/admin/revision_diff.html", context)

    def revision_restore_view(self, request, object_id, number):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._history_article(request, object_id)
        if not (roles.can_restore(request.user) and self.has_change_permission(request, article)):
            raise PermissionDenied
        revision = get_object_or_404(Revision, article=article, number=number)
        restored = services.restore_revision(revision=revision, by=request.user)
        messages.success(
            request, f"Restored revision {revision.number}; saved as revision {restored.number}. Nothing was lost."
        )
        return HttpResponseRedirect(self.editorial_url("revisions", article.pk))

    def presence_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._history_article(request, object_id)
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

    def tag_names_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:100]
        tags = Tag.objects.order_by("-article_count", "name")
        if query:
            tags = tags.filter(name__icontains=query)
        response = JsonResponse({"tags": list(tags.values_list("name", flat=True)[:20])})
        response["Cache-Control"] = "private, max-age=60"
        return response


def presence_text(others):
    names = ", ".join(f"{o['name']} (since {format_moment(o['since'])})" for o in others)
    return f"Also open right now: {names}. Save carefully: the later save will be refused if you both change it."


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
        latest, opened = conflict["latest"], conflict["opened"]
        who = (latest.by.get_full_name() or latest.by.get_username()) if latest and latest.by else "someone else"
        diff_link = ""
        if latest is not None:
            query = f"a={opened.number if opened else latest.number}&b={latest.number}"
            diff_link = format_html(' <a href="{}">See what they changed</a>.', self.diff_url(query))
        # The next save from this form is deliberate: it carries the version the person has now been shown.
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = conflict["changed_at"].isoformat()
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


class TagMergeForm(forms.Form):
    survivor = forms.ModelChoiceField(queryset=Tag.objects.none(), widget=forms.RadioSelect, empty_label=None)


class TagMergeMixin:
    """An admin action on tags: merge the selected ones into the one the editor keeps."""

    actions = ["merge_selected_tags"]

    @admin.action(description="Merge selected tags into one", permissions=["merge_tags"])
    def merge_selected_tags(self, request, queryset):
        tags = list(queryset.order_by("-article_count", "name"))
        if len(tags) < 2:
            self.message_user(request, "Select at least two tags to merge.", messages.WARNING)
            return None
        form = TagMergeForm(request.POST if "apply" in request.POST else None)
        form.fields["survivor"].queryset = queryset
        if form.is_bound and form.is_valid():
            survivor = form.cleaned_data["survivor"]
            merged = [tag for tag in tags if tag.pk != survivor.pk]
            with transaction.atomic():
                moved = services.merge_tags(survivor=survivor, merged=merged)
            self.message_user(
                request,
                f"Merged {', '.join(t.name for t in merged)} into {survivor.name}: {moved} article link(s) moved; "
                "the old tag pages now redirect.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Merge tags",
            "tags": tags,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action_name": "merge_selected_tags",
        }
        return TemplateResponse(request, "editorial/admin/tag_merge.html", context)

    def has_merge_tags_permission(self, request):
        return roles.can_merge_tags(request.user)


@admin.register(TagRedirect)
class TagRedirectAdmin(SafeAutocompleteAdminMixin, admin.ModelAdmin):
    list_display = ["old_slug", "tag", "created_at"]
    list_select_related = ["tag"]
    search_fields = ["old_slug", "tag__name"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["tag"]


@admin.register(ArticleSlugRedirect)
class ArticleSlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__title"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["article"]
