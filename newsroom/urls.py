from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from newsroom import health, security

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Editorial desk"

# A lost database connection answers 503 "temporarily unavailable"; anything else the usual 500.
handler500 = "newsroom.security.server_error"

urlpatterns = [
    # Probes for load balancers and process managers (newsroom/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Two-factor sign-in (newsroom/security.py); before the admin's own URLs, whose catch-all would swallow them.
    path("admin/2fa/setup/", security.otp_setup, name="security_otp_setup"),
    path("admin/2fa/verify/", security.otp_verify, name="security_otp_verify"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # Local mode only; production serves media from nginx or object storage.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
