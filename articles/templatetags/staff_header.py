"""The admin header's "who is signed in": the person's name and their newsroom role."""

from django import template

from ..roles import ADMIN, EDITOR, WRITER

register = template.Library()

# Each role told by a right it alone (with those above it) holds in articles.roles: read from the
# permission cache every admin page has already filled, so the header costs no query.
_ROLE_MARKS = [(ADMIN, "articles.delete_article"), (EDITOR, "articles.change_any_article"),
               (WRITER, "articles.submit_article")]  # fmt: skip


def role_of(user):
    """The user's newsroom role ("Admin", "Editor", "Writer"), or "" for staff with none of them."""
    return next((role for role, permission in _ROLE_MARKS if user.has_perm(permission)), "")


@register.inclusion_tag("admin/signed_in_as.html")
def signed_in_as(user):
    return {"name": user.get_full_name() or user.get_username(), "role": role_of(user)}
