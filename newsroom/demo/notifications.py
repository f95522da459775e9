"""Demo notifications: the demo editor has the draft assigned to them and two unread notifications about it."""

import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model

from articles.models import Article, Status
from notifications.models import Assignment, Notification

DATA = Path(__file__).resolve().parent / "data" / "notifications.toml"


def seed_notifications(seeder):
    """Once: the assignment and the notifications of the data file; the notifications created (0 on a rerun)."""
    staff = get_user_model().objects.filter(username__in=["editor", "writer", "admin"])
    users = {user.username: user for user in staff}
    draft = Article.objects.filter(status=Status.DRAFT).order_by("pk").first()
    editor = users.get("editor")
    if draft is None or editor is None or Notification.objects.filter(recipient=editor).exists():
        return 0
    Assignment.objects.get_or_create(article=draft, defaults={"editor": editor, "assigned_by": users.get("admin")})
    specs = tomllib.loads(DATA.read_text())["notifications"]
    Notification.objects.bulk_create(
        Notification(
            recipient=editor,
            kind=spec["kind"],
            article=draft,
            actor=users.get(spec["actor"]),
            text=spec["text"].format(title=draft.title),
            created_at=seeder.now,
        )  # fmt: skip
        for spec in specs
    )
    return len(specs)
