"""Report an error: a form under each public story, and a thank-you page."""

from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from articles.models import Article
from newsroom.ratelimit import rate_limited

from .forms import ReportForm
from .services import file_report


class PublicArticleMixin:
    """Only a story readers can see can be reported (the published door)."""

    def dispatch(self, request, *args, **kwargs):
        self.article = get_object_or_404(Article.objects.published(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(article=self.article, **kwargs)


@method_decorator(never_cache, name="dispatch")
@method_decorator(rate_limited("report_error", methods=("POST",)), name="dispatch")
class ReportErrorView(PublicArticleMixin, FormView):
    form_class = ReportForm
    template_name = "errorreports/report_form.html"

    def form_valid(self, form):
        if not form.is_trap:
            file_report(article=self.article, message=form.cleaned_data["message"], email=form.cleaned_data["email"])
        return redirect("errorreports:thanks", slug=self.article.slug)

    def form_invalid(self, form):
        # What the reader typed stays in the form; the status says the request was not accepted.
        return self.render_to_response(self.get_context_data(form=form), status=400)


@method_decorator(never_cache, name="dispatch")
class ThanksView(PublicArticleMixin, TemplateView):
    template_name = "errorreports/thanks.html"
