"""Old public addresses: a renamed or merged tag, an article whose slug changed."""

from django.http import Http404, HttpResponsePermanentRedirect

from . import services


def old_tag_address(slug):
    """301 to the tag an old tag slug was merged into or renamed to; 404 if there is none."""
    tag = services.tag_for_old_slug(slug)
    if tag is None:
        raise Http404("No such tag.")
    return HttpResponsePermanentRedirect(tag.get_absolute_url())


def old_article_address(slug):
    """301 to the article an old slug belonged to, only while that article is public; else 404."""
    article = services.public_article_for_old_slug(slug)
    if article is None:
        raise Http404("No such article.")
    return HttpResponsePermanentRedirect(article.get_absolute_url())
