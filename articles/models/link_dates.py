"""Each tag link and byline carries its article's publication time.

A tag's or an author's page lists their newest stories. Read from the articles' side, that is
either a walk of the newest articles of the whole archive until enough of theirs turn up (long
when their stories are old) or a look-up of all their articles by key (long when they have
many). With the time on the link, the page walks the tag's (or the author's) own links
newest first by an index and looks up only the stories it shows, at any archive size.

The copy has one owner, this module:

- a link takes its article's time whenever it is written: saved (LinkDateMixin.save) or
  bulk-created (LinkQuerySet.bulk_create) without one;
- an article whose time changes passes it to its links (Article.save calls copy_to_links);
- a writer that bypasses save() (bulk_create, COPY, QuerySet.update) writes the time itself or
  calls copy_to_links() afterwards, as it calls articles.changes.bulk_changed().

Who may see a story is never read from the copy: the published door checks the article itself,
so a stale copy could only misplace a story in a list, never show one that is not public.
"""

from django.apps import apps
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery

# The orders of lists walked from their links' copied times (ArticleQuerySet.newest_tagged and
# newest_by_author): newest first, by the link's time and then its article.
LINK_ORDERINGS = {
    "tagged_items": ("-tagged_items__published_at", "-tagged_items__content_object_id"),
    "bylines": ("-bylines__published_at", "-bylines__article_id"),
}


def walked_from_links(queryset):
    """True when `queryset` is in a LINK_ORDERINGS order: that order is what bounds a read of it."""
    return tuple(queryset.query.order_by) in LINK_ORDERINGS.values()


class LinkQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Links given no time take their article's (one query for the articles not already loaded)."""
        objs = list(objs)
        fill_times([link for link in objs if link.published_at is None])
        return super().bulk_create(objs, *args, **kwargs)


class LinkDateMixin(models.Model):
    """A row linking an article to something readers list its stories under (a tag, an author)."""

    ARTICLE_FIELD = None  # the name of the link's foreign key to Article

    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Its article's publication time, copied (link_dates)."
    )

    objects = LinkQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "published_at" in update_fields:
            fill_times([self], always=True)
        super().save(*args, **kwargs)


def fill_times(links, *, always=False):
    """Set each link's published_at to its article's: from the article when loaded, else read (one query)."""
    unread = []
    for link in links:
        field = link._meta.get_field(link.ARTICLE_FIELD)
        if field.is_cached(link):
            link.published_at = getattr(link, link.ARTICLE_FIELD).published_at
        elif always or link.published_at is None:
            unread.append((link, getattr(link, field.attname)))
    if unread:
        articles = unread[0][0]._meta.get_field(unread[0][0].ARTICLE_FIELD).related_model._base_manager
        times = dict(articles.filter(pk__in={pk for _, pk in unread}).values_list("pk", "published_at"))
        for link, article_id in unread:
            link.published_at = times.get(article_id)


def link_models():
    """Every kind of dated link: the installed models that take LinkDateMixin (tag links and bylines)."""
    return [model for model in apps.get_models() if issubclass(model, LinkDateMixin)]


UNKNOWN = object()


def copy_to_links(article_ids=None, *, published_at=UNKNOWN):
    """Give the links of these articles (of every article when None) their article's current time.

    `published_at`: that time, when the caller knows it (one article's save): no subquery then.
    Only links whose copy differs are written; returns how many were.
    """
    written = 0
    for model in link_models():
        article_field = model.ARTICLE_FIELD
        links = model._base_manager.all()
        if article_ids is not None:
            links = links.filter(**{f"{article_field}__in": list(article_ids)})
        if article_ids is not None and published_at is None:
            time, stale = None, Q(published_at__isnull=False)
        elif article_ids is not None and published_at is not UNKNOWN:
            time, stale = published_at, Q(published_at__isnull=True) | ~Q(published_at=published_at)
        else:
            articles = model._meta.get_field(article_field).related_model._base_manager
            time = Subquery(articles.filter(pk=OuterRef(article_field)).values("published_at")[:1])
            article_time = f"{article_field}__published_at"
            both_empty = Q(published_at__isnull=True, **{f"{article_time}__isnull": True})
            stale = (Q(published_at__isnull=True) | ~Q(published_at=F(article_time))) & ~both_empty
        written += links.filter(stale).update(published_at=time)
    return written
