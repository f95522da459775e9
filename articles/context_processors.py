from django.conf import settings


def site(request):
    """Site identity for every template (the navigation's sections come with the chrome: newsroom.chrome)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "SITE_LANGUAGE": settings.SITE_LANGUAGE,
    }
