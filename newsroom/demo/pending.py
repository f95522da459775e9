"""A live story whose changes wait for review (data/pending.toml), so the demo shows a pending version.

The demo writer's edit (a new standfirst and a paragraph) is kept as the story's pending version and
submitted, through articles.pending as the change form would: readers still see the live story.
Done once: a story whose changes were ever submitted is left alone.
"""

import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.html import escape

from articles import pending
from articles.models import Article, Transition

from .users import DEMO_USERS

DATA = Path(__file__).resolve().parent / "data" / "pending.toml"


def seed_pending_changes(seeder):
    with DATA.open("rb") as handle:
        spec = tomllib.load(handle)["pending"]
    article = Article.objects.filter(slug=spec["slug"]).first()
    if article is None or not article.is_public:
        return
    if Transition.objects.filter(article=article, step="submit_changes").exists():
        return
    writer_name = next(user["username"] for user in DEMO_USERS if user["role"] == "writer")
    writer = get_user_model()._default_manager.filter(username=writer_name).first() or seeder.created_by
    content = pending.live_content(article)
    content.update(dek=spec["dek"], body=f"{content['body']}<p>{escape(spec['paragraph'])}</p>")
    pending.save(article=article, content=content, by=writer)
    pending.perform(article=article, step="submit_changes", by=writer, comment=spec["comment"])
