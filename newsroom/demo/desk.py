"""The desk in the demo (data/desk.toml): the demo writer's draft comes back from the editor with a comment,
and a hyped animal study the claims check stopped is published with the editor's override reason.

Both go through the workflow as the writer's and the editor's buttons would. Done once, and only
while the story is where the seed left it and nobody has moved it yet.
"""

import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model

from articles import workflow
from articles.models import Article, Status

from .users import DEMO_USERS

DATA = Path(__file__).resolve().parent / "data" / "desk.toml"


def seed_desk(seeder):
    with DATA.open("rb") as handle:
        data = tomllib.load(handle)
    seed_returned(seeder, data["returned"])
    seed_overridden(seeder, data["overridden"])


def seed_returned(seeder, spec):
    writer_name = next(user["username"] for user in DEMO_USERS if user["role"] == "writer")
    writer = get_user_model()._default_manager.filter(username=writer_name).first()
    draft = Article.objects.filter(slug=spec["slug"], status=Status.DRAFT).first()
    if writer is None or draft is None or draft.transitions.exists() or not workflow.is_owner(writer, draft):
        return
    try:
        workflow.perform(article=draft, action="submit", by=writer)
        workflow.perform(article=draft, action="return", by=seeder.created_by, comment=spec["comment"])
    except workflow.WorkflowError:
        return  # the draft is not ready to submit: the desk simply shows it as a plain draft


def seed_overridden(seeder, spec):
    story = Article.objects.filter(slug=spec["slug"], status=Status.APPROVED).first()
    if seeder.created_by is None or story is None or story.transitions.exists():
        return
    try:
        workflow.perform(article=story, action="publish", by=seeder.created_by, comment=spec["comment"],
                         override_reason=spec["reason"])  # fmt: skip
    except workflow.WorkflowError:
        return  # not ready to publish after all (edited since): it stays approved, for the editors
