"""Existing articles get their stored body HTML, and public ones their stored related stories.

Both are worked out by today's code (articles.sanitize.render_body with the transformers
the apps registered, articles.related.refresh_related), which is what pages now read.
"""

from django.db import migrations

BATCH_SIZE = 500


def fill(apps, schema_editor):
    from articles import related
    from articles.sanitize import render_body, sanitize_html

    Article = apps.get_model("articles", "Article")
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = list(Article.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).only("pk", "body"))
        for article in batch:
            article.body_html = render_body(sanitize_html(article.body))
        Article.objects.bulk_update(batch, ["body_html"])
    related.refresh_related(Article.objects.filter(status="published").values_list("pk", flat=True))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_stored_bodies_and_related"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
