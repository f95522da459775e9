"""A slip in the demo's revision history (data/revisions.toml): a subheading lost into the paragraph below.

The demo writer adds a subheading before the draft's second paragraph, then types over it so it
merges into that paragraph; the diff of the two revisions names the heading removed. Done once:
a story whose revisions already held the subheading is left alone.
"""

import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.html import escape

from articles.models import Article
from editorial.models import Revision
from editorial.services import record_revision, revision_recorded_by_caller

from .users import DEMO_USERS

DATA = Path(__file__).resolve().parent / "data" / "revisions.toml"


def seed_revision_slip(seeder):
    with DATA.open("rb") as handle:
        spec = tomllib.load(handle)["slip"]
    writer_name = next(user["username"] for user in DEMO_USERS if user["role"] == "writer")
    writer = get_user_model()._default_manager.filter(username=writer_name).first() or seeder.created_by
    article = Article.objects.filter(slug=spec["slug"]).first()
    heading = f"<h2>{escape(spec['heading'])}</h2>"
    if article is None or article.body.count("<p>") < 2:
        return
    if any(
        heading in (body or "")
        for body in Revision.objects.filter(article=article).values_list("snapshot__body", flat=True)
    ):
        return
    first_end = article.body.index("</p>") + len("</p>")
    with_heading = f"{article.body[:first_end]}{heading}{article.body[first_end:].lstrip()}"
    slipped = with_heading.replace(f"{heading}<p>", f"<p>{escape(spec['typed'])}", 1)
    for body in (with_heading, slipped):
        article.body = body
        with revision_recorded_by_caller():
            article.save()
        record_revision(article, by=writer)
