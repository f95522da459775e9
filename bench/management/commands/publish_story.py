"""The benchmark's newsroom at work: publish one new story as an editor would, or edit the
body of a published one.

    python manage.py publish_story --prepare    # the editor and a disclaimer, before any measuring
    python manage.py publish_story              # a new story, published through the workflow
    python manage.py publish_story --edit SLUG  # the body of a published story changed and saved

Publishing goes through `articles.workflow.perform(action="publish")`, the call the change
form's "Publish now" button makes, as a user with the editor role. The new story is a
fresh copy of the newest public story's fields, bylines and tags (so it passes the
publishing checks; an override reason says why the claims check's warnings, if any, are
fine), saved as approved first: a story that is not public changes nothing
readers see. A generated archive has no disclaimer, which publishing requires: the new
story gets its own, created by --prepare (creating a disclaimer is a change to every article
page, so it happens before the page cache is filled). An edit saves the whole row, as the
change form does. Prints one JSON line.
"""

import json
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import workflow
from articles.models import Article, ArticleAuthor, Disclaimer, Status
from articles.roles import assign_role

EDITOR_USERNAME = "bench-editor"


DISCLAIMER_TITLE = "Benchmark disclaimer"
COPY_REASON = "Benchmark: a copy of a story already published."


def prepare():
    """The editor who publishes and the disclaimer new stories carry (created once)."""
    user, created = get_user_model().objects.get_or_create(username=EDITOR_USERNAME)
    if created:
        user.set_unusable_password()
        user.save()
        assign_role(user, "editor")
    disclaimer, _ = Disclaimer.objects.get_or_create(
        title=DISCLAIMER_TITLE, defaults={"body": "Generated for the benchmark.", "is_default": False}
    )
    return user, disclaimer


def publish_new_story():
    by, disclaimer = prepare()
    # Copies copy a generated story, never an earlier copy.
    stories = Article.objects.published().exclude(created_by=by).order_by("-published_at")
    template = stories.first()
    if template is None:
        raise CommandError("The archive has no public story to copy.")
    token = secrets.token_hex(4)
    with transaction.atomic():
        story = Article.objects.create(
            title=f"{template.title[:230]} (update {token})",
            slug=f"{template.slug[:180]}-update-{token}",
            dek=template.dek,
            body=template.body,
            section_id=template.section_id,
            source_name=template.source_name,
            original_reporting=template.original_reporting,
            disclaimer=disclaimer,
            status=Status.APPROVED,
            created_by=by,
        )
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=story, author_id=byline.author_id, position=byline.position)
            for byline in template.bylines.all()
        )
        story.tags.add(*template.tags.all())
    # A copy of a story readers already have: whatever the claims check warns of was answered for the original.
    workflow.perform(article=story, action="publish", by=by, override_reason=COPY_REASON)
    return story


def edit_body(slug):
    """The story and the words the edit added (a reader's page must show them once the change is out)."""
    story = Article.objects.published().filter(slug=slug).first()
    if story is None:
        raise CommandError(f"No public story at {slug!r}.")
    marker = f"Update {secrets.token_hex(4)}"
    story.body += f"<p>{marker}: the authors answered our questions.</p>"
    story.save()
    return story, marker


class Command(BaseCommand):
    help = "Publish one new story through the editor's workflow, or edit one published story's body."

    def add_arguments(self, parser):
        parser.add_argument("--prepare", action="store_true", help="only create the editor and the disclaimer")
        parser.add_argument("--edit", metavar="SLUG", help="edit this published story's body instead")

    def handle(self, *args, edit=None, **options):
        if options["prepare"]:
            prepare()
            self.stdout.write(json.dumps({"action": "prepare"}))
            return
        if edit:
            (story, marker), action = edit_body(edit), "edit"
        else:
            story, action = publish_new_story(), "publish"
            marker = story.title
        result = {"action": action, "slug": story.slug, "path": story.get_absolute_url(), "marker": marker}
        self.stdout.write(json.dumps(result))
