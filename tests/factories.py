"""Old import path of the factories, kept for tests not yet moved: import from tests.support.factories."""

from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag

__all__ = ["make_article", "make_author", "make_disclaimer", "make_section", "make_tag"]
