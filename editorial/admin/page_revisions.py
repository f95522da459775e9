"""Revisions in the standing pages' admin: history, diff and restore, as for articles."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from articles.admin_panels import Panel

from .. import page_revisions, roles
from ..models import PageRevision
from .revisions import numbered_revision, requested_revision_numbers


class PageRevisionsPanel(Panel):
    """Every save of a page from its change form is a revision."""

    def displays(self):
        return {"page_revision_history": self.page_revision_history}

    def fieldsets(self, request, obj, fieldsets):
        if obj is None or not fieldsets:
            return fieldsets
        return [*fieldsets, ("Revisions", {"fields": ["page_revision_history"]})]

    def readonly_fields(self, request, obj):
        return ["page_revision_history"] if obj is not None else []

    @admin.display(description="History")
    def page_revision_history(self, page):
        if page is None or not page.pk:
            return "-"
        count = PageRevision.objects.filter(page=page).count()
        return format_html(
            '{} saved revision{}. <a href="{}">See, compare and restore revisions</a>',
            count,
            "" if count == 1 else "s",
            self.url("revisions", page.pk),
        )

    def after_save(self, request, obj, change):
        page_revisions.record_page_revision(obj, by=request.user)

    def urls(self):
        opts = self.model_admin.opts
        prefix = f"{opts.app_label}_{opts.model_name}_"
        wrap = self.model_admin.admin_site.admin_view
        return [
            path("<path:object_id>/revisions/", wrap(self.revisions_view), name=prefix + "revisions"),
            path("<path:object_id>/revisions/diff/", wrap(self.diff_view), name=prefix + "revision_diff"),
            path(
                "<path:object_id>/revisions/<int:number>/restore/",
                wrap(self.restore_view),
                name=prefix + "revision_restore",
            ),
        ]

    def _page(self, request, object_id):
        page = self.model_admin.get_object(request, unquote(object_id))
        if page is None:
            raise Http404("No such page.")
        if not self.model_admin.has_view_or_change_permission(request, page):
            raise PermissionDenied
        return page

    def _can_restore(self, request, page):
        return roles.can_restore(request.user) and self.model_admin.has_change_permission(request, page)

    def _context(self, request, page, **extra):
        opts = self.model_admin.opts
        return {
            **self.model_admin.admin_site.each_context(request),
            "opts": opts,
            "original": page,
            "app_label": opts.app_label,
            "change_url": self.url("change", page.pk),
            "changelist_url": self.url("changelist"),
            "revisions_url": self.url("revisions", page.pk),
            **extra,
        }

    def revisions_view(self, request, object_id):
        page = self._page(request, object_id)
        revisions = list(PageRevision.objects.filter(page=page).select_related("by").order_by("-number"))
        rows = []
        for newer, older in zip(revisions, [*revisions[1:], None][: len(revisions)], strict=True):
            changed = page_revisions.changed_labels(older.snapshot, newer.snapshot) if older else ["First version"]
            rows.append({"revision": newer, "changed": changed, "previous": older})
        can_restore = self._can_restore(request, page)
        restore_forms = [(r.number, self.url("revision_restore", page.pk, r.number)) for r in revisions[1:]]
        context = self._context(
            request,
            page,
            title=f"Revisions of “{page}”",
            rows=rows,
            can_restore=can_restore,
            diff_url=self.url("revision_diff", page.pk),
            restore_forms=restore_forms if can_restore else [],
        )
        return TemplateResponse(request, "editorial/admin/revisions.html", context)

    def diff_view(self, request, object_id):
        page = self._page(request, object_id)
        revisions = PageRevision.objects.filter(page=page).select_related("by")
        numbers = requested_revision_numbers(request.GET)
        if numbers is None:
            numbers = sorted(r.number for r in revisions.order_by("-number")[:2])
        found = {r.number: r for r in revisions.filter(number__in=numbers)}
        if len(found) != len(numbers) or not found:
            raise Http404("No such revisions of this page.")
        old, new = found[numbers[0]], found[numbers[-1]]
        rows = page_revisions.compare(old.snapshot, new.snapshot)
        context = self._context(request, page, title=f"Changes to “{page}”", old=old, new=new, rows=rows)
        return TemplateResponse(request, "editorial/admin/revision_diff.html", context)

    def restore_view(self, request, object_id, number):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        page = self._page(request, object_id)
        if not self._can_restore(request, page):
            raise PermissionDenied
        revision = numbered_revision(PageRevision, number, page=page)
        restored = page_revisions.restore_page_revision(revision=revision, by=request.user)
        messages.success(
            request, f"Restored revision {revision.number}; saved as revision {restored.number}. Nothing was lost."
        )
        return HttpResponseRedirect(self.url("revisions", page.pk))
