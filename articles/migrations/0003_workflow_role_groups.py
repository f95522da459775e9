"""Create the Writer, Editor and Admin groups with their permissions (see articles/roles.py)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make them now so the groups can hold them.
    for label in ("contenttypes", "auth", "articles"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    from articles.roles import sync_role_groups

    sync_role_groups(apps)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writer", "Editor", "Admin"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow_transition_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
