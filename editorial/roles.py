"""Who may correct, restore and merge tags: checks on the permissions articles/roles.py grants each role."""


def can_correct(user):
    return user.is_active and user.has_perm("editorial.add_correction")


def can_restore(user):
    return user.is_active and user.has_perm("editorial.restore_revision")


def can_merge_tags(user):
    return user.is_active and user.has_perm("editorial.merge_tags")


def can_mark_minor(user):
    """Calling an edit to a public story minor hides it from a first glance: an editor's call."""
    return user.is_active and user.has_perm("articles.publish_article")
