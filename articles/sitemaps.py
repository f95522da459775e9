"""Sitemaps for crawlers: an index over articles, sections, tags and authors; a Google
News sitemap of the last two days; and robots.txt pointing at both.

Every list reads through the published door; a section, tag or author is listed
only while it has a public story. Every page is bounded at any archive size: the
articles are paged by key ranges, each section's, tag's and author's check reads
an index until its first public story.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from . import seo
from .freshness import http_datetime
from .models import Article, ArticleAuthor, Author, Section, Tag, TaggedArticle


class SiteSitemap(Sitemap):
    """URLs on SITE_URL's scheme and host, whatever Host the crawler sent."""

    limit = settings.SITEMAP_PAGE_SIZE

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class KeyRangePaginator(Paginator):
    """Page n holds the items whose key is in the n-th run of `per_page` keys from the smallest: no count, no OFFSET.

    Each page is one range read of the primary key, at any archive size (an OFFSET and a count grow with the
    archive). A page keeps its stories as the archive grows (new stories have new keys and land on
    the last page), so crawlers' copies of the others stay valid; a page may hold fewer than `per_page` stories
    (keys of unpublished or deleted ones), or none.
    """

    @cached_property
    def bounds(self):
        keys = self.object_list.order_by().values_list("pk", flat=True)
        return keys.order_by("pk").first(), keys.order_by("-pk").first()

    @cached_property
    def count(self):
        """The span of keys the pages cover, not a count of items."""
        low, high = self.bounds
        return 0 if low is None else high - low + 1

    def page(self, number):
        number = self.validate_number(number)
        start = (self.bounds[0] or 0) + (number - 1) * self.per_page
        stories = self.object_list.filter(pk__gte=start, pk__lt=start + self.per_page).order_by("pk")
        return self._get_page(stories, number, self)


class ArticleSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "published_at")

    @property
    def paginator(self):
        return KeyRangePaginator(self._items(), self.limit)

    def lastmod(self, item):
        return http_datetime(seo.modified_time(item))

    def get_latest_lastmod(self):
        """One aggregate (the newest update, read from its index), instead of Django's default of reading every item."""
        latest = Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        return http_datetime(latest)


class SectionSitemap(SiteSitemap):
    """Sections with a public story; lastmod is the update of the newest one, the story leading the section's page."""

    changefreq = "hourly"

    def items(self):
        newest = Article.objects.published().filter(section=OuterRef("pk")).order_by("-published_at", "-pk")
        return (
            Section.objects.annotate(latest=Subquery(newest.values("updated_at")[:1]))
            .filter(latest__isnull=False)
            .only("slug")
            .order_by("position", "name")
        )

    def lastmod(self, item):
        return http_datetime(item.latest)


def _first_public(links, article_field):
    """Subquery: the first of `links` (one tag's or author's rows, OuterRef) whose story is public, by its index.

    A scalar subquery with LIMIT 1 is read per row (an index walk that stops at the first public story); an EXISTS
    would let PostgreSQL join every link of every tag to the archive first.
    """
    public = Article.objects.published().filter(pk=OuterRef(article_field))
    return Subquery(links.filter(Exists(public)).values(article_field)[:1])


class TagSitemap(SiteSitemap):
    """Tags with a public story. No lastmod: a tag's page changes with any of its stories, which no index orders."""

    changefreq = "daily"

    def items(self):
        links = TaggedArticle.objects.filter(tag=OuterRef("pk")).order_by("-content_object_id")  # (tag, -article) index
        return (
            Tag.objects.alias(story=_first_public(links, "content_object"))
            .filter(story__isnull=False)
            .only("slug")
            .order_by("name")
        )


class AuthorSitemap(SiteSitemap):
    """Authors with a public story; lastmod is their profile's last change (what the author page shows first)."""

    changefreq = "weekly"

    def items(self):
        links = ArticleAuthor.objects.filter(author=OuterRef("pk")).order_by()
        return (
            Author.objects.alias(story=_first_public(links, "article"))
            .filter(story__isnull=False)
            .only("slug", "updated_at")
            .order_by("name")
        )

    def lastmod(self, item):
        return http_datetime(item.updated_at)


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
