"""Public pages of the editorial record: every correction note, and each story's change history."""

from django.conf import settings
from django.views.generic import DetailView, ListView

from articles.models import Article

from .models import Correction
from .public_history import published_versions


def public_corrections():
    """Public notes, newest first, with what a listing shows of their article."""
    return (
        Correction.objects.public()
        .select_related("article")
        .only("kind", "note", "created_at", "article__title", "article__slug")
        .order_by("-created_at", "-id")
    )


class CorrectionListView(ListView):
    template_name = "editorial/corrections.html"
    context_object_name = "corrections"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return public_corrections()


class ArticleChangesView(DetailView):
    """/article/<slug>/changes/: what readers saw change after publication (public stories only)."""

    template_name = "editorial/article_changes.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related("section")

    def get_context_data(self, **kwargs):
        versions = published_versions(self.object)
        return super().get_context_data(
            versions=[version for version in versions if not version.minor],
            minor_versions=[version for version in versions if version.minor],
            **kwargs,
        )
