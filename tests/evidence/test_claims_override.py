"""The claims check stops a hyped animal study until someone says why it is fine, and the history keeps why."""

from datetime import timedelta

import lxml.html
import pytest
from django.utils import timezone

from articles import pending, workflow
from articles.models import Article, Status
from evidence.models import Citation, EvidenceSummary
from tests.support.admin import change_url, form_data, messages_of, pending_step_url
from tests.support.factories import make_author, ready_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

HYPED = "<p>A breakthrough cure: the drug halves the risk of tumours, a study found [1].</p>"
CAREFUL = (
    "<p>In mice, the drug halved the risk of tumours, from 4 in 100 to 2 in 100, a study found [1]. "
    'See <a href="https://doi.org/10.1/x">the paper</a>.</p>'
)
HYPE_WARNING = 'Hype words: "breakthrough", "cure". Say what the study found instead.'
RELATIVE_WARNING = "Relative risk with no absolute figure: say how many in 100 (or 1,000) it changes."
UNSAID_WARNING = "A cited study is in animals or cells, and the story never says so."
PANEL_REFUSAL = "an evidence panel saying who was studied (every cited study is in animals or cells)"


@pytest.fixture
def staff():
    author = make_author("Wren Writer")
    return {"writer": make_staff("writer", "writer", author=author), "editor": make_staff("editor", "editor"),
            "author": author}  # fmt: skip


def mouse_story(staff, status=Status.APPROVED, body=HYPED):
    story = ready_article("Drug and tumours", status=status, body=body, created_by=staff["writer"],
                          authors=[staff["author"]])  # fmt: skip
    Citation.objects.create(
        article=story, kind="doi", identifier="10.1000/mouse.1", title="Drug X in mice", study_type="animal"
    )
    return story


def test_a_hyped_animal_study_is_stopped_with_every_warning_named(staff):
    story = mouse_story(staff)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.perform(article=story, action="publish", by=staff["editor"])
    assert refused.value.problems == [PANEL_REFUSAL, HYPE_WARNING, RELATIVE_WARNING, UNSAID_WARNING]
    assert str(refused.value).startswith(f'Cannot publish "Drug and tumours" without a reason. Needs a reason: '
                                         f"{PANEL_REFUSAL}; {HYPE_WARNING.rstrip('.')}; ")  # fmt: skip
    story.refresh_from_db()
    assert story.status == Status.APPROVED


def test_it_goes_once_an_editor_says_why_and_the_history_shows_it(client, staff):
    story = mouse_story(staff)
    client.force_login(staff["editor"])
    data = form_data(client.get(change_url(story)))
    data.update({"workflow-action": "schedule", "workflow-publish_at": "2099-01-01T08:00",
                 "workflow-override_reason": "A follow-up to our human-trial story; the panel is coming."})  # fmt: skip
    response = client.post(change_url(story), data, follow=True)
    story.refresh_from_db()
    assert workflow.current_state(story) == workflow.SCHEDULED, messages_of(response)
    step = story.transitions.get()
    assert step.overridden == [PANEL_REFUSAL, HYPE_WARNING, RELATIVE_WARNING, UNSAID_WARNING]
    history = lxml.html.document_fromstring(response.content.decode()).get_element_by_id("workflow-history")
    text = " ".join(history.text_content().split())
    assert "Override reason: A follow-up to our human-trial story; the panel is coming." in text
    went_past = [item.text_content() for item in history.xpath(".//div[@class='workflow-override']//li")]
    assert went_past == [PANEL_REFUSAL, HYPE_WARNING, RELATIVE_WARNING, UNSAID_WARNING]


def test_without_a_reason_the_form_says_why_and_keeps_the_comment(client, staff):
    story = mouse_story(staff)
    client.force_login(staff["editor"])
    data = form_data(client.get(change_url(story)))
    data.update({"workflow-action": "publish", "workflow-comment": "Lead for Monday."})
    response = client.post(change_url(story), data)  # publishing asks first: the confirmation page
    confirm = lxml.html.document_fromstring(response.content.decode()).get_element_by_id("workflow-confirm")
    confirmed = dict(confirm.forms[0].form_values())
    response = client.post(confirm.forms[0].get("action"), confirmed, follow=True)
    assert any("Needs a reason: " + PANEL_REFUSAL in message for message in messages_of(response))
    assert "Lead for Monday.</textarea>" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Status.APPROVED


def test_writers_cannot_override_the_refusal(client, staff):
    story = mouse_story(staff, Status.DRAFT)
    client.force_login(staff["writer"])
    page = client.get(change_url(story)).content.decode()
    assert 'id="workflow-override"' not in page
    data = form_data(client.get(change_url(story)))
    data.update({"workflow-action": "submit", "workflow-override_reason": "My editor said so."})
    response = client.post(change_url(story), data, follow=True)
    assert any(f"Still missing: {PANEL_REFUSAL}." in message for message in messages_of(response))
    story.refresh_from_db()
    assert story.status == Status.DRAFT


def test_a_story_edited_until_the_check_is_clean_needs_no_reason(staff):
    story = mouse_story(staff, body=CAREFUL)
    EvidenceSummary.objects.create(article=story, design="animal", population="animals", certainty="very_low",
                                   certainty_reason="Mice only.")  # fmt: skip
    record = workflow.perform(article=story, action="publish", by=staff["editor"])
    assert (record.override_reason, record.overridden) == ("", [])
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_edits_to_a_live_story_need_a_reason_too_before_they_go_out(client, staff):
    story = ready_article("Drug and tumours", status=Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1),
                          body=CAREFUL, created_by=staff["writer"], authors=[staff["author"]])  # fmt: skip
    live_body = Article.objects.get(pk=story.pk).body
    pending.save(article=story, content={**pending.live_content(story), "body": HYPED}, by=staff["editor"])
    with pytest.raises(workflow.WorkflowError, match=f"Needs a reason: {HYPE_WARNING.rstrip('.')}"):
        pending.perform(article=story, step="small_fix", by=staff["editor"], comment="Punchier.")
    assert Article.objects.get(pk=story.pk).body == live_body  # readers keep the careful version

    client.force_login(staff["editor"])
    assert 'id="pending-override"' in client.get(change_url(story)).content.decode()
    data = {"pending-step": "small_fix", "pending-comment": "Punchier.", "pending-confirm": "yes",
            "pending-override_reason": "The words are the trial's own name for the drug."}  # fmt: skip
    client.post(pending_step_url(story), data)
    assert "breakthrough cure" in Article.objects.get(pk=story.pk).body
    step = story.transitions.get()
    assert (step.step, step.override_reason) == ("small_fix", "The words are the trial's own name for the drug.")
    assert HYPE_WARNING in step.overridden
