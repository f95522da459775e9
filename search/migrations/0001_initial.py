import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# SQLite: an FTS5 table over search_searchdocument (external content: the text is
# stored once), kept in step by triggers on every insert, update and delete, so any
# write to SearchDocument, including bulk upserts and cascading deletes, reaches it.
# Porter stemming so "vaccines" finds "vaccine", as PostgreSQL's english config does.
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, meta, body,
        content='search_searchdocument', content_rowid='article_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_fts_after_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, meta, body) VALUES (new.article_id, new.title, new.meta, new.body);
    END""",
    """CREATE TRIGGER search_fts_after_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, meta, body)
        VALUES ('delete', old.article_id, old.title, old.meta, old.body);
    END""",
    """CREATE TRIGGER search_fts_after_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, meta, body)
        VALUES ('delete', old.article_id, old.title, old.meta, old.body);
        INSERT INTO search_fts(rowid, title, meta, body) VALUES (new.article_id, new.title, new.meta, new.body);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_after_update",
    "DROP TRIGGER IF EXISTS search_fts_after_delete",
    "DROP TRIGGER IF EXISTS search_fts_after_insert",
    "DROP TABLE IF EXISTS search_fts",
]
# PostgreSQL: the GIN index that makes `vector @@ query` fast. Not in Meta.indexes,
# where SQLite would have to create it too.
POSTGRES_FORWARD = ["CREATE INDEX search_document_vector_gin ON search_searchdocument USING gin (vector)"]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS search_document_vector_gin"]


def run_for_vendor(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("title", models.TextField()),
                ("meta", models.TextField(blank=True, help_text="The dek and the tag names.")),
                ("body", models.TextField(blank=True, help_text="The body as plain text.")),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(
                        editable=False, help_text="PostgreSQL only; empty on SQLite.", null=True
                    ),
                ),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "search document",
            },
        ),
        migrations.RunPython(
            run_for_vendor({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run_for_vendor({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
            elidable=False,
        ),
    ]
