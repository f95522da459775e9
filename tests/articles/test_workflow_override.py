"""Warnings that need a reason: an editor approves, schedules or publishes past them only by saying why.

The workflow offers the hook (articles.overrides); other apps register their checks. Here a stand-in check
warns of the word "miracle", and a stand-in refusal that an editor may override wants the word "panel".
"""

from datetime import timedelta

import lxml.html
import pytest
from django.utils import timezone

from articles import overrides, workflow
from articles.models import Status, Transition
from tests.support.admin import change_url, form_data, messages_of, transition_url
from tests.support.factories import make_author, ready_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"
HYPE = "Hype: the story says miracle."
NO_PANEL = "a panel saying who was studied"


def tomorrow():  # the form's time field, as typed
    return (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")


def hype_check(article):
    return [HYPE] if "miracle" in article.body else []


def panel_check(article):
    return [] if "panel" in article.body else [NO_PANEL]


@pytest.fixture(autouse=True)
def stand_in_checks(monkeypatch):
    """Only the stand-ins are registered (the real claims check is tested in tests/evidence)."""
    monkeypatch.setattr(overrides, "_warning_checks", [hype_check])
    monkeypatch.setattr(overrides, "_overridable_checks", [panel_check])
    monkeypatch.setattr(workflow, "_publication_checks", [panel_check])


@pytest.fixture
def staff():
    author = make_author("Wren Writer")
    return {"writer": make_staff("writer", "writer", author=author), "editor": make_staff("editor", "editor"),
            "author": author}  # fmt: skip


def story(staff, status=Status.APPROVED, body="<p>A miracle, says the panel.</p>", title="Miracle story", **fields):
    return ready_article(title, status=status, created_by=staff["writer"], authors=[staff["author"]],
                         body=body, **fields)  # fmt: skip


class TestTheWorkflow:
    @pytest.mark.parametrize("action", ["approve", "publish", "schedule"])
    def test_refused_without_a_reason_naming_the_warnings(self, staff, action):
        article = story(staff, Status.IN_REVIEW if action == "approve" else Status.APPROVED)
        later = timezone.now() + timedelta(days=1)
        with pytest.raises(workflow.WorkflowError) as refused:
            workflow.perform(article=article, action=action, by=staff["editor"], publish_at=later)
        assert str(refused.value) == (
            f'Cannot {action} "Miracle story" without a reason. Needs a reason: Hype: the story says miracle. '
            "Edit the story, or say in the override reason why it is fine as it is."
        )
        assert refused.value.problems == [HYPE]
        article.refresh_from_db()
        assert not article.transitions.exists()

    def test_accepted_with_a_reason_that_the_history_keeps_with_the_warnings(self, staff):
        article = story(staff)
        record = workflow.perform(article=article, action="publish", by=staff["editor"], comment="Go.",
                                  override_reason="  It is a quote from the patient, in quotation marks. ")  # fmt: skip
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED
        step = workflow.history(article).get()
        assert step == record
        assert (step.comment, step.override_reason, step.overridden) == (
            "Go.", "It is a quote from the patient, in quotation marks.", [HYPE]
        )  # fmt: skip

    def test_an_edit_resolves_the_warning_and_a_clean_story_needs_no_reason(self, staff):
        article = story(staff, body="<p>A modest result, says the panel.</p>")
        record = workflow.perform(article=article, action="publish", by=staff["editor"], override_reason="Fine.")
        assert (record.override_reason, record.overridden) == ("", [])  # nothing was gone past: no override kept

    def test_submitting_is_not_held_by_warnings(self, staff):
        article = story(staff, Status.DRAFT)
        workflow.perform(article=article, action="submit", by=staff["writer"])
        article.refresh_from_db()
        assert article.status == Status.IN_REVIEW

    def test_writers_cannot_override_a_refusal(self, staff):
        article = story(staff, Status.DRAFT, body="<p>A miracle.</p>")
        with pytest.raises(workflow.WorkflowError, match=f"Still missing: {NO_PANEL}."):
            workflow.perform(article=article, action="submit", by=staff["writer"], override_reason="Trust me.")
        article.refresh_from_db()
        assert article.status == Status.DRAFT

    def test_an_editor_overrides_a_refusal_with_a_reason(self, staff):
        article = story(staff, Status.IN_REVIEW, body="<p>A miracle.</p>")
        with pytest.raises(workflow.WorkflowError, match=f"Needs a reason: {NO_PANEL}; Hype"):
            workflow.perform(article=article, action="approve", by=staff["editor"])
        record = workflow.perform(article=article, action="approve", by=staff["editor"], override_reason="Checked.")
        assert record.overridden == [NO_PANEL, HYPE]


class TestTheAdmin:
    def test_a_refused_action_keeps_the_comment_and_the_reason_in_the_form(self, client, staff):
        article = story(staff)
        client.force_login(staff["editor"])
        data = form_data(client.get(change_url(article)))
        data.update(
            {"workflow-action": "schedule", "workflow-comment": "For the morning.", "workflow-publish_at": tomorrow()}
        )
        response = client.post(change_url(article), data, follow=True)
        assert any("Needs a reason: Hype: the story says miracle." in message for message in messages_of(response))
        assert "For the morning.</textarea>" in response.content.decode()

        data = form_data(response)
        data.update({"workflow-action": "schedule", "workflow-override_reason": "The word is the drug's brand name.",
                     "workflow-publish_at": tomorrow()})  # fmt: skip
        response = client.post(change_url(article), data, follow=True)
        article.refresh_from_db()
        assert workflow.current_state(article) == workflow.SCHEDULED, messages_of(response)
        history = lxml.html.document_fromstring(response.content.decode()).get_element_by_id("workflow-history")
        text = " ".join(history.text_content().split())
        assert "Override reason: The word is the drug's brand name. Went past: Hype: the story says miracle." in text

    def test_a_refused_reason_is_kept_too(self, client, staff):
        article = story(staff, body="<p>A miracle.</p>", dek="")
        client.force_login(staff["editor"])
        data = form_data(client.get(change_url(article)))
        data.update({"workflow-action": "approve", "workflow-override_reason": "Quoted from the trial's name."})
        response = client.post(change_url(article), data, follow=True)
        assert "Quoted from the trial&#x27;s name.</textarea>" in response.content.decode()

    def test_the_confirmation_page_carries_the_reason(self, client, staff):
        article = story(staff)
        client.force_login(staff["editor"])
        data = form_data(client.get(change_url(article)))
        response = client.post(change_url(article), {**data, "workflow-action": "publish",
                                                     "workflow-override_reason": "A quote."})  # fmt: skip
        page = lxml.html.document_fromstring(response.content.decode())
        form = next(f for f in page.forms if f.get("action") == transition_url(article))
        confirmed = dict(form.form_values())
        assert confirmed["workflow-override_reason"] == "A quote."
        client.post(transition_url(article), confirmed)
        assert Transition.objects.get(article=article).override_reason == "A quote."

    def test_the_endpoint_refuses_without_a_reason(self, client, staff):
        article = story(staff)
        client.force_login(staff["editor"])
        response = client.post(transition_url(article), {"workflow-action": "publish"}, follow=True)
        assert any("without a reason" in message for message in messages_of(response))
        article.refresh_from_db()
        assert article.status == Status.APPROVED

    def test_bulk_actions_refuse_without_a_reason_and_take_one(self, client, staff):
        hyped, clean = story(staff), story(staff, body="<p>A result, says the panel.</p>", title="Clean story")
        client.force_login(staff["editor"])
        data = {"action": "publish_selected", "_selected_action": [hyped.pk, clean.pk], "index": 0,
                "workflow-bulk-confirm": "yes"}  # fmt: skip
        notes = messages_of(client.post(CHANGELIST, data))
        assert "1 article published: Clean story." in notes
        assert any(note.startswith('Not done for "Miracle story": Cannot publish') for note in notes)
        hyped.refresh_from_db()
        assert hyped.status == Status.APPROVED
        notes = messages_of(client.post(CHANGELIST, {**data, "_selected_action": [hyped.pk], "override_reason": "OK."}))
        assert "1 article published: Miracle story." in notes
        assert hyped.transitions.get().overridden == [HYPE]

    def test_only_editors_see_the_override_reason_field(self, client, staff):
        article = story(staff, Status.DRAFT)
        client.force_login(staff["writer"])
        assert 'id="workflow-override"' not in client.get(change_url(article)).content.decode()
        client.force_login(staff["editor"])
        assert 'id="workflow-override"' in client.get(change_url(article)).content.decode()
