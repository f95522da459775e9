"""The desk in the demo: the demo writer's draft comes back from the editor with a comment (data/desk.toml).

It goes through the workflow as the writer's and the editor's buttons would: submitted, then
returned. Done once, and only while the story is a draft nobody has moved yet.
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
        spec = tomllib.load(handle)["returned"]
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
