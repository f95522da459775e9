"""Keeping the search index in step with the articles.

`index_articles` is the one way in: signals call it for one article on save or tag
change, `rebuild_search_index` and bulk importers (the benchmark's generator) call it
for everything. It writes SearchDocument rows in batches (one upsert per batch);
PostgreSQL then computes their weighted vectors in one UPDATE, SQLite's triggers
copy them into the FTS5 table.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction

from articles.models import Article, TaggedArticle

from .models import SearchDocument
from .text import clean_text, html_to_text

# PostgreSQL refuses tsvectors over 1 MB; no story needs that many words to be found.
MAX_BODY_CHARS = 200_000


def search_config():
    """The PostgreSQL text-search configuration (stemming and stop words)."""
    return settings.SEARCH_CONFIG


# Each document column and its weight in the vector: title above dek and tags above body.
VECTOR_WEIGHTS = (("title", "A"), ("meta", "B"), ("body", "C"))


def weighted_vector():
    config = search_config()
    vectors = [SearchVector(column, weight=weight, config=config) for column, weight in VECTOR_WEIGHTS]
    return sum(vectors[1:], vectors[0])


def weighted_vector_sql():
    """weighted_vector() as SQL over plain columns of the same names, with the config as its one parameter."""
    parts = [
        f"setweight(to_tsvector(%(config)s::regconfig, COALESCE({column}, '')), '{weight}')"
        for column, weight in VECTOR_WEIGHTS
    ]
    return " || ".join(parts), {"config": search_config()}


# The article fields a document is made from (beside the tag names).
DOCUMENT_SOURCES = ("pk", "title", "dek", "body", "published_at")


def build_document(article, tag_names):
    """The searchable text of one article (the body's words, not its markup)."""
    meta = " ".join(part for part in [clean_text(article.dek), " ".join(clean_text(n) for n in tag_names)] if part)
    return SearchDocument(
        article_id=article.pk,
        title=clean_text(article.title),
        meta=meta,
        body=html_to_text(article.body)[:MAX_BODY_CHARS],
        published_at=article.published_at,
    )


def _tag_names_by_article(article_ids, without_tags=()):
    names = {}
    rows = (
        TaggedArticle.objects.filter(content_object_id__in=article_ids)
        .exclude(tag__in=without_tags)
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    )
    for article_id, name in rows:
        names.setdefault(article_id, []).append(name)
    return names


def _index_batch(articles, without_tags=()):
    ids = [article.pk for article in articles]
    names = _tag_names_by_article(ids, without_tags)
    documents = [build_document(article, names.get(article.pk, [])) for article in articles]
    SearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["title", "meta", "body", "published_at", "indexed_at"],
    )
    if connection.vendor == "postgresql":
        SearchDocument.objects.filter(pk__in=ids).update(vector=weighted_vector())


def add_documents(documents):
    """Insert documents (build_document()) of articles that have none yet: the bulk loader's way in.

    PostgreSQL: COPY into a temporary table, then one INSERT … SELECT that computes the
    vectors, so each row is written once. SQLite: a plain bulk insert (the triggers fill FTS5).
    """
    if connection.vendor != "postgresql":
        SearchDocument.objects.bulk_create(documents, batch_size=2000)
        return
    vector_sql, params = weighted_vector_sql()
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS search_incoming "
            "(article_id bigint, title text, meta text, body text, published_at timestamptz) ON COMMIT DELETE ROWS"
        )
        columns = "article_id, title, meta, body, published_at"
        with cursor.copy(f"COPY search_incoming ({columns}) FROM STDIN") as copy:
            for doc in documents:
                copy.write_row((doc.article_id, doc.title, doc.meta, doc.body, doc.published_at))
        cursor.execute(
            f"INSERT INTO {table} ({columns}, vector, indexed_at) "  # noqa: S608 (quoted name)
            f"SELECT {columns}, {vector_sql}, now() FROM search_incoming",
            params,
        )
        cursor.execute("TRUNCATE search_incoming")


def index_articles(articles=None, *, batch_size=500, without_tags=()):
    """(Re)index `articles` (a queryset, ids, or None for every article); returns how many.

    Every status is indexed: searches filter through the published door, so the
    index never decides what is public. `without_tags` (ids or a queryset) are left
    out of the documents: tags about to be deleted.
    """
    if articles is None:
        queryset = Article.objects.all()
    elif hasattr(articles, "model"):
        queryset = articles
    else:
        queryset = Article.objects.filter(pk__in=list(articles))
    queryset = queryset.only(*DOCUMENT_SOURCES).order_by("pk")
    count = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            # Read locked: an edit saved meanwhile waits, then indexes its own text, instead of this
            # batch writing the text it read before over that edit's document.
            batch = list(queryset.filter(pk__gt=last_pk).select_for_update(of=("self",))[:batch_size])
            if not batch:
                break
            _index_batch(batch, without_tags)
        count += len(batch)
        last_pk = batch[-1].pk
    return count


def index_article(article):
    """Index one article now, in the caller's transaction (signals use this)."""
    if article.pk is None:
        return
    if set(DOCUMENT_SOURCES) & article.get_deferred_fields():
        article = Article.objects.only(*DOCUMENT_SOURCES).get(pk=article.pk)
    with transaction.atomic():
        _index_batch([article])


def rebuild_index(*, batch_size=500):
    """Drop every document and index all articles again; SQLite's FTS table is rebuilt too."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
    count = index_articles(batch_size=batch_size)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            # Fresh statistics, or the planner may walk every article instead of the GIN index.
            cursor.execute("ANALYZE search_searchdocument")
    return count
