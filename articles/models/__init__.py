"""The newsroom's domain: articles, their sections, authors, tags and disclaimers."""

from . import lookups  # noqa: F401 - registers `__any_of` on keys
from .article import (
    PUBLIC_FETCH_MODES,
    Article,
    ArticleQuerySet,
    Status,
    load_with_article_page,
    public_fetch_mode,
)
from .byline import ArticleAuthor
from .pending import PendingStatus, PendingVersion
from .preview import PreviewLink, PreviewLinkQuerySet
from .related import RelatedStory
from .stored import StoredValuesMixin
from .taxonomy import Author, Disclaimer, DisclaimerQuerySet, Section, Tag, TaggedArticle
from .transition import Transition

__all__ = [
    "PUBLIC_FETCH_MODES",
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "Author",
    "Disclaimer",
    "DisclaimerQuerySet",
    "PendingStatus",
    "PendingVersion",
    "PreviewLink",
    "PreviewLinkQuerySet",
    "RelatedStory",
    "Section",
    "Status",
    "StoredValuesMixin",
    "Tag",
    "TaggedArticle",
    "Transition",
    "load_with_article_page",
    "public_fetch_mode",
]
