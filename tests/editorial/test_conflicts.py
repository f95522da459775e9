"""Two people editing one article never silently overwrite each other, and each sees who else has it open."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, PendingVersion, Status
from evidence.models import Citation
from notifications.models import Assignment
from tests.support.admin import change_url, form_data, open_form, pending_step_url, save_form
from tests.support.factories import make_article, make_author, make_section, make_tag
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return make_article(
        "Statins and sleep",
        section=make_section("Heart"),
        authors=[make_author("Ana Ruiz")],
        tags=[make_tag("statins")],
        status=Status.DRAFT,
        days_ago=None,
        body="<p>Early findings.</p>",
    )


@pytest.fixture
def ann(client):
    client.force_login(make_staff("editor", "ann", first_name="Ann"))
    return client


@pytest.fixture
def bea():
    other = Client()
    other.force_login(make_staff("editor", "bea", first_name="Bea"))
    return other


def test_a_save_from_a_stale_form_is_refused_with_409_and_keeps_every_typed_word(ann, bea, story):
    anns_form = open_form(ann, story)
    beas_form = open_form(bea, story)
    assert save_form(bea, story, beas_form, title="Statins and sleep: what we know").status_code == 302

    typed = "<p>Ann's careful rewrite of the whole story, paragraph one.</p>"
    response = save_form(ann, story, anns_form, body=typed, dek="Ann's new standfirst")

    assert response.status_code == 409
    html = response.content.decode()
    assert "Changed by Bea at" in html
    assert "since you opened it" in html
    assert "See what they changed" in html and "/revisions/diff/?a=" in html
    # Everything Ann typed is still in the form she gets back.
    returned = form_data(response)
    assert returned["body"] == typed
    assert returned["dek"] == "Ann's new standfirst"
    # Nothing of Ann's reached the database; Bea's change stands.
    story.refresh_from_db()
    assert story.title == "Statins and sleep: what we know"
    assert story.dek != "Ann's new standfirst"


def test_after_seeing_the_conflict_a_second_save_is_deliberate_and_goes_through(ann, bea, story):
    anns_form = open_form(ann, story)
    save_form(bea, story, open_form(bea, story), title="Bea's headline")
    refused = save_form(ann, story, anns_form, dek="Ann's standfirst")
    assert refused.status_code == 409

    accepted = save_form(ann, story, form_data(refused))
    assert accepted.status_code == 302
    story.refresh_from_db()
    assert story.dek == "Ann's standfirst"


def test_a_form_opened_after_the_last_save_saves_normally(ann, story):
    assert save_form(ann, story, open_form(ann, story), dek="First").status_code == 302
    assert save_form(ann, story, open_form(ann, story), dek="Second").status_code == 302
    story.refresh_from_db()
    assert story.dek == "Second"


def test_a_change_made_outside_the_admin_also_makes_the_open_form_stale(ann, story):
    anns_form = open_form(ann, story)
    Article.objects.get(pk=story.pk).save()  # e.g. an import or a workflow service
    assert save_form(ann, story, anns_form, dek="Too late").status_code == 409


def test_a_tampered_version_is_treated_as_stale_not_as_an_error(ann, story):
    anns_form = open_form(ann, story)
    response = save_form(ann, story, anns_form, editorial_version="not-a-date", dek="Typed")
    assert response.status_code == 409
    assert form_data(response)["dek"] == "Typed"


def test_the_change_form_says_who_else_has_the_article_open(ann, bea, story):
    first = ann.get(change_url(story))
    assert "Also open right now" not in first.content.decode()
    second = bea.get(change_url(story))
    assert "Also open right now: Ann" in second.content.decode()
    assert 'src="/static/editorial/presence.js"' in second.content.decode()


def test_the_presence_ping_lists_others_and_forgets_them_when_they_stop_pinging(ann, bea, story, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    ping = f"/admin/articles/article/{story.pk}/presence/"
    ann.get(change_url(story))
    bea.get(change_url(story))

    answer = ann.post(ping).json()
    assert [other["name"] for other in answer["others"]] == ["Bea"]
    assert "Bea" in answer["text"]

    time_machine.shift(timedelta(seconds=40))
    ann.post(ping)
    time_machine.shift(timedelta(seconds=40))  # Bea last seen 80 s ago: gone
    assert ann.post(ping).json()["others"] == []


def test_closing_the_form_says_goodbye(ann, bea, story):
    ping = f"/admin/articles/article/{story.pk}/presence/"
    ann.get(change_url(story))
    bea.get(change_url(story))
    bea.post(ping, {"gone": "1"})
    assert ann.post(ping).json()["others"] == []


def test_the_presence_ping_is_post_only_and_for_staff_who_can_see_the_article(ann, story, client):
    ping = f"/admin/articles/article/{story.pk}/presence/"
    assert ann.get(ping).status_code == 405
    anonymous = Client()
    assert anonymous.post(ping).status_code == 302  # to the admin login
    stranger = Client()
    stranger.force_login(make_staff("writer", "wendy"))
    assert stranger.post(ping).status_code in {403, 404}


def test_two_people_editing_a_live_storys_pending_changes_do_not_overwrite_each_other(ann, bea):
    """A live story's edits are saved to its pending version, not its row: the form's version covers both."""
    live = make_article(
        "Statins and sleep", section=make_section("Heart"), authors=[make_author("Ana Ruiz")],
        tags=[make_tag("statins")], body="<p>Early findings.</p>",
    )  # fmt: skip
    anns_form = open_form(ann, live)
    beas_form = open_form(bea, live)
    assert save_form(bea, live, beas_form, title="Statins and sleep: what we know").status_code == 302

    response = save_form(ann, live, anns_form, dek="Ann's new standfirst")

    assert response.status_code == 409
    assert "Changed by Bea at" in response.content.decode()
    assert form_data(response)["dek"] == "Ann's new standfirst"
    waiting = live.pending_version
    waiting.refresh_from_db()
    assert waiting.content["title"] == "Statins and sleep: what we know"
    assert waiting.content["dek"] != "Ann's new standfirst"
    # Having seen it, Ann's next save is deliberate and goes through, her byline row still there.
    assert save_form(ann, live, form_data(response)).status_code == 302
    waiting.refresh_from_db()
    assert waiting.content["dek"] == "Ann's new standfirst"
    assert waiting.content["authors"] == [live.bylines.get().author_id]
    assert live.bylines.count() == 1, "the live byline is never written by the form"


class TestALiveStorysRowsBesideIt:
    """A live story's citations and assigned editor are saved at once, beside its row (its text waits
    in the pending version): a form opened before such a save is stale too."""

    @pytest.fixture
    def live(self):
        return make_article(
            "Statins and sleep", section=make_section("Heart"), authors=[make_author("Ana Ruiz")],
            tags=[make_tag("statins")], body="<p>Early findings [1].</p>",
        )  # fmt: skip

    def test_a_citation_fixed_by_another_editor_is_not_put_back_by_an_older_form(self, ann, bea, live):
        Citation.objects.create(article=live, position=1, kind="doi", identifier="10.1000/wrong", title="Sleep")
        anns_form = open_form(ann, live)
        beas_form = open_form(bea, live)
        row = next(name for name, value in beas_form.items() if value == "10.1000/wrong")
        assert save_form(bea, live, beas_form, **{row: "10.1000/right"}).status_code == 302

        response = save_form(ann, live, anns_form, dek="Ann's new standfirst")

        assert response.status_code == 409
        html = response.content.decode()
        assert "Changed by someone else at" in html and "citations, corrections or assigned editor" in html
        assert form_data(response)["dek"] == "Ann's new standfirst"
        assert live.citations.get().identifier == "10.1000/right"
        # Having seen it, Ann's next save is deliberate and goes through.
        assert save_form(ann, live, form_data(response)).status_code == 302

    def test_an_assignment_made_by_another_editor_is_not_undone_by_an_older_form(self, ann, bea, live):
        reviewer = make_staff("editor", "cleo")
        anns_form = open_form(ann, live)
        beas_form = open_form(bea, live)
        assert save_form(bea, live, beas_form, assigned_editor=str(reviewer.pk)).status_code == 302

        response = save_form(ann, live, anns_form, dek="Ann's new standfirst")

        assert response.status_code == 409
        assert Assignment.objects.get(article=live).editor == reviewer

    def test_discarded_pending_changes_are_no_change_to_them(self, ann, bea, live):
        assert save_form(ann, live, open_form(ann, live), dek="Ann's draft standfirst").status_code == 302
        beas_form = open_form(bea, live)
        assert step_on_pending(ann, live, "discard_changes").status_code == 302
        assert not PendingVersion.objects.filter(article=live).exists()

        response = save_form(bea, live, beas_form, dek="Bea's standfirst")

        assert response.status_code == 409  # the changes she opened are gone: she is told, plainly
        assert "citations, corrections or assigned editor" not in response.content.decode()

    def test_a_save_that_leaves_them_alone_keeps_other_open_forms_current(self, ann, bea, live):
        anns_form = open_form(ann, live)
        beas_form = open_form(bea, live)
        assert save_form(bea, live, beas_form).status_code == 302  # a button pressed, nothing changed

        assert save_form(ann, live, anns_form, dek="Ann's new standfirst").status_code == 302


def step_on_pending(client, article, name):
    return client.post(pending_step_url(article), {"pending-step": name, "pending-confirm": "yes"})


def test_an_impossible_date_in_the_version_is_stale_not_an_error(ann, story):
    response = save_form(ann, story, open_form(ann, story), editorial_version="2026-02-30T10:00:00", dek="Typed")
    assert response.status_code == 409
