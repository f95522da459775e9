from django.db import migrations, models

# Each document takes its article's publication time (the order searches read matches in).
FILL = [
    """UPDATE search_searchdocument SET published_at = (
        SELECT published_at FROM articles_article WHERE articles_article.id = search_searchdocument.article_id
    )"""
]
# PostgreSQL: rows out of line (TOAST) past 128 bytes (0003 undoes it: the vector is better in the row).
POSTGRES_FORWARD = ["ALTER TABLE search_searchdocument SET (toast_tuple_target = 128)"]
POSTGRES_BACKWARD = ["ALTER TABLE search_searchdocument RESET (toast_tuple_target)"]


def run_for_vendor(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="published_at",
            field=models.DateTimeField(
                editable=False,
                help_text="The article's publication time: the order searches read matches in.",
                null=True,
            ),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["-published_at", "-article"], name="search_document_recent_idx"),
        ),
        migrations.RunPython(
            run_for_vendor({"sqlite": FILL, "postgresql": POSTGRES_FORWARD + FILL}),
            run_for_vendor({"postgresql": POSTGRES_BACKWARD}),
            elidable=False,
        ),
    ]
