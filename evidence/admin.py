"""Citations on the article change form, and the retraction watch's banner for editors."""

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles.admin_panels import Panel, SharedRowsInlineFormSet
from articles.models import Article

from . import claims, references, watch
from .forms import CitationForm, prefill_summary
from .models import Citation, ClaimsTerm, EvidenceSummary


class CitationInline(admin.TabularInline):
    """The works the story cites, in reference order; a DOI, PMID or NCT number fills the rest on save."""

    model = Citation
    form = CitationForm
    formset = SharedRowsInlineFormSet  # the rows the change form's article was read with (EvidencePanel)
    extra = 1
    fields = [
        "position",
        "kind",
        "identifier",
        "title",
        "container",
        "year",
        "authors",
        "study_type",
        "review",
        "watch",
    ]
    readonly_fields = ["watch"]
    verbose_name = "citation"
    verbose_name_plural = "citations (numbered references at the end of the story; cite them in the body as [1], [2])"

    @admin.display(description="retraction watch")
    def watch(self, citation):
        if citation.pk is None or citation.checked_at is None:
            return "Not checked yet"
        if not citation.notice:
            return f"Clean ({timezone.localtime(citation.checked_at):%d %b %Y})"
        state = "confirmed, shown to readers" if citation.confirmed_at else "awaiting an editor"
        return f"{citation.get_notice_display()} ({state})"


class PrefilledSummaryFormSet(BaseInlineFormSet):
    """A new evidence panel starts from what the story's citations say."""

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and instance.pk and not kwargs.get("initial"):
            kwargs["initial"] = [prefill_summary(instance)]
        super().__init__(*args, instance=instance, **kwargs)


class EvidenceSummaryInline(admin.StackedInline):
    model = EvidenceSummary
    formset = PrefilledSummaryFormSet
    extra = 1
    max_num = 1
    fields = [("design", "population", "participants", "phase"), "review", ("funding", "conflicts"),
              ("certainty", "certainty_reason")]  # fmt: skip


class EvidencePanel(Panel):
    """Citations and the retraction watch: a banner and a drafted correction for new notices."""

    form_fields = ("confirm_notices",)
    change_prefetch = ("citations",)  # read once: banner, form, claims check, summary prefill and the inline

    def displays(self):
        return {"retraction_watch": self.retraction_watch, "claims_check": self.claims_check}

    @admin.display(description="Claims check")
    def claims_check(self, article):
        if article is None or article.pk is None:
            return "Nothing to look at again."
        fresh = Article(pk=article.pk)  # the change form's row carries the list annotations
        found = [f"Publishing is refused until there is {words}." for words in claims.laboratory_only_unsaid(fresh)]
        found += claims.warnings(article, list(article.citations.all()))
        if not found:
            return "Nothing to look at again."
        return format_html(
            '<ul class="claims-check">{}</ul>', format_html_join("", "<li>{}</li>", ((w,) for w in found))
        )

    @admin.display(description="Retraction watch")
    def retraction_watch(self, article):
        flagged = watch.awaiting_confirmation(article) if article is not None and article.pk else []
        if not flagged:
            return "No notice awaits confirmation."
        items = format_html_join(
            "", "<li><strong>{}</strong>: {} <br>Drafted correction: <em>{}</em></li>",
            ((c.get_notice_display(), str(c), watch.drafted_correction(c)) for c in flagged),
        )  # fmt: skip
        return format_html(
            '<ul class="messagelist"><li class="warning">A cited work has a notice.<ul>{}</ul></li></ul>', items
        )

    def fieldsets(self, request, obj, fieldsets):
        if obj is None:
            return fieldsets
        check = (
            "Claims check",
            {"fields": ["claims_check"], "description": "Edit until these go, or give an override reason."},
        )
        if not watch.awaiting_confirmation(obj):
            return [*fieldsets, check]
        row = ("Retraction watch", {"fields": ["retraction_watch", "confirm_notices"]})
        return [row, *fieldsets, check]

    def readonly_fields(self, request, obj):
        return ["retraction_watch", "claims_check"]

    def form(self, request, obj, form):
        if obj is None or not watch.awaiting_confirmation(obj):
            return form
        return type(
            "EvidenceConfirmForm",
            (form,),
            {
                "confirm_notices": forms.BooleanField(
                    required=False,
                    label="Confirm the notices",
                    help_text=(
                        "Readers then see the notice on the reference; add the drafted correction as a correction note."
                    ),
                )
            },
        )

    def inlines(self, request, obj):
        return [EvidenceSummaryInline, CitationInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Citation:
            return False
        formset.save()
        for citation_form in formset.forms:
            message = getattr(citation_form, "lookup_message", "")
            if message and citation_form.has_changed():
                level = messages.SUCCESS if "filled in" in message else messages.WARNING
                messages.add_message(request, level, message)
        return True

    def after_save(self, request, obj, change):
        # Confirming shows readers the notice: an editor's call, like publishing.
        confirming = request.POST.get("confirm_notices") and request.user.has_perm("articles.publish_article")
        if confirming and watch.awaiting_confirmation(obj):
            watch.confirm(obj, by=request.user)
        references.store_evidence(obj)


class NoticeFilter(admin.SimpleListFilter):
    title = "retraction watch"
    parameter_name = "watch"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", "Notice awaiting an editor"),
            ("confirmed", "Notice confirmed"),
            ("unchecked", "Not checked"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.exclude(notice="").filter(confirmed_at__isnull=True)
        if self.value() == "confirmed":
            return queryset.exclude(notice="").filter(confirmed_at__isnull=False)
        if self.value() == "unchecked":
            return queryset.filter(checked_at__isnull=True)
        return queryset


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    """Every cited work; "Notice awaiting an editor" lists the stories the retraction watch needs an editor for."""

    list_display = [
        "__str__",
        "label",
        "article_link",
        "study_type",
        "notice",
        "flagged_at",
        "confirmed_at",
        "checked_at",
    ]
    list_filter = [NoticeFilter, "notice", "kind", "study_type"]
    list_select_related = ["article"]
    search_fields = ["identifier", "title", "article__title"]
    readonly_fields = ["checked_at", "notice", "notice_identifier", "flagged_at", "confirmed_at", "confirmed_by"]
    ordering = ["-flagged_at", "-pk"]

    @admin.display(description="article", ordering="article__title")
    def article_link(self, citation):
        url = reverse("admin:articles_article_change", args=[citation.article_id])
        return format_html('<a href="{}">{}</a>', url, citation.article.title)

    def has_add_permission(self, request):
        return False  # citations are added on their article's form


@admin.register(ClaimsTerm)
class ClaimsTermAdmin(admin.ModelAdmin):
    """The claims check's word lists and trusted domains, as the desk wants them."""

    list_display = ["term", "list"]
    list_filter = ["list"]
    search_fields = ["term"]
    list_per_page = 200
