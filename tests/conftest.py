"""Fixtures every test folder shares: an isolated cache and media folder, and one small site."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from articles.models import Article, Author, Disclaimer, Section, Tag
from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag
from tests.support.smtp import LocalSMTPServer


@pytest.fixture(autouse=True)
def _isolated_cache_and_media(settings, tmp_path):
    """Each test starts with an empty cache and its own media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a local port; Django's SMTP backend is pointed at it."""
    server = LocalSMTPServer().start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": server.host, "port": server.port, "timeout": 5},
        }
    }
    yield server
    server.stop()


@dataclass(frozen=True)
class SmallSite:
    disclaimer: Disclaimer
    section: Section
    author: Author
    tag: Tag
    story: Article  # published yesterday: the newest story
    older_story: Article  # published three days ago

    @property
    def stories(self):
        return [self.story, self.older_story]


@pytest.fixture
def small_site(db):
    """The smallest complete site: a site-wide default disclaimer, one section, one author, one tag,
    and two published stories carrying all three."""
    disclaimer = make_disclaimer(is_default=True)
    section = make_section("Heart health")
    author = make_author("Ada Writer")
    tag = make_tag("Blood pressure")
    story = make_article("A real story", section=section, authors=[author], tags=[tag], days_ago=1)
    older = make_article("An older story", section=section, authors=[author], tags=[tag], days_ago=3)
    return SmallSite(disclaimer, section, author, tag, story, older)
