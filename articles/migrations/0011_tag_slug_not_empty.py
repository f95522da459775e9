from django.db import migrations, models


def give_empty_slugs_one(apps, schema_editor):
    """Tags saved with an empty slug (a name like "!!!") get the one the model now makes."""
    from articles.models.taxonomy import tag_slug

    Tag = apps.get_model("articles", "Tag")
    for tag in Tag.objects.filter(slug=""):
        stem = tag_slug(tag.name)
        slug, n = stem, 0
        while Tag.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{stem}_{n}"
        Tag.objects.filter(pk=tag.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_desk_list_indexes"),
    ]

    operations = [
        migrations.RunPython(give_empty_slugs_one, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.CheckConstraint(
                condition=models.Q(("slug", ""), _negated=True), name="tag_slug_not_empty"
            ),
        ),
    ]
