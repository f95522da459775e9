"""Which staff may do what in the editorial history: permissions, granted to the Editor and Admin groups."""

from django.conf import settings

# Editors correct published stories, restore revisions and merge tags; writers do none of these.
EDITOR_PERMISSIONS = [
    "add_correction",
    "change_correction",
    "delete_correction",
    "view_correction",
    "view_revision",
    "restore_revision",
    "merge_tags",
    "view_tagredirect",
    "view_articleslugredirect",
]


def editor_group_names():
    return getattr(settings, "EDITORIAL_EDITOR_GROUPS", ["Editor", "Admin"])


def grant_editor_permissions(sender=None, using="default", **kwargs):
    """Give the editor groups this app's permissions (post_migrate; safe to run again).

    The groups themselves belong to the workflow's roles migration; a group that does
    not exist yet is left alone and picked up on the next migrate.
    """
    from django.contrib.auth.models import Group, Permission

    permissions = list(
        Permission.objects.using(using).filter(content_type__app_label="editorial", codename__in=EDITOR_PERMISSIONS)
    )
    for group in Group.objects.using(using).filter(name__in=editor_group_names()):
        group.permissions.add(*permissions)


def can_correct(user):
    return user.is_active and user.has_perm("editorial.add_correction")


def can_restore(user):
    return user.is_active and user.has_perm("editorial.restore_revision")


def can_merge_tags(user):
    return user.is_active and user.has_perm("editorial.merge_tags")
