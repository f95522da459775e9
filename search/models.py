"""What the site search reads: one plain-text document per article.

The document holds the words readers can find (title; dek and tag names; body as
text, never its HTML tags). Each database engine indexes it its own way:

* PostgreSQL: `vector`, a weighted tsvector (title A, dek and tags B, body C) with a
  GIN index created by the migration on PostgreSQL only.
* SQLite: an FTS5 virtual table `search_fts` over these columns (external content),
  kept in step by triggers, created by the migration on SQLite only.

Every article has a document whatever its status; searches join back through
`Article.objects.published()`, so a scheduled story becomes findable the moment it
goes live without re-indexing, and a draft never shows.

`published_at` repeats the article's publication time so that a search can read its
matches newest first from this table alone (walking its own index and testing each
row's vector, which PostgreSQL keeps in the row, or for a rarer word the full-text
index and a top-N sort): a word found in half of a million articles then costs the
newest matches, not all of them. It only orders and bounds the candidates; the
published door still decides which of them show.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from articles.models import Article


class SearchDocument(models.Model):
    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document")
    title = models.TextField()
    meta = models.TextField(blank=True, help_text="The dek and the tag names.")
    body = models.TextField(blank=True, help_text="The body as plain text.")
    vector = SearchVectorField(null=True, editable=False, help_text="PostgreSQL only; empty on SQLite.")
    published_at = models.DateTimeField(
        null=True, editable=False, help_text="The article's publication time: the order searches read matches in."
    )
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "search document"
        indexes = [models.Index(fields=["-published_at", "-article"], name="search_document_recent_idx")]

    def __str__(self):
        return self.title
