"""Newsroom staff for tests: a user with one role, as `manage.py create_staff` makes them."""

from django.contrib.auth import get_user_model

from articles.roles import assign_role

PASSWORD = "correct horse battery staple"  # noqa: S105 (test accounts)


def make_staff(role, username, *, author=None, **fields):
    """A user with one newsroom role (writer, editor, admin), signed in with PASSWORD; `author` becomes their byline."""
    fields.setdefault("first_name", username.title())
    user = get_user_model().objects.create_user(username, password=PASSWORD, **fields)
    assign_role(user, role)
    if author is not None:
        author.user = user
        author.save()
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache
