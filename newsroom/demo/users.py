"""The local logins: one staff account per newsroom role (articles.roles), none a superuser.

Passwords are generated once and kept in a private file, so the login `seed_demo` prints
keeps working from one run to the next.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Author
from articles.roles import assign_role

from .content import load
from .seeder import Seeder

# Accounts for local use only, one per newsroom role (articles.roles); none is a superuser.
# The writer writes as a demo author, so that author's stories (one is a draft) are theirs.
DEMO_USERS = [
    {
        "username": "editor",
        "label": "Editor login",
        "email": "editor@example.com",
        "first_name": "Demo",
        "last_name": "Editor",
        "is_staff": True,
        "is_superuser": False,
        "role": "editor",
    },
    {
        "username": "writer",
        "label": "Writer login",
        "email": "writer@example.com",
        "first_name": "Demo",
        "last_name": "Writer",
        "is_staff": True,
        "is_superuser": False,
        "role": "writer",
        "author": "daniel-whitcombe",
    },
    {
        "username": "admin",
        "label": "Admin login",
        "email": "admin@example.com",
        "first_name": "Demo",
        "last_name": "Admin",
        "is_staff": True,
        "is_superuser": False,
        "role": "admin",
    },
]


def demo_logins_path():
    """Where generated demo passwords live: BASE_DIR/var/demo_logins.txt (settings.DEMO_LOGINS_FILE overrides)."""
    override = getattr(settings, "DEMO_LOGINS_FILE", None)
    return Path(override) if override else Path(settings.BASE_DIR) / "var" / "demo_logins.txt"


def _read_logins(path):
    logins = {}
    if path.exists():
        for line in path.read_text().splitlines():
            username, sep, password = line.strip().partition(":")
            if sep and username and password:
                logins[username] = password
    return logins


def _write_logins(path, logins):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("# Demo logins for local use only (written by manage.py seed_demo).\n")
        handle.writelines(f"{username}:{password}\n" for username, password in logins.items())
    path.chmod(0o600)


def ensure_demo_users(stdout):
    """Create or refresh the DEMO_USERS accounts; return [(label, username, password)].

    Each password is generated once, kept in demo_logins_path() (mode 600) and set
    again on every run, so the printed login always works.
    """
    path = demo_logins_path()
    logins = _read_logins(path)
    missing = [spec["username"] for spec in DEMO_USERS if not logins.get(spec["username"])]
    for username in missing:
        logins[username] = secrets.token_urlsafe(18)
    if missing or (path.exists() and path.stat().st_mode & 0o077):
        _write_logins(path, logins)

    User = get_user_model()
    result = []
    for spec in DEMO_USERS:
        username, password = spec["username"], logins[spec["username"]]
        fields = {key: value for key, value in spec.items() if key not in {"username", "label", "role", "author"}}
        fields["is_active"] = True
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        created = user is None
        if created:
            user = User(**{User.USERNAME_FIELD: username})
        changed = [name for name, value in fields.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, fields[name])
        if created or not user.check_password(password):
            user.set_password(password)
            changed.append("password")
        if created or changed:
            user.save()
            stdout.write(f"User {username}: {'created' if created else 'updated (' + ', '.join(changed) + ')'}")
        assign_role(user, spec["role"])
        if spec.get("author"):
            _link_demo_author(user, spec["author"])
        result.append((spec["label"], username, password))
    return result


def _link_demo_author(user, slug):
    """Make the demo author `slug` write as `user` (created from the demo content if not seeded yet)."""
    author = Author.objects.filter(slug=slug).first()
    if author is None:
        author = Seeder(timezone.now()).seed_author(load().author(slug))
    if author.user_id is None:
        Author.objects.filter(user=user).exclude(pk=author.pk).update(user=None)
        author.user = user
        author.save(update_fields=["user", "updated_at"])
