from django.conf import settings

from .models import Section


def site(request):
    """Site identity and navigation for every template (sections are read lazily, once)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "SITE_LANGUAGE": settings.SITE_LANGUAGE,
        "nav_sections": Section.objects.filter(show_in_navigation=True).only("name", "slug"),
    }
