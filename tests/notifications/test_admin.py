"""In the admin: the unread count in the header, each person's own list, marking read, choices, assignment."""

import lxml.html
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from articles import workflow
from articles.models import Status
from editorial.models import CorrectionKind
from notifications.models import Assignment, Kind, Notification, Preference
from tests.support.admin import change_url, open_form, save_form

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_notification_changelist"


def note(desk, recipient, text="Something happened.", **fields):
    return Notification.objects.create(
        recipient=recipient, kind=Kind.SUBMITTED, article=desk.story, actor=desk.writer, text=text, **fields
    )


def page(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.document_fromstring(response.content)


def test_every_admin_page_shows_the_unread_count_in_the_header(client, desk):
    note(desk, desk.editor)
    note(desk, desk.editor)
    note(desk, desk.writer)
    client.force_login(desk.editor)
    for address in [reverse("admin:index"), change_url(desk.story)]:
        header = page(client.get(address))
        assert header.get_element_by_id("notifications-unread").text_content() == "2"
        link = header.get_element_by_id("notifications-link")
        assert link.get("href") == reverse(CHANGELIST) + "?read=no"
        assert header.get_element_by_id("notifications-preferences-link") is not None


def test_no_count_when_everything_is_read(client, desk):
    note(desk, desk.editor).__class__.objects.mark_read()
    client.force_login(desk.editor)
    header = page(client.get(reverse("admin:index")))
    assert header.get_element_by_id("notifications-link").text_content().strip() == "Notifications"
    assert not header.xpath('//*[@id="notifications-unread"]')


@pytest.mark.parametrize("count", [1, 30])
def test_the_unread_count_costs_one_query_then_none_while_kept(desk, django_assert_num_queries, count):
    Notification.objects.bulk_create(
        Notification(recipient=desk.editor, kind=Kind.SUBMITTED, article=desk.story, text="x") for _ in range(count)
    )
    request = RequestFactory().get("/admin/")
    request.user = desk.editor
    template = Template("{% load notifications_header %}{% notifications_link %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"request": request}))
    assert f'<strong id="notifications-unread">{count}</strong>' in html
    with django_assert_num_queries(0):
        assert template.render(Context({"request": request})) == html


def test_the_kept_count_follows_new_notifications_and_reading(client, desk, on_commit):
    client.force_login(desk.editor)
    count = lambda: page(client.get(reverse("admin:index"))).xpath('string(//*[@id="notifications-unread"])')  # noqa: E731
    assert count() == ""
    with on_commit():
        workflow.perform(article=desk.story, action="submit", by=desk.writer)
    assert count() == "1"
    client.post(reverse("admin:notifications_notification_read_all"))
    assert count() == ""


def test_a_person_lists_only_their_own_notifications(client, desk):
    note(desk, desk.editor, "For Cam.")
    note(desk, desk.writer, "For Bea.")
    client.force_login(desk.editor)
    listed = page(client.get(reverse(CHANGELIST))).text_content()
    assert "For Cam." in listed
    assert "For Bea." not in listed


def test_the_writer_sees_their_list_too(client, desk):
    note(desk, desk.writer, "For Bea.")
    client.force_login(desk.writer)
    assert "For Bea." in page(client.get(reverse(CHANGELIST))).text_content()


def test_opening_a_notification_marks_it_read_and_goes_to_the_story(client, desk):
    mine = note(desk, desk.editor)
    client.force_login(desk.editor)
    response = client.get(reverse("admin:notifications_notification_open", args=[mine.pk]))
    assert response.status_code == 302
    assert response["Location"] == change_url(desk.story)
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_nobody_can_open_or_mark_another_persons_notification(client, desk):
    theirs = note(desk, desk.writer)
    client.force_login(desk.editor)
    assert client.get(reverse("admin:notifications_notification_open", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("admin:notifications_notification_change", args=[theirs.pk])).status_code in (302, 404)
    client.post(reverse(CHANGELIST), {"action": "mark_selected_read", "_selected_action": [theirs.pk]})
    client.post(reverse("admin:notifications_notification_read_all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_selected_and_mark_all_as_read(client, desk):
    first, second, third = note(desk, desk.editor), note(desk, desk.editor), note(desk, desk.editor)
    client.force_login(desk.editor)
    response = client.post(reverse(CHANGELIST), {"action": "mark_selected_read", "_selected_action": [first.pk]})
    assert response.status_code == 302
    assert list(Notification.objects.unread().order_by("pk")) == [second, third]
    response = client.post(reverse("admin:notifications_notification_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.unread().exists()


def test_notifications_cannot_be_added_or_deleted_in_the_admin(client, desk):
    client.force_login(desk.editor)
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
    mine = note(desk, desk.editor)
    assert client.get(reverse("admin:notifications_notification_delete", args=[mine.pk])).status_code in (302, 403)
    assert Notification.objects.filter(pk=mine.pk).exists()


def test_choices_start_all_on_and_are_saved_per_person(client, desk):
    address = reverse("admin:notifications_notification_preferences")
    client.force_login(desk.writer)
    form = page(client.get(address)).get_element_by_id("notification-preferences")
    boxes = form.xpath('.//input[@type="checkbox"]')
    assert len(boxes) == 2 * len(Kind)
    assert all(box.get("checked") is not None for box in boxes)
    for box in boxes:  # each box has its own label
        assert form.xpath(f'.//label[@for="{box.get("id")}"]')
    data = {box.get("name"): "on" for box in boxes if box.get("name") != "email_returned"}
    response = client.post(address, data)
    assert response.status_code == 302
    returned = Preference.objects.get(user=desk.writer, kind=Kind.RETURNED)
    assert (returned.by_email, returned.in_admin) == (False, True)
    assert not Preference.objects.filter(user=desk.editor).exists()


def test_an_editor_assigns_a_story_from_its_change_form_and_the_editor_is_told(client, desk, on_commit):
    client.force_login(desk.other_editor)
    data = open_form(client, desk.story)
    assert "assigned_editor" in data
    with on_commit():
        response = save_form(client, desk.story, data, assigned_editor=str(desk.editor.pk))
    assert response.status_code == 302
    assert Assignment.objects.get(article=desk.story).editor == desk.editor
    told = Notification.objects.get()
    assert (told.recipient, told.kind) == (desk.editor, Kind.ASSIGNED)
    # Saved again unchanged: nobody is told twice; emptied: back to the section's editors.
    save_form(client, desk.story, open_form(client, desk.story))
    assert Notification.objects.count() == 1
    save_form(client, desk.story, open_form(client, desk.story), assigned_editor="")
    assert not Assignment.objects.exists()


def test_a_writer_does_not_see_the_assignment_field(client, desk):
    client.force_login(desk.writer)
    assert "assigned_editor" not in open_form(client, desk.story)


def test_a_correction_added_in_the_admin_tells_the_writer(client, desk, on_commit):
    desk.story.status = Status.PUBLISHED
    desk.story.save()
    client.force_login(desk.editor)
    data = open_form(client, desk.story)
    total = int(data["corrections-TOTAL_FORMS"])
    data.update({
        "corrections-TOTAL_FORMS": str(total + 1),
        f"corrections-{total}-kind": CorrectionKind.CORRECTION,
        f"corrections-{total}-note": "The dose was 20 mg.",
    })  # fmt: skip
    with on_commit():
        assert save_form(client, desk.story, data).status_code == 302
    told = Notification.objects.get()
    assert (told.recipient, told.kind) == (desk.writer, Kind.CORRECTION)


def test_the_workflow_buttons_in_the_admin_notify(client, desk, on_commit):
    client.force_login(desk.writer)
    with on_commit():
        client.post(
            reverse("admin:articles_article_transition", args=[desk.story.pk]),
            {"workflow-action": "submit", "workflow-comment": "", "workflow-publish_at": ""},
        )
    assert workflow.current_state(desk.story.__class__.objects.get(pk=desk.story.pk)) == Status.IN_REVIEW
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"cam.editor", "dana.editor"}
