"""The staff preview of a live story's pending changes: the public page's view and template, pending content."""

from django.http import Http404

from . import pending
from .views import ArticlePreviewView


class PendingPreviewView(ArticlePreviewView):
    """/preview/<pk>/pending/: what readers would get once the pending changes are published (never cached)."""

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        self.pending_row = pending.pending_of(article)
        if self.pending_row is None:
            raise Http404("This story has no pending changes.")
        return pending.for_page(article, self.pending_row.content)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.pending_row.get_status_display().lower()
        context["preview_label"] = f"Pending changes ({status}); readers still see the live version"
        return context
