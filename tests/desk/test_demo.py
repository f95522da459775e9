"""The demo shows the desk: a story returned to the demo writer with the editor's comment, one waiting for review."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from articles.models import Article, Status
from newsroom.demo.desk import seed_desk
from tests.support.factories import make_section
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


def test_the_demo_writer_finds_a_returned_story_and_the_editor_one_to_review(client):
    make_section("Heart")
    writer = make_staff("writer", "writer")
    editor = make_staff("editor", "editor")
    seed_desk(SimpleNamespace(created_by=editor))
    seed_desk(SimpleNamespace(created_by=editor))  # once only

    assert Article.objects.filter(status=Status.DRAFT, created_by=writer).count() == 1
    assert Article.objects.filter(status=Status.IN_REVIEW, created_by=writer).count() == 1
    client.force_login(writer)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Returned to you" in page and "absolute risks" in page
    client.force_login(editor)
    assert "Sleep apnoea devices and blood pressure" in client.get(reverse("admin:index")).content.decode()
