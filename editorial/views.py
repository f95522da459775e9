"""The site-wide corrections page: every public correction note, newest first."""

from django.conf import settings
from django.views.generic import ListView

from .models import Correction


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
