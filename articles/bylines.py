"""An article's byline written from a list of author ids: what publishing pending changes and a restore write.

The ids come from content kept earlier (a pending version, a revision): an author deleted since
then is left out, and the others keep their order.
"""

from . import changes
from .models import ArticleAuthor, Author


def existing_in_order(author_ids):
    """The ids in `author_ids` that still name an author, in their order."""
    existing = set(Author.objects.filter(pk__in=author_ids).values_list("pk", flat=True))
    return [author_id for author_id in author_ids if author_id in existing]


def write(article, author_ids):
    """Make the article's byline these authors, in this order (positions from 0); deleted ones are left out."""
    kept = existing_in_order(author_ids)
    ArticleAuthor.objects.filter(article=article).delete()
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author_id=author_id, position=position)
        for position, author_id in enumerate(kept)
    )
    changes.article_relation_changed(article.pk)  # bulk_create sends no signal
