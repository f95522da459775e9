"""The change form without surprises: it asks before what readers would notice, and loses nothing typed."""

from datetime import timedelta

import lxml.html
import pytest
from django.utils import timezone

from articles.models import PreviewLink, Status, Transition
from tests.support.admin import change_url, form_data, messages_of, transition_url
from tests.support.factories import make_author, ready_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    writer_author = make_author("Wren Writer")
    return {
        "writer": make_staff("writer", "writer", author=writer_author),
        "editor": make_staff("editor", "editor"),
        "writer_author": writer_author,
    }


def writers_story(staff, status=Status.DRAFT, **fields):
    return ready_article("Writer's story", status=status, created_by=staff["writer"],
                         authors=[staff["writer_author"]], **fields)  # fmt: skip


def live(staff):
    return writers_story(staff, Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1))


class TestConfirmations:
    @pytest.mark.parametrize(
        ("state", "action", "words"),
        [
            ("live", "unpublish", "Readers lose it at once"),
            ("live", "archive", "This story is live now."),
            (Status.APPROVED, "publish", "Readers will see it at once"),
        ],
    )
    def test_the_button_saves_then_asks_naming_the_consequence(self, client, staff, state, action, words):
        article = live(staff) if state == "live" else writers_story(staff, state)
        before = article.status
        client.force_login(staff["editor"])
        data = form_data(client.get(change_url(article)))
        response = client.post(change_url(article), {**data, "dek": "Edited first.", "workflow-action": action,
                                                     "workflow-comment": "Legal asked."})  # fmt: skip
        assert response.status_code == 200
        page = response.content.decode()
        assert words in page
        article.refresh_from_db()
        saved_dek = article.pending_version.content["dek"] if state == "live" else article.dek  # live: pending
        assert (saved_dek, article.status) == ("Edited first.", before)  # saved, not yet moved
        assert not Transition.objects.exists()

        form = next(f for f in lxml.html.document_fromstring(page).forms if f.get("action") == transition_url(article))
        confirmed = dict(form.form_values())
        assert confirmed["workflow-comment"] == "Legal asked."
        response = client.post(transition_url(article), confirmed)
        assert response.status_code == 302, messages_of(response)
        assert Transition.objects.get(article=article).comment == "Legal asked."
        assert 'id="workflow-cancel"' in page and f'href="{change_url(article)}"' in page

    def test_a_draft_is_submitted_without_a_question(self, client, staff):
        article = writers_story(staff)
        client.force_login(staff["writer"])
        data = form_data(client.get(change_url(article)))
        response = client.post(change_url(article), {**data, "workflow-action": "submit"})
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Status.IN_REVIEW


class TestNothingLost:
    def test_a_refused_action_keeps_the_comment_in_the_form(self, client, staff):
        article = writers_story(staff, dek="")
        client.force_login(staff["writer"])
        data = form_data(client.get(change_url(article)))
        data.update({"workflow-action": "submit", "workflow-comment": "Dr Okafor checked the doses."})
        response = client.post(change_url(article), data, follow=True)
        assert any("Still missing: a standfirst (dek)." in message for message in messages_of(response))
        assert "Dr Okafor checked the doses.</textarea>" in response.content.decode()
        # Shown once: the next visit starts empty.
        assert "Dr Okafor checked the doses." not in client.get(change_url(article)).content.decode()

    def test_making_a_preview_link_saves_what_was_typed_first(self, client, staff):
        article = writers_story(staff)
        client.force_login(staff["editor"])
        data = form_data(client.get(change_url(article)))
        response = client.post(change_url(article), {**data, "title": "Typed before sharing", "workflow-share": "1"})
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.title == "Typed before sharing"
        assert PreviewLink.objects.filter(article=article).count() == 1
        assert any("Preview link for an outside reviewer" in message for message in messages_of(response))

    def test_the_form_loads_the_unsaved_edits_warning_and_the_schedule_presets(self, client, staff):
        article = writers_story(staff, Status.APPROVED)
        client.force_login(staff["editor"])
        page = client.get(change_url(article)).content.decode()
        assert "editorial/unsaved-changes.js" in page
        assert 'data-preset="in-1-hour"' in page and 'data-preset="tomorrow-0800"' in page
        assert "Times are in the site's time zone, UTC" in page


class TestWritersKeepControl:
    def test_a_submitted_story_shows_its_body_rendered_and_a_withdraw_button(self, client, staff):
        article = writers_story(staff, Status.IN_REVIEW, body="<p>Take <strong>two</strong> tablets.</p>")
        client.force_login(staff["writer"])
        page = client.get(change_url(article)).content.decode()
        assert "<strong>two</strong> tablets." in page
        assert "&lt;strong&gt;" not in page
        document = lxml.html.document_fromstring(page)
        (button,) = document.xpath('//button[@name="workflow-action"]')
        assert (button.get("value"), button.get("formaction")) == ("withdraw", transition_url(article))
        response = client.post(transition_url(article), {"workflow-action": "withdraw"})
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Status.DRAFT


class TestReviewerPicker:
    def test_only_clinicians_may_be_chosen(self, client, staff):
        clinician = make_author("Dr Ada Okafor", is_clinician=True)
        reporter = make_author("Rex Reporter")
        article = writers_story(staff)
        client.force_login(staff["editor"])
        data = form_data(client.get(change_url(article)))
        response = client.post(change_url(article), {**data, "reviewed_by": str(reporter.pk), "_continue": "1"})
        assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
        response = client.post(change_url(article), {**data, "reviewed_by": str(clinician.pk), "_continue": "1"})
        assert response.status_code == 302
        picker = client.get(
            "/admin/autocomplete/",
            {"app_label": "articles", "model_name": "article", "field_name": "reviewed_by", "term": ""},
        ).json()
        assert [row["text"] for row in picker["results"]] == [str(clinician)]


class TestNewStoryForm:
    def test_the_writer_is_on_the_byline_of_a_new_story(self, client, staff):
        client.force_login(staff["writer"])
        document = lxml.html.document_fromstring(client.get("/admin/articles/article/add/").content)
        (author,) = document.xpath('//select[@name="bylines-0-author"]')
        assert author.xpath("./option[@selected]/@value") == [str(staff["writer_author"].pk)]

    def test_the_slug_field_carries_the_real_address_pattern(self, client, staff):
        client.force_login(staff["writer"])
        page = client.get("/admin/articles/article/add/").content.decode()
        (slug,) = lxml.html.document_fromstring(page).xpath('//input[@name="slug"]')
        assert slug.get("data-address") == "http://testserver/article/SLUG/"
        assert slug.get("data-placeholder") == "SLUG"
        assert "editorial/slug-address.js" in page
