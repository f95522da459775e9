"""Writers keep control of what is theirs: they withdraw a submission, and cannot submit an unfinished story.

Also the history's labels: a story taken from its schedule reads "Scheduled for …", not "Published".
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, Status, Transition
from tests.support.admin import form_data, messages_of, post_transition
from tests.support.factories import make_author, ready_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    writer_author = make_author("Wren Writer")
    return {
        "writer": make_staff("writer", "writer", author=writer_author),
        "other_writer": make_staff("writer", "otto"),
        "editor": make_staff("editor", "editor"),
        "writer_author": writer_author,
    }


def writers_story(staff, status=Status.DRAFT, **fields):
    return ready_article("Writer's story", status=status, created_by=staff["writer"],
                         authors=[staff["writer_author"]], **fields)  # fmt: skip


class TestWithdraw:
    def test_the_writer_withdraws_a_submission_back_to_draft(self, client, staff):
        article = writers_story(staff, Status.IN_REVIEW)
        client.force_login(staff["writer"])
        response = post_transition(client, article, "withdraw", comment="I found a wrong dose.")
        assert response.status_code == 302, messages_of(response)
        article.refresh_from_db()
        assert article.status == Status.DRAFT
        step = Transition.objects.get(article=article)
        assert (step.from_state, step.to_state) == (Status.IN_REVIEW, Status.DRAFT)
        assert step.comment == "I found a wrong dose."
        assert workflow.can_edit(staff["writer"], article)

    def test_another_writer_cannot_withdraw_it(self, client, staff):
        article = writers_story(staff, Status.IN_REVIEW)
        client.force_login(staff["other_writer"])
        assert post_transition(client, article, "withdraw").status_code == 404
        article.refresh_from_db()
        assert article.status == Status.IN_REVIEW

    @pytest.mark.parametrize("state", [Status.DRAFT, Status.APPROVED, Status.PUBLISHED])
    def test_only_a_story_in_review_can_be_withdrawn(self, staff, state):
        article = writers_story(staff, state, published_at=timezone.now() if state == Status.PUBLISHED else None)
        with pytest.raises(workflow.WorkflowError, match="cannot be withdrawn"):
            workflow.perform(article=article, action="withdraw", by=staff["writer"])


class TestSubmissionChecks:
    def test_submission_is_refused_while_checks_fail_saying_what_is_missing(self, staff):
        article = writers_story(staff, dek="", tags=[])
        with pytest.raises(workflow.WorkflowError) as refused:
            workflow.perform(article=article, action="submit", by=staff["writer"])
        assert str(refused.value) == (
            'Cannot submit "Writer\'s story" yet. Still missing: a standfirst (dek); at least one tag.'
        )
        article.refresh_from_db()
        assert article.status == Status.DRAFT
        assert not Transition.objects.exists()

    def test_a_complete_story_is_submitted(self, staff):
        article = writers_story(staff)
        workflow.perform(article=article, action="submit", by=staff["writer"])
        assert article.status == Status.IN_REVIEW


class TestHistoryLabels:
    def test_publishing_a_scheduled_story_now_reads_scheduled_to_published(self, staff, time_machine):
        time_machine.move_to(timezone.now(), tick=False)
        article = writers_story(staff, Status.APPROVED)
        when = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
        workflow.perform(article=article, action="schedule", by=staff["editor"], publish_at=when)
        time_machine.move_to(timezone.now() + timedelta(minutes=5), tick=False)
        workflow.perform(article=article, action="publish", by=staff["editor"])
        published, scheduled = workflow.labelled_history(article)
        scheduled_for = f"Scheduled for {workflow.format_time(when)}"
        assert (scheduled.from_label, scheduled.to_label) == ("Approved", scheduled_for)
        assert (published.from_label, published.to_label) == (scheduled_for, "Published")

    def test_a_schedule_that_went_live_by_itself_then_unpublished_reads_published(self, staff, time_machine):
        time_machine.move_to(timezone.now(), tick=False)
        article = writers_story(staff, Status.APPROVED)
        workflow.perform(article=article, action="schedule", by=staff["editor"],
                         publish_at=timezone.now() + timedelta(hours=1))  # fmt: skip
        time_machine.move_to(timezone.now() + timedelta(hours=2), tick=False)
        workflow.perform(article=article, action="unpublish", by=staff["editor"])
        unpublished, _ = workflow.labelled_history(article)
        assert (unpublished.from_label, unpublished.to_label) == ("Published", "Unpublished")

    def test_cancelling_a_schedule(self, staff, time_machine):
        time_machine.move_to(timezone.now(), tick=False)
        article = writers_story(staff, Status.APPROVED)
        workflow.perform(article=article, action="schedule", by=staff["editor"],
                         publish_at=timezone.now() + timedelta(hours=1))  # fmt: skip
        assert [a.name for a in workflow.available_actions(staff["editor"], article)] == [
            "publish", "schedule", "unschedule", "archive"
        ]  # fmt: skip
        workflow.perform(article=article, action="unschedule", by=staff["editor"])
        cancelled, _ = workflow.labelled_history(article)
        assert cancelled.to_label == "Approved" and cancelled.from_label.startswith("Scheduled for ")


class TestDraftWithoutSection:
    def test_a_writer_saves_a_new_draft_before_choosing_a_section(self, client, staff):
        client.force_login(staff["writer"])
        data = form_data(client.get("/admin/articles/article/add/"))
        data.update(title="Half an idea", slug="half-an-idea", section="", body="<p>Notes.</p>")
        response = client.post("/admin/articles/article/add/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        article = Article.objects.get(slug="half-an-idea")
        assert article.section is None and article.status == Status.DRAFT
        assert "a section" in workflow.missing_for_publication(article)
        with pytest.raises(workflow.WorkflowError, match="a section"):
            workflow.perform(article=article, action="submit", by=staff["writer"])

    def test_the_published_door_never_lets_out_a_story_without_a_section(self, staff):
        article = writers_story(staff, Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1))
        assert Article.objects.published().filter(pk=article.pk).exists()
        Article.objects.filter(pk=article.pk).update(section=None)
        assert not Article.objects.published().filter(pk=article.pk).exists()
