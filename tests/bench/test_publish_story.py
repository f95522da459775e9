"""The benchmark's newsroom at work (manage.py publish_story): a publish through the editor's workflow, a body edit."""

import io
import json

import pytest
from django.core.management import call_command

from articles.models import Article, Disclaimer, Status, Transition


def publish_story(*args):
    out = io.StringIO()
    call_command("publish_story", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture
def prepared(small_site):
    publish_story("--prepare")
    return small_site


def test_a_new_story_goes_public_through_the_publish_action_of_an_editor(prepared):
    result = publish_story()

    story = Article.objects.get(slug=result["slug"])
    assert result["action"] == "publish"
    assert (result["path"], result["marker"]) == (story.get_absolute_url(), story.title)
    assert Article.objects.published().filter(pk=story.pk).exists()
    transition = Transition.objects.get(article=story)
    assert (transition.from_state, transition.to_state) == (Status.APPROVED, Status.PUBLISHED)
    assert transition.by.username == "bench-editor"
    assert transition.by.groups.filter(name="Editor").exists()
    assert set(story.tags.all()) == {prepared.tag}
    assert list(story.authors.all()) == [prepared.author]


def test_copies_are_made_from_generated_stories_never_from_earlier_copies(prepared):
    first = publish_story()
    second = publish_story()

    assert first["slug"].count("-update-") == 1
    assert second["slug"].count("-update-") == 1


def test_an_edit_changes_the_body_of_a_published_story(prepared):
    before = prepared.story.body

    result = publish_story("--edit", prepared.story.slug)

    prepared.story.refresh_from_db()
    assert result["action"] == "edit"
    assert prepared.story.body.startswith(before)
    assert result["marker"] in prepared.story.body.removeprefix(before)


def test_preparing_twice_creates_nothing_new(prepared):
    count = Disclaimer.objects.count()
    publish_story("--prepare")

    assert Disclaimer.objects.count() == count
