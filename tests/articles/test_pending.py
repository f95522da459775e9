"""Edits to a live story wait as a pending version: readers see nothing of them until an editor publishes them."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from articles import pending
from articles.models import Article, ArticleAuthor, PendingStatus, PendingVersion, Status, Transition
from articles.workflow import WorkflowError, WorkflowPermissionError
from editorial.models import Revision
from tests.support.admin import change_url, form_data, messages_of, pending_step_url
from tests.support.factories import make_author, make_disclaimer, make_tag, ready_article
from tests.support.pagecache import cached_get, text
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


@pytest.fixture
def story(staff):
    return ready_article(
        "Salt and blood pressure", status=Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=2),
        created_by=staff["writer"], authors=[staff["writer_author"]], body="<p>Less salt lowers pressure.</p>",
    )  # fmt: skip


def save_edit(client, article, **changes):
    """The change form posted with `changes`, as "Save and continue editing"."""
    data = form_data(client.get(change_url(article)))
    return client.post(change_url(article), {**data, **changes, "_continue": "1"})


def step(client, article, name, comment="", confirm=True):
    data = {"pending-step": name, "pending-comment": comment}
    return client.post(pending_step_url(article), {**data, "pending-confirm": "yes"} if confirm else data)


def test_an_editors_save_of_a_live_story_waits_as_pending_changes(client, staff, story):
    client.force_login(staff["editor"])
    response = save_edit(client, story, title="Salt, blood pressure and you", body="<p>Pendingword counts.</p>")
    assert response.status_code == 302
    assert any("readers still see the live version" in message for message in messages_of(response))
    live = Article.objects.get(pk=story.pk)
    assert (live.title, live.body) == ("Salt and blood pressure", "<p>Less salt lowers pressure.</p>")
    row = PendingVersion.objects.get(article=story)
    assert (row.content["title"], row.status) == ("Salt, blood pressure and you", PendingStatus.DRAFT)
    assert row.content["authors"] == [staff["writer_author"].pk]  # the byline came along as it was

    page = text(client.get(change_url(story)))  # the form shows the pending content, and says what readers see
    assert 'value="Salt, blood pressure and you"' in page
    assert "Readers still see the live version." in page
    assert f'href="{story.get_absolute_url()}"' in page
    assert reverse("articles:preview_pending", args=[story.pk]) in page


def test_readers_see_nothing_of_pending_changes_until_they_are_published(client, staff, story):
    client.force_login(staff["editor"])
    save_edit(client, story, title="Pendingword headline", dek="Pendingword standfirst.", slug="pendingword-address")
    client.logout()
    assert "Pendingword" not in text(client.get(story.get_absolute_url()))
    assert "Pendingword" not in text(client.get(reverse("articles:feed")))
    assert "Pendingword" not in text(client.get(reverse("articles:home")))
    assert story.get_absolute_url() not in text(client.get(reverse("search:search"), {"q": "Pendingword"}))
    sitemap = text(client.get("/sitemap-articles.xml"))
    assert story.get_absolute_url() in sitemap and "pendingword-address" not in sitemap
    assert client.get("/article/pendingword-address/").status_code == 404

    client.force_login(staff["editor"])
    assert step(client, story, "submit_changes").status_code == 302
    assert step(client, story, "publish_changes").status_code == 302
    client.logout()
    story.refresh_from_db()
    assert story.slug == "pendingword-address"
    assert "Pendingword headline" in text(client.get(story.get_absolute_url()))
    assert "Pendingword headline" in text(client.get(reverse("articles:feed")))
    assert story.get_absolute_url() in text(client.get(reverse("search:search"), {"q": "Pendingword"}))
    assert story.get_absolute_url() in text(client.get("/sitemap-articles.xml"))


def test_the_page_cache_serves_the_new_version_right_after_it_is_published(client, staff, story):
    assert "Less salt lowers pressure." in text(cached_get(client, story.get_absolute_url()))
    client.force_login(staff["editor"])
    save_edit(client, story, body="<p>Much less salt lowers pressure more.</p>")
    client.logout()
    assert "Much less salt" not in text(cached_get(client, story.get_absolute_url()))  # pending: still the old page

    client.force_login(staff["editor"])
    step(client, story, "small_fix", comment="Sharper sentence.")
    client.logout()
    page = text(cached_get(client, story.get_absolute_url()))
    assert "Much less salt lowers pressure more." in page and "Less salt lowers pressure." not in page


def test_writers_edit_and_submit_their_live_story_but_cannot_publish_it(client, staff, story):
    client.force_login(staff["writer"])
    assert save_edit(client, story, dek="A writer's better standfirst.").status_code == 302
    page = text(client.get(change_url(story)))
    assert 'value="submit_changes"' in page
    assert 'value="publish_changes"' not in page and 'value="small_fix"' not in page
    assert 'name="citations-TOTAL_FORMS"' not in page  # rows saved as typed stay with editors on a live story

    assert step(client, story, "small_fix", comment="Mine.").status_code == 403
    assert step(client, story, "submit_changes").status_code == 302
    assert PendingVersion.objects.get(article=story).status == PendingStatus.IN_REVIEW
    assert step(client, story, "publish_changes").status_code == 403
    assert Article.objects.get(pk=story.pk).dek != "A writer's better standfirst."
    # Submitted: the writer waits (or withdraws), as with a first submission, reading what they submitted.
    assert "A writer&#x27;s better standfirst." in text(client.get(change_url(story)))
    assert save_edit(client, story, dek="Sneaky.").status_code == 403

    client.force_login(staff["editor"])
    assert step(client, story, "publish_changes").status_code == 302
    assert Article.objects.get(pk=story.pk).dek == "A writer's better standfirst."
    assert not PendingVersion.objects.filter(article=story).exists()
    assert list(Transition.objects.filter(article=story).order_by("at", "id").values_list("step", flat=True)) == [
        "submit_changes",
        "publish_changes",
    ]


def test_publishing_asks_first_naming_what_readers_will_see(client, staff, story):
    client.force_login(staff["editor"])
    data = form_data(client.get(change_url(story)))
    response = client.post(change_url(story), {**data, "title": "Asked first", "pending-step": "small_fix",
                                               "pending-comment": "Typo in the headline."})  # fmt: skip
    assert response.status_code == 200
    assert "Readers see the new version at once" in text(response)
    assert Article.objects.get(pk=story.pk).title == "Salt and blood pressure"  # saved as pending, not published


def test_a_confirmation_covers_only_the_changes_it_showed(client, staff, story):
    client.force_login(staff["editor"])
    data = form_data(client.get(change_url(story)))
    asked = client.post(change_url(story), {**data, "title": "Asked first", "pending-step": "small_fix",
                                            "pending-comment": "Typo in the headline."})  # fmt: skip
    shown = re.search(r'name="pending-version" value="([^"]+)"', asked.content.decode())
    assert shown, "the confirmation page names the version it shows"
    confirmation = {"pending-step": "small_fix", "pending-confirm": "yes", "pending-version": shown[1],
                    "pending-comment": "Typo in the headline."}  # fmt: skip
    # Meanwhile the writer saves new words into the same pending changes.
    pending.save(article=story, content={**pending.live_content(story), "title": "Unseen words"}, by=staff["writer"])

    refused = client.post(pending_step_url(story), confirmation)

    assert any("saved again by" in message for message in messages_of(refused))
    assert Article.objects.get(pk=story.pk).title == "Salt and blood pressure", "nothing unseen goes live"
    assert ">Typo in the headline.</textarea>" in client.get(change_url(story)).content.decode()


def test_words_saved_just_as_the_confirmation_is_taken_do_not_go_live_unseen(client, staff, story, monkeypatch):
    client.force_login(staff["editor"])
    data = form_data(client.get(change_url(story)))
    asked = client.post(change_url(story), {**data, "title": "Asked first", "pending-step": "small_fix",
                                            "pending-comment": "Typo in the headline."})  # fmt: skip
    shown = re.search(r'name="pending-version" value="([^"]+)"', asked.content.decode())[1]
    unseen = {**PendingVersion.objects.get(article=story).content, "title": "Unseen words"}
    real_perform = pending.perform

    def saved_just_before_the_step(**kwargs):  # after the page's own check, before the step's lock
        PendingVersion.objects.filter(article=story).update(content=unseen, updated_at=timezone.now())
        return real_perform(**kwargs)

    monkeypatch.setattr(pending, "perform", saved_just_before_the_step)
    refused = client.post(pending_step_url(story), {"pending-step": "small_fix", "pending-confirm": "yes",
                                                    "pending-version": shown, "pending-comment": "Typo."})  # fmt: skip

    assert any("saved again since you confirmed" in message for message in messages_of(refused))
    assert Article.objects.get(pk=story.pk).title == "Salt and blood pressure", "nothing unseen goes live"


def test_a_small_fix_needs_a_note_and_the_history_keeps_it(client, staff, story):
    client.force_login(staff["editor"])
    save_edit(client, story, title="Salt and blood presure")
    response = step(client, story, "small_fix", comment="  ")
    assert any("needs a note" in message for message in messages_of(response))
    assert Article.objects.get(pk=story.pk).title == "Salt and blood pressure"

    save_edit(client, story, title="Salt and blood-pressure")
    step(client, story, "small_fix", comment="Hyphen in the headline.")
    assert Article.objects.get(pk=story.pk).title == "Salt and blood-pressure"
    record = Transition.objects.get(article=story)
    assert (record.step, record.comment, record.by) == ("small_fix", "Hyphen in the headline.", staff["editor"])
    assert Revision.objects.filter(article=story).latest().note == "Small fix: Hyphen in the headline."
    page = text(client.get(change_url(story)))
    assert "Changes published directly as a small fix" in page and "Hyphen in the headline." in page


def test_a_refused_step_keeps_the_note_and_the_reason_for_the_form(client, staff, story):
    client.force_login(staff["editor"])
    save_edit(client, story, dek="", title="Salt and blood pressure, revisited")  # a standfirst is needed to publish
    response = step(client, story, "small_fix", comment="New headline.")
    assert any("a standfirst (dek)" in message for message in messages_of(response))

    form = client.get(change_url(story)).content.decode()
    assert ">New headline.</textarea>" in form
    assert ">New headline.</textarea>" not in client.get(change_url(story)).content.decode(), "kept once"


def test_publishing_runs_the_checks_of_a_first_publication(staff, story):
    content = {**pending.live_content(story), "dek": "", "tags": []}
    pending.save(article=story, content=content, by=staff["editor"])
    with pytest.raises(WorkflowError) as refused:
        pending.perform(article=story, step="small_fix", by=staff["editor"], comment="Cleanup.")
    assert "a standfirst (dek)" in str(refused.value) and "at least one tag" in str(refused.value)
    assert Article.objects.get(pk=story.pk).dek  # nothing applied


def test_the_byline_and_tags_wait_too_and_go_live_together(staff, story):
    second = make_author("Second Author")
    make_tag("hypertension")
    content = {
        **pending.live_content(story),
        "authors": [second.pk, staff["writer_author"].pk],
        "tags": ["hypertension"],
    }
    pending.save(article=story, content=content, by=staff["editor"])
    assert [a.pk for a in Article.objects.get(pk=story.pk).byline_authors] == [staff["writer_author"].pk]
    pending.perform(article=story, step="small_fix", by=staff["editor"], comment="Co-author.")
    live = Article.objects.get(pk=story.pk)
    assert [a.pk for a in live.byline_authors] == [second.pk, staff["writer_author"].pk]
    assert [tag.name for tag in live.tags.all()] == ["hypertension"]


def test_returning_needs_a_comment_and_gives_the_changes_back(staff, story):
    pending.save(article=story, content=pending.live_content(story), by=staff["writer"])
    pending.perform(article=story, step="submit_changes", by=staff["writer"])
    with pytest.raises(WorkflowPermissionError):
        pending.perform(article=story, step="return_changes", by=staff["writer"], comment="x")
    with pytest.raises(WorkflowError):
        pending.perform(article=story, step="return_changes", by=staff["editor"])
    pending.perform(article=story, step="return_changes", by=staff["editor"], comment="Cite the trial.")
    assert PendingVersion.objects.get(article=story).status == PendingStatus.DRAFT


def test_discarding_leaves_the_live_story_as_it_is(client, staff, story):
    client.force_login(staff["editor"])
    save_edit(client, story, title="Never mind")
    response = step(client, story, "discard_changes", confirm=False)
    assert response.status_code == 200 and "readers keep the live version" in text(response)  # asked first
    step(client, story, "discard_changes")
    assert not PendingVersion.objects.filter(article=story).exists()
    assert Article.objects.get(pk=story.pk).title == "Salt and blood pressure"
    assert 'value="Salt and blood pressure"' in text(client.get(change_url(story)))


def test_a_picture_uploaded_only_for_discarded_changes_leaves_the_media_store(
    staff, story, django_capture_on_commit_callbacks
):
    storage = Article._meta.get_field("hero_image").storage
    name = storage.save("heroes/2026/12/pending-only.png", ContentFile(b"not shown to anyone"))
    pending.save(article=story, content={**pending.live_content(story), "hero_image": name}, by=staff["editor"])

    with django_capture_on_commit_callbacks(execute=True):
        pending.perform(article=story, step="discard_changes", by=staff["editor"])

    assert not storage.exists(name)


def test_the_preview_shows_the_pending_changes_to_staff_only(client, staff, story):
    url = reverse("articles:preview_pending", args=[story.pk])
    client.force_login(staff["editor"])
    assert client.get(url).status_code == 404  # nothing pending
    save_edit(client, story, title="Previewed headline")
    response = client.get(url)
    assert response.status_code == 200 and "Previewed headline" in text(response)
    assert "readers still see the live version" in text(response)
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    assert "Previewed headline" not in text(client.get(story.get_absolute_url()))


def test_an_unknown_step_is_a_message_not_an_error(client, staff, story):
    client.force_login(staff["editor"])
    save_edit(client, story, title="Whatever")
    response = step(client, story, "explode")
    assert response.status_code == 302
    assert client.get(pending_step_url(story)).status_code == 405


def test_the_pending_preview_costs_the_same_whatever_the_byline(client, staff, story, django_assert_max_num_queries):
    client.force_login(staff["editor"])
    url = reverse("articles:preview_pending", args=[story.pk])
    content = pending.live_content(story)
    pending.save(article=story, content=content, by=staff["editor"])
    with django_assert_max_num_queries(40) as one_author:
        assert client.get(url).status_code == 200
    more = [make_author(f"Co-author {n}").pk for n in range(4)]
    pending.save(article=story, content={**content, "authors": [*content["authors"], *more]}, by=staff["editor"])
    with django_assert_max_num_queries(len(one_author.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_change_form_of_pending_changes_costs_a_few_queries_more_than_the_live_one(
    client, staff, story, django_assert_max_num_queries
):
    """Each byline row's picker reads its author (as on any change form); the pending version adds a constant few."""
    client.force_login(staff["editor"])
    client.get(change_url(story))  # warm the per-process caches
    with django_assert_max_num_queries(200) as live_form:
        assert client.get(change_url(story)).status_code == 200
    pending.save(article=story, content=pending.live_content(story), by=staff["editor"])
    with django_assert_max_num_queries(len(live_form.captured_queries) + 6):
        assert client.get(change_url(story)).status_code == 200


