"""Sitemaps for crawlers: an index over articles, sections, tags and authors; a Google
News sitemap of the last two days; and robots.txt pointing at both.

Every list reads through the published door; a section, tag or author is listed
only while it has a public story, with that story's update as its lastmod.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import seo
from .freshness import http_datetime
from .models import Article, Author, Section, Tag


class SiteSitemap(Sitemap):
    """URLs on SITE_URL's scheme and host, whatever Host the crawler sent."""

    limit = settings.SITEMAP_PAGE_SIZE

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


def _latest_public_update(**filters):
    """Subquery: the newest update among the public stories matching `filters`."""
    stories = Article.objects.published().filter(**filters).order_by("-updated_at")
    return Subquery(stories.values("updated_at")[:1])


class ArticleSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "published_at").order_by("-published_at", "-id")

    def lastmod(self, item):
        return http_datetime(seo.modified_time(item))

    def get_latest_lastmod(self):
        """One aggregate, instead of Django's default of reading every item."""
        latest = Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        return http_datetime(latest)


class SectionSitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        return (
            Section.objects.annotate(latest=_latest_public_update(section=OuterRef("pk")))
            .filter(latest__isnull=False)
            .only("slug")
            .order_by("position", "name")
        )

    def lastmod(self, item):
        return http_datetime(item.latest)


class TagSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return (
            Tag.objects.public()
            .annotate(latest=_latest_public_update(tagged_items__tag=OuterRef("pk")))
            .only("slug")
            .order_by("name")
        )

    def lastmod(self, item):
        return http_datetime(item.latest)


class AuthorSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Author.objects.annotate(latest=_latest_public_update(bylines__author=OuterRef("pk")))
            .filter(latest__isnull=False)
            .only("slug", "updated_at")
            .order_by("name")
        )

    def lastmod(self, item):
        return http_datetime(max(item.latest, item.updated_at))


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


@x_robots_tag
@require_GET
def sitemap_index(request):
    """The index: one entry per page of each sitemap, on SITE_URL."""
    entries = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = seo.absolute(reverse("sitemap_section", kwargs={"section": name}))
        lastmod = sitemap.get_latest_lastmod() if name == "articles" else None
        entries.append(SitemapIndexItem(url, lastmod))
        entries.extend(
            SitemapIndexItem(f"{url}?p={page}", lastmod) for page in range(2, sitemap.paginator.num_pages + 1)
        )
    return render(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


def news_articles(now=None):
    """Public stories of the last NEWS_SITEMAP_DAYS days, newest first, at most NEWS_SITEMAP_LIMIT."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.NEWS_SITEMAP_DAYS)
    return (
        Article.objects.published()
        .filter(published_at__gte=since)
        .only("slug", "title", "published_at")
        .order_by("-published_at", "-id")[: settings.NEWS_SITEMAP_LIMIT]
    )


def news_window(request):
    """Stories leave the news sitemap as they age, without any write: its ETag changes hourly too."""
    return timezone.now().strftime("%Y%m%d%H")


@x_robots_tag
@require_GET
def news_sitemap(request):
    """Google News sitemap: news:publication (name, language), publication_date (W3C), title."""
    entries = [
        {
            "loc": seo.absolute(article.get_absolute_url()),
            "title": article.title,
            "published": http_datetime(article.published_at).isoformat(),
        }
        for article in news_articles()
    ]
    context = {"entries": entries, "publication_name": settings.SITE_NAME, "language": settings.SITE_LANGUAGE}
    return render(request, "sitemaps/news_sitemap.xml", context, content_type="application/xml")


@require_GET
def robots_txt(request):
    """Crawlers: stay out of the admin, previews and search results; here are the sitemaps."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        f"Disallow: {reverse('search:search')}",
        "",
        f"Sitemap: {seo.absolute(reverse('sitemap_index'))}",
        f"Sitemap: {seo.absolute(reverse('news_sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
