"""Who may move an article from which state to which, through the admin's real workflow endpoint."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Status, Transition
from tests.support.admin import messages_of, post_transition
from tests.support.factories import make_author, ready_article
from tests.support.staff import make_staff
from tests.support.workflow import ALL_ACTIONS, EXPECTED_STATE, SOURCE_STATE

pytestmark = pytest.mark.django_db

# The role matrix: which roles may take each action (on an article they may see).
ALLOWED = {
    "writer": {"submit"},
    "editor": set(ALL_ACTIONS),
    "admin": set(ALL_ACTIONS),
}


@pytest.fixture
def staff():
    writer_author = make_author("Wren Writer")
    return {
        "writer": make_staff("writer", "writer", author=writer_author),
        "editor": make_staff("editor", "editor"),
        "admin": make_staff("admin", "chief"),
        "writer_author": writer_author,
    }


def article_in(state, staff, **fields):
    published_at = timezone.now() - timedelta(hours=1) if state == Status.PUBLISHED else None
    return ready_article(
        f"Story in {state}",
        status=state,
        created_by=staff["writer"],
        authors=[staff["writer_author"]],
        published_at=published_at,
        **fields,
    )


@pytest.mark.parametrize("role", ["writer", "editor", "admin"])
@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_role_matrix(client, staff, role, action):
    """Each role × each action from its usual source state: done and recorded, or refused with 403 and unchanged."""
    article = article_in(SOURCE_STATE[action], staff)
    client.force_login(staff[role])
    publish_at = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = post_transition(client, article, action, comment="Please add a second source.", publish_at=publish_at)
    article.refresh_from_db()
    if action in ALLOWED[role]:
        assert response.status_code == 302, messages_of(response)
        assert article.status == EXPECTED_STATE[action]
        step = Transition.objects.get(article=article)
        assert (step.from_state, step.to_state, step.by) == (SOURCE_STATE[action], EXPECTED_STATE[action], staff[role])
        assert step.comment == "Please add a second source."
    else:
        assert response.status_code == 403
        assert article.status == SOURCE_STATE[action]
        assert not Transition.objects.exists()


def test_publish_sets_published_at_to_now_and_goes_live(client, staff, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    article = article_in(Status.APPROVED, staff)
    client.force_login(staff["editor"])
    post_transition(client, article, "publish")
    article.refresh_from_db()
    assert article.published_at == timezone.now()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_writer_cannot_touch_another_writers_article(client, staff):
    someone_else = ready_article("Not yours", status=Status.DRAFT)
    client.force_login(staff["writer"])
    assert post_transition(client, someone_else, "submit").status_code == 404
    someone_else.refresh_from_db()
    assert someone_else.status == Status.DRAFT


def test_writer_owns_by_byline_as_well_as_by_creation(client, staff):
    """An article an editor created with the writer on the byline is the writer's to submit."""
    article = ready_article("Bylined", created_by=staff["editor"], authors=[staff["writer_author"]])
    client.force_login(staff["writer"])
    assert post_transition(client, article, "submit").status_code == 302
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (Status.DRAFT, "publish"),
        (Status.DRAFT, "approve"),
        (Status.IN_REVIEW, "publish"),
        (Status.PUBLISHED, "submit"),
        (Status.ARCHIVED, "archive"),
        (Status.APPROVED, "unpublish"),
        (Status.DRAFT, "reopen"),
    ],
)
def test_editor_cannot_skip_an_edge(client, staff, state, action):
    article = article_in(state, staff)
    client.force_login(staff["editor"])
    response = post_transition(client, article, action, publish_at="")
    article.refresh_from_db()
    assert response.status_code == 302
    assert article.status == state
    assert any("cannot be" in message for message in messages_of(response))
    assert not Transition.objects.exists()


def test_return_needs_a_comment_and_the_writer_reads_it(client, staff):
    article = article_in(Status.IN_REVIEW, staff)
    client.force_login(staff["editor"])
    refused = post_transition(client, article, "return", comment="   ")
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert "returning an article needs a comment" in " ".join(messages_of(refused))

    post_transition(client, article, "return", comment="The dosage in paragraph 3 needs a citation.")
    article.refresh_from_db()
    assert article.status == Status.DRAFT

    client.force_login(staff["writer"])
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "The dosage in paragraph 3 needs a citation." in page
    assert 'id="workflow-history"' in page


def test_the_whole_round_trip_is_recorded_in_order(client, staff):
    article = article_in(Status.DRAFT, staff)
    steps = [
        ("writer", "submit", ""),
        ("editor", "return", "Needs a source."),
        ("writer", "submit", "Source added."),
        ("editor", "approve", ""),
        ("editor", "publish", ""),
        ("editor", "unpublish", "Embargo question."),
        ("editor", "reopen", ""),
        ("editor", "archive", ""),
    ]
    for role, action, comment in steps:
        client.force_login(staff[role])
        assert post_transition(client, article, action, comment=comment).status_code == 302
    history = list(workflow.history(article).reverse())
    assert [(step.from_state, step.to_state) for step in history] == [
        ("draft", "in_review"),
        ("in_review", "draft"),
        ("draft", "in_review"),
        ("in_review", "approved"),
        ("approved", "published"),
        ("published", "unpublished"),
        ("unpublished", "draft"),
        ("draft", "archived"),
    ]
    assert history[1].comment == "Needs a source."


def test_the_endpoint_only_accepts_post(client, staff):
    article = article_in(Status.DRAFT, staff)
    client.force_login(staff["editor"])
    assert client.get(f"/admin/articles/article/{article.pk}/workflow/").status_code == 405


def test_unknown_action_is_a_message_not_a_crash(client, staff):
    article = article_in(Status.DRAFT, staff)
    client.force_login(staff["editor"])
    response = post_transition(client, article, "teleport")
    assert response.status_code == 302
    assert any("Select a valid choice" in message for message in messages_of(response))


def test_anonymous_is_sent_to_the_login(client, staff):
    article = article_in(Status.DRAFT, staff)
    response = post_transition(client, article, "submit")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    article.refresh_from_db()
    assert article.status == Status.DRAFT


class TestService:
    """The same rules hold for code that calls the workflow directly (commands, imports)."""

    def test_transition_by_target_state(self, staff):
        article = article_in(Status.APPROVED, staff)
        later = timezone.now() + timedelta(hours=5)
        step = workflow.transition(article=article, to=Status.PUBLISHED, by=staff["editor"], publish_at=later)
        assert step.scheduled_for == later
        assert workflow.current_state(article) == workflow.SCHEDULED

    def test_writer_refused_with_words(self, staff):
        article = article_in(Status.IN_REVIEW, staff)
        with pytest.raises(workflow.WorkflowPermissionError, match="only an editor"):
            workflow.transition(article=article, to=Status.APPROVED, by=staff["writer"])

    def test_edge_refused_with_words(self, staff):
        article = article_in(Status.DRAFT, staff)
        with pytest.raises(workflow.WorkflowError, match="An article that is draft cannot become published"):
            workflow.transition(article=article, to=Status.PUBLISHED, by=staff["editor"])