def test_a_save_that_changes_nothing_makes_no_pending_version(client, staff, story):
    client.force_login(staff["editor"])
    response = save_edit(client, story)
    assert any("Nothing changed" in message for message in messages_of(response))
    assert not PendingVersion.objects.exists()
    data = form_data(client.get(change_url(story)))
    client.post(change_url(story), {**data, "workflow-action": "unpublish", "workflow-comment": "Legal."})
    assert not PendingVersion.objects.exists()  # asked to unpublish; nothing was edited


def test_pending_changes_naming_a_disclaimer_deleted_since_open_and_publish_without_it(client, staff, story):
    chosen = make_disclaimer(title="Trial results are early")
    pending.save(article=story, content={**pending.live_content(story), "disclaimer": chosen.pk}, by=staff["editor"])
    chosen.delete()
    client.force_login(staff["editor"])

    assert client.get(change_url(story)).status_code == 200
    pending.perform(article=story, step="small_fix", by=staff["editor"], comment="Disclaimer gone.")
    assert Article.objects.get(pk=story.pk).disclaimer_id is None


def test_pending_changes_naming_an_author_deleted_since_publish_without_them_the_others_in_order(staff, story):
    gone, second = make_author("Gone Author"), make_author("Second Author")
    byline = [gone.pk, second.pk, staff["writer_author"].pk]
    pending.save(article=story, content={**pending.live_content(story), "authors": byline}, by=staff["editor"])
    gone.delete()
    pending.perform(article=story, step="small_fix", by=staff["editor"], comment="Co-author.")
    rows = ArticleAuthor.objects.filter(article=story).values_list("author_id", "position")
    assert list(rows) == [(second.pk, 0), (staff["writer_author"].pk, 1)]
