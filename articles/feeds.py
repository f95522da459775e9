"""RSS 2.0 and Atom feeds: the whole site, each section, each tag, each author.

Every feed reads through the published door and loads its items, their sections,
bylines and tags in a fixed number of queries, whatever its length. Each item
carries every author (several dc:creator in RSS, several <author> in Atom), the
tags as categories, the hero image as an enclosure (type and size from storage;
left out when the file is missing) and a guid that survives a change of slug.
"""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape

from . import addresses, seo
from .models import Article, ArticleAuthor, Author, Section, Tag

DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with one dc:creator per author."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC_NAMESPACE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item.get("authors", []):
            handler.addQuickElement("dc:creator", author["name"])


class NewsAtomFeed(Atom1Feed):
    """Atom with one <author> (name and page) per author."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item.get("authors", []):
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            handler.addQuickElement("uri", author["url"])
            handler.endElement("author")


def feed_items(articles):
    """The first FEED_ITEMS of `articles` (public, newest first) with what an item shows, in three queries."""
    return articles.select_related("section").prefetch_related(
        Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author")), "tags"
    )[: settings.FEED_ITEMS]


def hero_enclosure(article):
    """The hero image as an enclosure, or None when there is none or its file is gone."""
    image = article.hero_image
    if not image:
        return None
    try:
        length = image.storage.size(image.name)
    except (OSError, ValueError, NotImplementedError):
        return None
    mime_type = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
    return Enclosure(seo.absolute(image.url), str(length), mime_type)


class ArticlesFeed(Feed):
    """The site's newest stories (RSS 2.0). Subclasses narrow it to a section or a tag."""

    feed_type = NewsRssFeed

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return seo.absolute(reverse("articles:home"))

    def summary_text(self, obj=None):
        """What the feed is, as plain text (Atom's subtitle)."""
        return f"The latest medical news from {settings.SITE_NAME}."

    def description(self, obj=None):
        # RSS readers render <description> as HTML: plain text goes in escaped.
        return escape(self.summary_text(obj))

    url_name = "articles:feed"

    def feed_url(self, obj=None):
        kwargs = {"slug": obj.slug} if obj is not None else {}
        return seo.absolute(reverse(self.url_name, kwargs=kwargs))

    @property
    def language(self):
        # Django reads Feed.language as a value (a method would be written out as its repr).
        return settings.SITE_LANGUAGE

    def articles(self, obj):
        """The feed's public stories, newest first."""
        return Article.objects.published().order_by("-published_at", "-id")

    def items(self, obj=None):
        return feed_items(self.articles(obj))

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return seo.absolute(item.get_absolute_url())

    def item_description(self, item):
        """The dek, escaped: readers render <description> and Atom's <summary type="html"> as HTML."""
        return escape(item.dek)

    def item_author_name(self, item):
        # Atom's <author> and RSS's dc:creator come from item_extra_kwargs instead.
        return None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return seo.modified_time(item)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_guid(self, item):
        """A tag: URI (RFC 4151) on the article's id and creation date: stable across slug changes."""
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"tag:{host},{item.created_at:%Y-%m-%d}:article:{item.pk}"

    item_guid_is_permalink = False

    def item_enclosures(self, item):
        enclosure = hero_enclosure(item)
        return [enclosure] if enclosure else []

    def item_extra_kwargs(self, item):
        return {
            "authors": [
                {"name": str(byline.author), "url": seo.absolute(byline.author.get_absolute_url())}
                for byline in item.bylines.all()
            ]
        }


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = NewsAtomFeed
    url_name = "articles:feed_atom"

    def subtitle(self, obj=None):
        return self.summary_text(obj)


class SectionFeed(ArticlesFeed):
    url_name = "articles:section_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj=None):
        return f"{obj.name} · {settings.SITE_NAME}"

    def link(self, obj=None):
        return seo.absolute(obj.get_absolute_url())

    def summary_text(self, obj=None):
        return obj.description or f"The latest {obj.name} stories from {settings.SITE_NAME}."

    def articles(self, obj):
        return super().articles(obj).filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = NewsAtomFeed
    url_name = "articles:section_feed_atom"

    def subtitle(self, obj=None):
        return self.summary_text(obj)


class TagFeed(ArticlesFeed):
    url_name = "articles:tag_feed"

    def __call__(self, request, *args, **kwargs):
        """A merged or renamed tag's feed answers 301 to the surviving tag's, like its page does."""
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            tag = addresses.current(addresses.TAG, kwargs.get("slug", ""))
            if tag is None:
                raise
            return HttpResponsePermanentRedirect(reverse(self.url_name, kwargs={"slug": tag.slug}))

    def get_object(self, request, slug):
        return get_object_or_404(Tag.objects.public(), slug=slug)

    def title(self, obj=None):
        return f"{obj.name} · {settings.SITE_NAME}"

    def link(self, obj=None):
        return seo.absolute(obj.get_absolute_url())

    def summary_text(self, obj=None):
        return obj.description or f"The latest stories about {obj.name} from {settings.SITE_NAME}."

    def articles(self, obj):
        return Article.objects.published().newest_tagged(obj)


class TagAtomFeed(TagFeed):
    feed_type = NewsAtomFeed
    url_name = "articles:tag_feed_atom"

    def subtitle(self, obj=None):
        return self.summary_text(obj)


class AuthorFeed(ArticlesFeed):
    """One author's newest stories, with every story they share a byline on."""

    url_name = "articles:author_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj=None):
        return f"{obj.name} · {settings.SITE_NAME}"

    def link(self, obj=None):
        return seo.absolute(obj.get_absolute_url())

    def summary_text(self, obj=None):
        return f"The latest stories by {obj} from {settings.SITE_NAME}."

    def articles(self, obj):
        return Article.objects.published().newest_by_author(obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = NewsAtomFeed
    url_name = "articles:author_feed_atom"

    def subtitle(self, obj=None):
        return self.summary_text(obj)
