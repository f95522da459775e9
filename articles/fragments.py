"""The "latest stories" list as one fragment shared by every article page.

Every article page shows the newest stories, so without this each publication would
re-render every article page in the cache. Instead, a page rendered for the page
cache carries a placeholder where the list goes (request.latest_stories_apart, set by
the page cache); the cache stores the page with the placeholder, keyed without the
`latest` scope, and puts the list in on the way out. The list is built once per
generation of the `latest` scope, for every page: its newest LATEST_STORIES_LIMIT + 1
stories, rendered once for "any page" and once for each of those stories' own pages
(a page never lists itself).
"""

import re

from django.conf import settings
from django.template.loader import render_to_string

from . import services

PLACEHOLDER = "<!--latest-stories:{slug}-->"
_OPEN, _CLOSE = b"<!--latest-stories:", b"-->"
_SLUG = re.compile(rb"[-\w]*")


def kept_apart(request):
    """True when the page being rendered leaves the list to the page cache."""
    return getattr(request, "latest_stories_apart", False)


def render(stories):
    return render_to_string("includes/latest_stories.html", {"latest_stories": stories})


def build():
    """The fragment: {"content": the list for any page, "without": {slug: the list for that story's page}}."""
    limit = settings.LATEST_STORIES_LIMIT
    stories = list(services.latest_stories(limit=limit + 1))
    without = {
        story.slug: render([other for other in stories if other.pk != story.pk][:limit]).encode() for story in stories
    }
    return {"content": render(stories[:limit]).encode(), "without": without}


def has_placeholder(content):
    return _OPEN in content


def fill(content, fragment):
    """`content` with each placeholder replaced by the list its page shows.

    Found with bytes.find, not a regular expression: this runs on every cache hit of an article page.
    """
    parts, copied, search = [], 0, 0
    while (at := content.find(_OPEN, search)) != -1:
        slug_at = at + len(_OPEN)
        end = content.find(_CLOSE, slug_at)
        if end == -1:
            break
        slug = content[slug_at:end]
        if _SLUG.fullmatch(slug) is None:  # not a placeholder of ours: left as it is, searched inside
            search = slug_at
            continue
        parts += [content[copied:at], fragment["without"].get(slug.decode(), fragment["content"])]
        copied = search = end + len(_CLOSE)
    if not parts:
        return content
    parts.append(content[copied:])
    return b"".join(parts)
