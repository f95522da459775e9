"""Public standing pages. Both views read through Page.objects.published(): a draft answers 404."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from .models import Page, PageKind


class PageView(DetailView):
    template_name = "pages/page.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.published()


class AboutView(PageView):
    """/about/: the published page of kind About."""

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), kind=PageKind.ABOUT)


class PolicyView(PageView):
    """/policies/<slug>/: any other published page (the About page lives at /about/ only)."""

    def get_queryset(self):
        return super().get_queryset().exclude(kind=PageKind.ABOUT)
