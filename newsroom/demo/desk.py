"""The desk in the demo: a story returned to the demo writer and one waiting for review (data/desk.toml).

Both go through the workflow as an editor's buttons would. Added once: a story whose address
exists (the demo's or an editor's) is left as it is.
"""

import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model

from articles import workflow
from articles.models import Article, Section, Status

from .users import DEMO_USERS

DATA = Path(__file__).resolve().parent / "data" / "desk.toml"


def seed_desk(seeder):
    with DATA.open("rb") as handle:
        data = tomllib.load(handle)
    writer_name = next(spec["username"] for spec in DEMO_USERS if spec["role"] == "writer")
    writer = get_user_model()._default_manager.filter(username=writer_name).first()
    section = Section.objects.order_by("pk").first()
    if writer is None or section is None:
        return
    for spec in data["returned"]:
        article = _submitted(spec, section, writer)
        if article is not None:
            workflow.perform(article=article, action="return", by=seeder.created_by, comment=spec["comment"])
    for spec in data["in_review"]:
        _submitted(spec, section, writer)


def _submitted(spec, section, writer):
    """The writer's story as submitted for review, or None when its address is taken."""
    if Article.objects.filter(slug=spec["slug"]).exists():
        return None
    fields = {name: spec[name] for name in ("title", "dek", "body", "source_name")}
    return Article.objects.create(
        slug=spec["slug"], section=section, status=Status.IN_REVIEW, created_by=writer, **fields
    )
