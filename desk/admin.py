"""The desk in the admin: the dashboard at the admin index, the calendar and autosave on the article admin.

newsroom/admin.py installs the dashboard on the admin site and lists the two panels with the
article admin's others.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format

from articles.admin_panels import Panel

from . import autosave, calendar, dashboard

AUTOSAVE_FIELD = "desk_autosave"
RESTORE_PARAMETER = "autosave"


def install_dashboard(site):
    """Make `site`'s index the desk: its blocks for the person signed in, above the list of models."""
    site_index = site.index

    def index(request, extra_context=None):
        context = {"desk_blocks": dashboard.blocks_for(request.user), **(extra_context or {})}
        return site_index(request, extra_context=context)

    site.index = index


def _moment(value):
    return date_format(timezone.localtime(value), "j M Y, H:i T")


class CalendarPanel(Panel):
    """`calendar/`: the article admin's stories by day (desk/calendar.py)."""

    media = forms.Media(css={"all": ["desk/desk.css"]})

    def urls(self):
        opts = self.model_admin.opts
        wrap = self.model_admin.admin_site.admin_view
        return [path("calendar/", wrap(self.calendar_view), name=f"{opts.app_label}_{opts.model_name}_calendar")]

    def calendar_view(self, request):
        if not self.model_admin.has_view_or_change_permission(request):
            raise PermissionDenied
        now = timezone.now()
        today = timezone.localdate(now)
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": self.model_admin.opts,
            "title": "Calendar",
        }
        try:
            period = calendar.period_for(request.GET, today)
        except calendar.BadPeriod as error:
            return TemplateResponse(request, "desk/calendar.html", {**context, "error": str(error)}, status=400)
        stories = calendar.stories_in(request.user, period)
        weeks = calendar.weeks(period, stories, today=today, now=now)
        context.update(
            period=period,
            weeks=weeks,
            weekdays=calendar.WEEKDAYS,
            title=f"Calendar: {period.label}",
            this_period=f"month={today:%Y-%m}" if period.kind == "month" else _this_week(today),
        )
        return TemplateResponse(request, "desk/calendar.html", context)


def _this_week(today):
    week = today.isocalendar()
    return f"week={week.year}-W{week.week:02d}"


class AutosavePanel(Panel):
    """Unsaved edits of an article, kept per person while typing (desk/autosave.py, desk/static/desk/autosave.js).

    A new article that was never saved has one autosave per person too (kept without an article).
    """

    media = forms.Media(css={"all": ["desk/desk.css"]}, js=["desk/autosave.js"])
    form_fields = [AUTOSAVE_FIELD]

    def _applies(self, request, obj):
        if obj is None:
            return self.model_admin.has_add_permission(request)
        return self.model_admin.has_change_permission(request, obj)

    def fieldsets(self, request, obj, fieldsets):
        if not self._applies(request, obj) or not fieldsets:
            return fieldsets
        name, options = fieldsets[0]
        return [(name, {**options, "fields": [*options.get("fields", []), AUTOSAVE_FIELD]}), *fieldsets[1:]]

    def form(self, request, obj, form):
        if not self._applies(request, obj):
            return form
        address = self.url("autosave", obj.pk) if obj is not None else self.url("autosave_new")
        marker = forms.CharField(widget=forms.HiddenInput(attrs={"data-autosave-url": address}), required=False)
        found = _restoring(request, obj)
        if found is not None:
            marker.widget.attrs["data-autosave-restored"] = "true"

        def __init__(self, *args, **kwargs):
            form.__init__(self, *args, **kwargs)
            if found is not None and not self.is_bound:
                self.initial.update(autosave.initial_for(self, found))

        return type(form.__name__, (form,), {AUTOSAVE_FIELD: marker, "__init__": __init__})

    def change_response(self, request, response):
        original = (getattr(response, "context_data", None) or {}).get("original")
        found = _restoring(request, original) if original is not None and original.pk else None
        if found is not None and autosave.changed_since(found, original):
            messages.warning(
                request,
                f"The article was saved again at {_moment(original.updated_at)}, after you began these edits. "
                "Saving will first show you what changed, so you can keep both.",
            )
        return response

    def after_save(self, request, obj, change):
        # Saved: the person's kept edits are in the article now (or were deliberately replaced).
        autosave.discard(user=request.user, article=obj if change else None)

    def urls(self):
        opts = self.model_admin.opts
        wrap = self.model_admin.admin_site.admin_view
        name = f"{opts.app_label}_{opts.model_name}_autosave"
        return [
            path("autosave/", wrap(self.new_article_autosave_view), name=f"{name}_new"),
            path("<path:object_id>/autosave/", wrap(self.autosave_view), name=name),
        ]

    def autosave_view(self, request, object_id):
        article = self.model_admin.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.model_admin.has_change_permission(request, article):
            raise PermissionDenied
        return _answer(request, article, self.url("change", article.pk))

    def new_article_autosave_view(self, request):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        return _answer(request, None, self.url("add"))


def _answer(request, article, form_url):
    """GET: the person's autosave of `article` (None: their new article); POST: keep one; DELETE: forget it."""
    if request.method == "POST":
        try:
            autosave.store(user=request.user, article=article, posted=request.POST)
        except autosave.AutosaveTooLarge as error:
            return _json({"error": str(error)}, status=400)
        return _json({"saved": True}, status=201)
    if request.method == "DELETE":
        autosave.discard(user=request.user, article=article)
        return _json({"discarded": True})
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST", "DELETE"])
    found = autosave.find(user=request.user, article=article)
    if found is None:
        return _json({"autosave": None})
    return _json(
        {
            "autosave": {
                "saved_at": _moment(found.saved_at),
                "changed_since": article is not None and autosave.changed_since(found, article),
                "fields": found.fields,
                "restore_url": f"{form_url}?{RESTORE_PARAMETER}=restore",
            }
        }
    )


def _restoring(request, article):
    """The person's autosave when they asked for it back (`?autosave=restore` on the form's page), else None."""
    if request.method != "GET" or request.GET.get(RESTORE_PARAMETER) != "restore":
        return None
    return autosave.find(user=request.user, article=article)


def _json(payload, status=200):
    response = JsonResponse(payload, status=status, json_dumps_params={"separators": (",", ":")})
    response["Cache-Control"] = "no-store"
    return response
