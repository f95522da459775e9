from django.db import migrations

# PostgreSQL: a search walks the newest documents and tests each one's vector, so the vector
# stays in the row (storage MAIN: compressed or moved out only as a last resort) while the
# text, read only for a page's highlights, goes out of line (TOAST) as usual. Reading a
# vector then costs no TOAST lookup. Rows written before keep their layout until re-indexed
# (manage.py rebuild_search_index).
POSTGRES_FORWARD = [
    "ALTER TABLE search_searchdocument RESET (toast_tuple_target)",
    "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE MAIN",
]
POSTGRES_BACKWARD = ["ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED"]


def run_for_vendor(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_document_published_at"),
    ]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRES_FORWARD}),
            run_for_vendor({"postgresql": POSTGRES_BACKWARD}),
            elidable=False,
        ),
    ]
