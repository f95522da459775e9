"""The demo shows the desk: the demo writer's draft, returned by the editor with a comment."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from articles.models import Status
from newsroom.demo.desk import seed_desk
from newsroom.demo.users import DEMO_USERS
from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

DEMO_DRAFT = "blood-pressure-medicine-recall-what-to-do"


def test_the_demo_writers_draft_comes_back_with_the_editors_comment_once(client):
    writer_name = next(user["username"] for user in DEMO_USERS if user["role"] == "writer")
    writer_author = make_author("Daniel Whitcombe")
    writer = make_staff("writer", writer_name, author=writer_author)
    editor = make_staff("editor", "demo-editor")
    make_disclaimer(is_default=True)
    draft = make_article(
        "What to do if your blood pressure medicine is recalled",
        slug=DEMO_DRAFT,
        section=make_section("Drug safety"),
        authors=[writer_author],
        tags=[make_tag("hypertension")],
        status=Status.DRAFT,
        days_ago=None,
        created_by=writer,
    )
    seed_desk(SimpleNamespace(created_by=editor))
    seed_desk(SimpleNamespace(created_by=editor))  # a rerun moves nothing

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert [t.to_state for t in draft.transitions.order_by("at", "pk")] == [Status.IN_REVIEW, Status.DRAFT]
    client.force_login(writer)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Returned to you" in page and "ask a pharmacist" in page
