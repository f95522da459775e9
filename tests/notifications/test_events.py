"""Who is told what when a story moves through the workflow, gets a correction or names someone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Status
from editorial.models import Correction
from notifications import events
from notifications.models import Kind, Notification, Preference, SectionEditor
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


def told(kind=None):
    """{username: [kinds]} of every notification made so far (or only those of `kind`)."""
    found = {}
    rows = Notification.objects.select_related("recipient").order_by("pk")
    for row in rows.filter(kind=kind) if kind else rows:
        found.setdefault(row.recipient.username, []).append(row.kind)
    return found


def test_a_submission_tells_every_editor_when_the_section_lists_none(desk, on_commit):
    with on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    assert told() == {"cam.editor": [Kind.SUBMITTED], "dana.editor": [Kind.SUBMITTED]}
    note = Notification.objects.get(recipient=desk.editor)
    assert note.actor == desk.writer
    assert note.article == desk.story
    assert note.text == 'Bea Writer submitted "Statins and sleep" for review.'


def test_a_submission_tells_only_the_sections_editors_when_it_lists_some(desk, on_commit):
    SectionEditor.objects.create(section=desk.story.section, editor=desk.other_editor)
    with on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    assert told() == {"dana.editor": [Kind.SUBMITTED]}


def test_an_assigned_story_tells_its_editor_alone_of_the_submission(desk, on_commit):
    SectionEditor.objects.create(section=desk.story.section, editor=desk.other_editor)
    with on_commit():
        events.assign(article=desk.story, editor=desk.editor, by=desk.other_editor)
    assert told() == {"cam.editor": [Kind.ASSIGNED]}
    Notification.objects.all().delete()
    with on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    assert told() == {"cam.editor": [Kind.SUBMITTED]}
    assert Notification.objects.get().text.endswith("for review (assigned to you).")


def test_assigning_the_same_editor_again_tells_nobody_twice(desk, on_commit):
    with on_commit():
        events.assign(article=desk.story, editor=desk.editor, by=desk.other_editor)
        events.assign(article=desk.story, editor=desk.editor, by=desk.other_editor)
    assert told() == {"cam.editor": [Kind.ASSIGNED]}


def test_returning_a_story_tells_its_writer_with_the_comment(desk, on_commit):
    workflow.perform(article=desk.story, action="submit", by=desk.writer)
    Notification.objects.all().delete()
    with on_commit():
        workflow.perform(article=desk.story, action="return", by=desk.editor, comment="Cite the trial, please.")
    assert told() == {"bea.writer": [Kind.RETURNED]}
    text = Notification.objects.get().text
    assert text.startswith('Cam Editor returned "Statins and sleep" to you.')
    assert "Cite the trial, please." in text


@pytest.mark.parametrize(
    ("action", "words"), [("approve", "approved"), ("publish", "published"), ("schedule", "scheduled for")]
)
def test_approving_publishing_and_scheduling_tell_the_writer(desk, on_commit, action, words):
    desk.story.status = Status.IN_REVIEW if action == "approve" else Status.APPROVED
    desk.story.save()
    publish_at = timezone.now() + timedelta(days=1) if action == "schedule" else None
    with on_commit():
        workflow.perform(article=desk.story, action=action, by=desk.editor, publish_at=publish_at)
    assert told() == {"bea.writer": [Kind.PROGRESS]}
    assert Notification.objects.get().text.startswith(f"Cam Editor {words}")


def test_the_actor_is_never_told_of_their_own_action(desk, on_commit):
    # The editor wrote this one: created it and is its byline.
    editor_story = desk.story
    byline = editor_story.bylines.get().author
    byline.user = desk.editor
    byline.save()
    editor_story.created_by = desk.editor
    editor_story.status = Status.IN_REVIEW
    editor_story.save()
    with on_commit():
        workflow.perform(article=editor_story, action="approve", by=desk.editor)
        workflow.perform(article=editor_story, action="publish", by=desk.editor)
    assert told() == {}


def test_steps_nobody_waits_for_tell_nobody(desk, on_commit):
    with on_commit():
        workflow.perform(article=desk.story, action="archive", by=desk.editor)
        workflow.perform(article=desk.story, action="reopen", by=desk.editor)
    assert told() == {}


def test_a_comment_mentioning_someone_tells_them_once(desk, on_commit):
    workflow.perform(article=desk.story, action="submit", by=desk.writer)
    Notification.objects.all().delete()
    comment = "Needs a second source; @dana.editor, can you look? And @bea.writer. @nobody.here"
    with on_commit():
        workflow.perform(article=desk.story, action="return", by=desk.editor, comment=comment)
    # The writer is told of the return (which quotes the comment), not again of the mention.
    assert told() == {"bea.writer": [Kind.RETURNED], "dana.editor": [Kind.MENTION]}
    assert Notification.objects.get(kind=Kind.MENTION).text.startswith('Cam Editor mentioned you on "Statins')


def test_mentioning_oneself_or_an_email_address_tells_nobody(desk, on_commit):
    workflow.perform(article=desk.story, action="submit", by=desk.writer)
    Notification.objects.all().delete()
    with on_commit():
        workflow.perform(
            article=desk.story, action="return", by=desk.editor, comment="Me: @cam.editor; mail dana@dana.editor"
        )
    assert told(Kind.MENTION) == {}


def test_a_writer_named_on_another_desks_story_is_not_told(desk, on_commit):
    make_staff("writer", "eve.writer", email="eve@example.org")
    workflow.perform(article=desk.story, action="submit", by=desk.writer)
    Notification.objects.all().delete()
    with on_commit():
        workflow.perform(article=desk.story, action="return", by=desk.editor, comment="@eve.writer, see this embargo")
    assert "eve.writer" not in told()


def test_a_section_editor_who_no_longer_reviews_is_not_told_of_submissions(desk, on_commit):
    former = make_staff("writer", "former.editor", email="former@example.org")
    SectionEditor.objects.create(section=desk.story.section, editor=former)
    with on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    assert "former.editor" not in told()
    assert set(told(Kind.SUBMITTED)) == {"cam.editor", "dana.editor"}


def test_a_correction_tells_the_writer(desk, on_commit):
    desk.story.status = Status.PUBLISHED
    desk.story.save()
    correction = Correction.objects.create(article=desk.story, note="The dose was 20 mg.", by=desk.editor)
    with on_commit():
        events.correction_added(correction, by=desk.editor)
    assert told() == {"bea.writer": [Kind.CORRECTION]}
    assert "The dose was 20 mg." in Notification.objects.get().text


def test_a_person_who_turned_a_kind_off_in_the_admin_gets_no_notification_there(desk, on_commit):
    Preference.objects.create(user=desk.editor, kind=Kind.SUBMITTED, by_email=True, in_admin=False)
    with on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    assert told() == {"dana.editor": [Kind.SUBMITTED]}


def test_inactive_people_are_not_told(desk, on_commit):
    desk.other_editor.is_active = False
    desk.other_editor.save()
    make_staff("writer", "another.writer")  # a writer cannot review: not told of submissions
    with on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    assert told() == {"cam.editor": [Kind.SUBMITTED]}
