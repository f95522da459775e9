from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path

from articles import sitemaps
from articles.freshness import conditional_page
from images.views import serve_media
from newsroom import health, security
from pages.sitemaps import PageSitemap

# The standing pages join the sitemap index and its sections (articles.sitemaps lists the domain's own).
sitemaps.SITEMAPS["pages"] = PageSitemap

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
    # The body editor's media helpers (embed lookup, image picker); before the admin's catch-all.
    path("admin/richmedia/", include("richmedia.urls")),
    path("admin/", admin.site.urls),
    # Discovery: site search, sitemaps, robots.txt.
    path("search/", include("search.urls")),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin): send them to ours.
    path("favicon.ico", lambda request: redirect(static("img/favicon.svg"), permanent=True)),
    path("sitemap.xml", conditional_page(sitemaps.sitemap_index), name="sitemap_index"),
    path(
        "sitemap-<section>.xml",
        conditional_page(sitemap_views.sitemap),
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap_section",
    ),
    path("news-sitemap.xml", conditional_page(sitemaps.news_sitemap, vary=sitemaps.news_window), name="news_sitemap"),
    path("", include("pages.urls")),
    path("", include("errorreports.urls")),
    path("", include("newsletter.urls")),
    path("", include("editorial.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # Local mode only; production serves media from nginx or object storage.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT})]

if settings.BENCH_BASELINE_VIEW:
    # Benchmarks only (bench/run.sh turns it on): the bare view every page's throughput is compared with.
    from bench.views import baseline

    urlpatterns += [path("bench/baseline/", baseline, name="bench_baseline")]
