"""RSS 2.0 and Atom feeds of the site's public correction notes."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles import seo

from .views import public_corrections


class CorrectionsFeed(Feed):
    url_name = "editorial:corrections_feed"

    def title(self):
        return f"Corrections · {settings.SITE_NAME}"

    def link(self):
        return seo.absolute(reverse("editorial:corrections"))

    def summary_text(self):
        """What the feed is, as plain text (Atom's subtitle)."""
        return f"Every correction, clarification and update {settings.SITE_NAME} has made to its stories."

    def description(self):
        # RSS readers render <description> as HTML: plain text goes in escaped.
        return escape(self.summary_text())

    def feed_url(self):
        return seo.absolute(reverse(self.url_name))

    @property
    def language(self):
        # Django reads Feed.language as a value (a method would be written out as its repr).
        return settings.SITE_LANGUAGE

    def items(self):
        return public_corrections()[: settings.FEED_ITEMS]

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.title}"

    def item_link(self, item):
        return seo.absolute(item.article.get_absolute_url()) + "#corrections"

    def item_description(self, item):
        # Readers render descriptions as HTML: the plain-text note goes in escaped.
        return escape(item.note)

    def item_pubdate(self, item):
        return item.created_at

    def item_guid(self, item):
        """A tag: URI (RFC 4151) on the note's id: each note is its own item."""
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"tag:{host},{item.created_at:%Y-%m-%d}:correction:{item.pk}"

    item_guid_is_permalink = False


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = Atom1Feed
    url_name = "editorial:corrections_feed_atom"

    def subtitle(self):
        return self.summary_text()
