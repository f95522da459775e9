"""The newsroom's three staff roles as Django groups, and what each may do in every app: the one table.

Writer, Editor and Admin are plain auth groups so that an administrator can read them
in the admin. What each may do is listed here once, for all apps, by permission name
("app_label.codename"): a name is data, so naming editorial's or images' permissions
imports neither. The data migration (articles/migrations/0003) applies the table, and
so does one post_migrate step after every migrate (permissions of apps migrated later
reach the groups then) and `create_staff`. Applying only ever adds permissions: a
right granted by hand in the admin is never silently taken away.

Object-level rules (a writer edits only their own drafts) are not permissions; they
live in articles.workflow.
"""

from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.dispatch import receiver

WRITER, EDITOR, ADMIN = "Writer", "Editor", "Admin"
ROLES = {"writer": WRITER, "editor": EDITOR, "admin": ADMIN}

_WRITER_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.submit_article",
    "articles.preview_article",
    # Bylines are an inline of the article form; an explicit through model needs its own rights.
    "articles.add_articleauthor",
    "articles.change_articleauthor",
    "articles.delete_articleauthor",
    "articles.view_articleauthor",
    # Autocomplete fields in the article form need view rights on what they look up.
    "articles.view_section",
    "articles.view_author",
    "articles.view_disclaimer",
    "articles.view_tag",
    "articles.view_transition",
    # Pictures for the body are uploaded as BodyImages and inserted in the editor by URL.
    "images.add_bodyimage",
    "images.change_bodyimage",
    "images.view_bodyimage",
    # Our own video and audio for the body (richmedia), with their captions tracks.
    "richmedia.add_mediafile",
    "richmedia.change_mediafile",
    "richmedia.view_mediafile",
    "richmedia.add_captiontrack",
    "richmedia.change_captiontrack",
    "richmedia.delete_captiontrack",
    "richmedia.view_captiontrack",
    # Standing pages (About, the policies): writers draft them; pages.admin keeps published ones for editors.
    "pages.add_page",
    "pages.change_page",
    "pages.view_page",
    # Cited studies and the evidence panel are inlines of the article form (evidence app).
    "evidence.add_citation",
    "evidence.change_citation",
    "evidence.delete_citation",
    "evidence.view_citation",
    "evidence.add_evidencesummary",
    "evidence.change_evidencesummary",
    "evidence.delete_evidencesummary",
    "evidence.view_evidencesummary",
]

# Editors archive rather than delete; deleting an article is an admin's call.
_EDITOR_EXTRA = [
    "articles.change_any_article",
    "articles.review_article",
    "articles.publish_article",
    "articles.schedule_article",
    "articles.unpublish_article",
    "articles.archive_article",
    "articles.share_preview",
    "articles.add_author",
    "articles.change_author",
    "articles.add_tag",
    "articles.change_tag",
    "articles.delete_tag",
    # Editorial history: corrections on published stories, restoring revisions, merging tags.
    "editorial.add_correction",
    "editorial.change_correction",
    "editorial.delete_correction",
    "editorial.view_correction",
    "editorial.view_revision",
    "editorial.restore_revision",
    "editorial.merge_tags",
    "editorial.view_tagredirect",
    "editorial.view_articleslugredirect",
    "pages.publish_page",
    "pages.delete_page",
    "editorial.view_reviewreminder",
    # The claims check's word lists and trusted domains (evidence app).
    "evidence.add_claimsterm",
    "evidence.change_claimsterm",
    "evidence.delete_claimsterm",
    "evidence.view_claimsterm",
    # Readers' error reports: the desk reads them and records what it did.
    "errorreports.view_errorreport",
    "errorreports.change_errorreport",
]

# Admins get everything except Django's own plumbing.
ADMIN_EXCLUDED_APPS = ["contenttypes", "sessions", "admin"]

ROLE_PERMISSIONS = {
    WRITER: _WRITER_PERMISSIONS,
    EDITOR: _WRITER_PERMISSIONS + _EDITOR_EXTRA,
}


def _permissions_for(role, Permission):
    """The Permission rows a role should have, of those that exist right now."""
    if role == ADMIN:
        return list(Permission.objects.exclude(content_type__app_label__in=ADMIN_EXCLUDED_APPS))
    wanted = {tuple(name.split(".", 1)) for name in ROLE_PERMISSIONS[role]}
    found = [
        permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in=[codename for _, codename in wanted]
        )
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    return found


def sync_role_groups(apps=global_apps):
    """Create the three groups if needed and grant each the permissions its role lists.

    `apps` is the migration's app registry inside a migration, the live one elsewhere.
    Returns {group name: Group}.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {}
    for role in (WRITER, EDITOR, ADMIN):
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*_permissions_for(role, Permission))
        groups[role] = group
    return groups


def assign_role(user, role_key):
    """Make `user` a staff member with exactly one newsroom role (writer, editor or admin)."""
    from django.contrib.auth.models import Group

    groups = sync_role_groups()
    role = ROLES[role_key]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.remove(*Group.objects.filter(name__in=ROLES.values()).exclude(name=role))
    user.groups.add(groups[role])
    return groups[role]


@receiver(post_migrate, dispatch_uid="articles.roles.sync_after_migrate")
def sync_after_migrate(sender, apps=global_apps, **kwargs):
    """After every migrate (and test-database flush), bring later apps' permissions into the groups."""
    try:
        apps.get_model("auth", "Permission")
        apps.get_model("contenttypes", "ContentType")
    except LookupError:
        return
    sync_role_groups(apps)
