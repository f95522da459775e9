"""Parts of public pages that the page cache may assemble (see articles.fragments)."""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from .. import fragments, services

register = template.Library()


@register.simple_tag(takes_context=True)
def latest_stories(context, article):
    """The latest-stories list beside `article`: in place, or a placeholder the page cache fills."""
    request = context.get("request")
    if request is not None and fragments.kept_apart(request):
        return mark_safe(fragments.PLACEHOLDER.format(slug=article.slug))  # noqa: S308 - a slug in a comment
    stories = services.latest_stories(exclude=article, limit=settings.LATEST_STORIES_LIMIT)
    return fragments.render(stories)
