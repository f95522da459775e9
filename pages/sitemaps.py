"""The published standing pages, for the sitemap index (registered in newsroom/urls.py)."""

from django.db.models import Max

from articles.freshness import http_datetime
from articles.sitemaps import SiteSitemap

from .models import Page


class PageSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.published().only("slug", "kind", "updated_at").order_by("position", "title")

    def lastmod(self, item):
        return http_datetime(item.updated_at)

    def get_latest_lastmod(self):
        return http_datetime(Page.objects.published().aggregate(latest=Max("updated_at"))["latest"])
