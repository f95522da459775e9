"""Unsaved edits are kept per person and article, offered back to that person only, and gone once saved.

An autosave is never a revision, never public, and a restored form still meets the stale-save check.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from articles.models import Status
from desk.models import Autosave
from editorial.models import Revision
from tests.support.admin import change_url, form_data, messages_of, open_form, save_form
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
        dek="The first standfirst.",
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


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def autosave(client, article, form, **typed):
    return client.post(autosave_url(article), {**form, **typed})


def test_the_change_form_carries_the_autosave_address(ann, story):
    response = ann.get(change_url(story))
    assert f'data-autosave-url="{autosave_url(story)}"' in response.content.decode()
    assert "desk/autosave.js" in response.content.decode()


def test_typed_edits_are_kept_for_their_author_and_offered_back(ann, story):
    form = open_form(ann, story)
    revisions = Revision.objects.filter(article=story).count()
    response = autosave(ann, story, form, dek="A standfirst typed but not saved")
    assert response.status_code == 201

    kept = ann.get(autosave_url(story)).json()["autosave"]
    assert kept["fields"]["dek"] == ["A standfirst typed but not saved"]
    assert "csrfmiddlewaretoken" not in kept["fields"] and "editorial_version" not in kept["fields"]
    assert kept["changed_since"] is False
    assert kept["restore_url"] == change_url(story) + "?autosave=restore"
    # Nothing reached the article, and no revision was taken.
    story.refresh_from_db()
    assert story.dek == "The first standfirst."
    assert Revision.objects.filter(article=story).count() == revisions


def test_a_later_autosave_replaces_the_earlier_one(ann, story):
    form = open_form(ann, story)
    autosave(ann, story, form, dek="First try")
    autosave(ann, story, form, dek="Second try")
    assert Autosave.objects.count() == 1
    assert ann.get(autosave_url(story)).json()["autosave"]["fields"]["dek"] == ["Second try"]


def test_inline_rows_are_kept_and_of_chosen_files_only_their_names(ann, story):
    form = open_form(ann, story)
    typed = {"citations-0-title": "A trial typed into a citation row", "desk_files_chosen": "Hero image (hero.png)"}
    autosave(ann, story, form, desk_autosave="", desk_other="not content", **typed)
    fields = ann.get(autosave_url(story)).json()["autosave"]["fields"]
    assert fields["citations-0-title"] == ["A trial typed into a citation row"]
    assert fields["citations-TOTAL_FORMS"] == [form["citations-TOTAL_FORMS"]]
    assert fields["desk_files_chosen"] == ["Hero image (hero.png)"]
    assert "desk_autosave" not in fields and "desk_other" not in fields
    # The names are for the prompt only: restoring puts no such value into the form.
    assert "desk_files_chosen" not in form_data(ann.get(change_url(story) + "?autosave=restore"))


def test_nobody_else_sees_or_restores_my_autosave(ann, bea, story):
    autosave(ann, story, open_form(ann, story), dek="Ann's private draft")
    assert bea.get(autosave_url(story)).json() == {"autosave": None}
    restored = form_data(bea.get(change_url(story) + "?autosave=restore"))
    assert restored["dek"] == "The first standfirst."


def test_restoring_puts_the_edits_back_in_the_form_and_saving_discards_the_autosave(ann, story):
    form = open_form(ann, story)
    autosave(ann, story, form, dek="Kept standfirst", body="<p>Kept body.</p>", title="Kept title")

    response = ann.get(change_url(story) + "?autosave=restore")
    restored = form_data(response)
    assert (restored["title"], restored["dek"], restored["body"]) == (
        "Kept title",
        "Kept standfirst",
        "<p>Kept body.</p>",
    )
    assert 'data-autosave-restored="true"' in response.content.decode()

    assert save_form(ann, story, restored).status_code == 302
    story.refresh_from_db()
    assert story.dek == "Kept standfirst"
    assert not Autosave.objects.exists()


def test_restoring_on_top_of_a_newer_save_shows_both_instead_of_overwriting(ann, bea, story):
    anns_form = open_form(ann, story)
    autosave(ann, story, anns_form, dek="Ann's unsaved standfirst")
    assert save_form(bea, story, open_form(bea, story), title="Bea's newer headline").status_code == 302

    assert ann.get(autosave_url(story)).json()["autosave"]["changed_since"] is True
    response = ann.get(change_url(story) + "?autosave=restore")
    assert any("saved again" in message for message in messages_of(response))
    restored = form_data(response)
    assert restored["dek"] == "Ann's unsaved standfirst"

    refused = save_form(ann, story, restored)
    assert refused.status_code == 409  # the stale-save check: Ann is shown what Bea changed first
    assert "See what they changed" in refused.content.decode()
    story.refresh_from_db()
    assert story.title == "Bea's newer headline" and story.dek == "The first standfirst."
    assert Autosave.objects.filter(article=story).exists(), "refused: the kept edits stay"


def test_discarding_forgets_the_edits(ann, story):
    autosave(ann, story, open_form(ann, story), dek="Not wanted")
    assert ann.delete(autosave_url(story)).status_code == 200
    assert ann.get(autosave_url(story)).json() == {"autosave": None}


def test_a_writer_cannot_autosave_an_article_they_may_not_edit(client, story):
    writer = make_staff("writer", "wes")
    client.force_login(writer)
    assert client.post(autosave_url(story), {"dek": "x"}).status_code == 404  # someone else's: not even listed
    submitted = make_article("Wes's submitted story", status=Status.IN_REVIEW, days_ago=None, created_by=writer)
    assert client.post(autosave_url(submitted), {"dek": "x"}).status_code == 403  # no longer a draft of theirs
    assert client.get(autosave_url(submitted)).status_code == 403
    assert not Autosave.objects.exists()


def test_edits_too_large_to_keep_get_a_clear_400(ann, story):
    response = ann.post(autosave_url(story), {"body": "x" * 1_100_000})
    assert response.status_code == 400
    assert "save the article instead" in response.json()["error"]


def test_an_unknown_article_is_404_and_other_methods_405(ann, story):
    assert ann.get(reverse("admin:articles_article_autosave", args=[987654])).status_code == 404
    assert ann.put(autosave_url(story)).status_code == 405


def test_autosave_answers_are_never_cached(ann, story):
    assert "no-store" in ann.get(autosave_url(story))["Cache-Control"]


def test_a_new_article_never_saved_is_kept_too_and_saving_it_discards_the_autosave(ann, story):
    new_url = reverse("admin:articles_article_autosave_new")
    add_url = reverse("admin:articles_article_add")
    response = ann.get(add_url)
    assert f'data-autosave-url="{new_url}"' in response.content.decode()
    form = form_data(response)
    assert ann.post(new_url, {**form, "title": "A story begun", "dek": "Typed, never saved"}).status_code == 201
    kept = ann.get(new_url).json()["autosave"]
    assert kept["fields"]["title"] == ["A story begun"] and kept["changed_since"] is False
    assert kept["restore_url"] == add_url + "?autosave=restore"

    restored = form_data(ann.get(add_url + "?autosave=restore"))
    assert (restored["title"], restored["dek"]) == ("A story begun", "Typed, never saved")
    # Another person's new-article autosave is their own.
    other = Client()
    other.force_login(make_staff("editor", "cy"))
    assert other.get(new_url).json() == {"autosave": None}

    saved = ann.post(add_url, {**restored, "slug": "a-story-begun", "section": story.section_id, "_save": "1"})
    assert saved.status_code == 302, form_data(saved) if saved.status_code == 200 else saved.status_code
    assert not Autosave.objects.exists()


def test_only_people_who_may_add_articles_keep_new_ones(client):
    url = reverse("admin:articles_article_autosave_new")
    client.force_login(get_user_model().objects.create_user("guest", is_staff=True))
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x"}).status_code == 403
    client.force_login(make_staff("writer", "wes"))
    assert client.get(url).status_code == 200
