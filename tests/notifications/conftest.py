"""A small newsroom for the notification tests: a writer's story, two editors, a section."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article
from tests.support.factories import make_author, ready_article
from tests.support.staff import make_staff


@dataclass
class Desk:
    writer: get_user_model()
    editor: get_user_model()
    other_editor: get_user_model()
    story: Article


@pytest.fixture
def desk(db):
    writer = make_staff("writer", "bea.writer", email="bea@example.org", first_name="Bea", last_name="Writer")
    editor = make_staff("editor", "cam.editor", email="cam@example.org", first_name="Cam", last_name="Editor")
    other = make_staff("editor", "dana.editor", email="dana@example.org", first_name="Dana", last_name="Editor")
    story = ready_article("Statins and sleep", created_by=writer, authors=[make_author("Bea Writer", user=writer)])
    return Desk(writer, editor, other, story)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the callbacks of everything done inside `with on_commit():` as a real commit would."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture
