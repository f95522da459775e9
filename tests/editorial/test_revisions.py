"""Every save that changes the content keeps a revision; editors compare any two and restore one without losing any."""

import lxml.html
import pytest
from django.core.management import call_command  # noqa: F401 - documents that commands save through the model

from articles.models import Article, Status
from editorial.models import Revision
from tests.support.admin import open_form, save_form
from tests.support.factories import make_article, make_author, make_section, make_tag
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_staff("editor", "ed", first_name="Edna")
    client.force_login(user)
    return user


@pytest.fixture
def story():
    section = make_section("Health")
    article = make_article(
        "Flu season starts early",
        section=section,
        authors=[make_author("Ana Ruiz"), make_author("Ben Ode")],
        tags=[make_tag("flu"), make_tag("vaccines")],
        status=Status.DRAFT,
        days_ago=None,
        body="<p>The quick brown fox jumps over the lazy dog.</p>",
    )
    return article


def latest(article):
    return Revision.objects.filter(article=article).order_by("-number").first()


def test_each_admin_save_keeps_a_numbered_revision_with_tags_and_authors_in_order(client, editor, story):
    before = Revision.objects.filter(article=story).count()
    data = open_form(client, story)
    response = save_form(client, story, data, title="Flu season starts early this year", tags="flu, masks")
    assert response.status_code == 302

    revision = latest(story)
    assert revision.number == before + 1
    assert revision.by == editor
    assert revision.snapshot["title"] == "Flu season starts early this year"
    assert revision.snapshot["tags"] == ["flu", "masks"]
    assert [a["name"] for a in revision.snapshot["authors"]] == ["Ana Ruiz", "Ben Ode"]
    assert revision.snapshot["section"]["name"] == "Health"

    data = open_form(client, story)
    save_form(client, story, data, dek="A second save.")
    assert latest(story).number == before + 2


def test_a_save_outside_the_admin_also_keeps_a_revision(story):
    before = Revision.objects.filter(article=story).count()
    story.title = "Changed by an import"
    story.save()
    revision = latest(story)
    assert revision.number == before + 1
    assert revision.by is None
    assert revision.snapshot["title"] == "Changed by an import"


def test_the_diff_marks_changed_words_only_and_escapes_html(client, editor, story):
    data = open_form(client, story)
    save_form(client, story, data, body="<p>The quick red fox jumps over the lazy dog.</p>", title="<b>Bold</b> & co")
    old, new = list(Revision.objects.filter(article=story).order_by("number"))[-2:]

    response = client.get(f"/admin/articles/article/{story.pk}/revisions/diff/?a={old.number}&b={new.number}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The quick <del>brown</del><ins>red</ins> fox jumps" in html
    assert "<del>Flu season starts early</del><ins>&lt;b&gt;Bold&lt;/b&gt; &amp; co</ins>" in html
    assert "<b>Bold</b>" not in html


def test_the_revision_list_names_who_saved_and_what_changed(client, editor, story):
    data = open_form(client, story)
    save_form(client, story, data, dek="New standfirst")
    response = client.get(f"/admin/articles/article/{story.pk}/revisions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Edna" in html
    assert "Standfirst" in html
    assert "Restore</button>" in html


def test_restore_brings_back_content_and_tags_as_a_new_revision(client, editor, story):
    save_form(client, story, open_form(client, story))  # a save that keeps the story as it is
    target = latest(story)
    assert target.snapshot["tags"] == ["flu", "vaccines"]
    save_form(client, story, open_form(client, story), title="A worse headline", tags="flu")
    count = Revision.objects.filter(article=story).count()

    response = client.post(f"/admin/articles/article/{story.pk}/revisions/{target.number}/restore/")
    assert response.status_code == 302

    story.refresh_from_db()
    assert story.title == "Flu season starts early"
    assert sorted(story.tags.names()) == ["flu", "vaccines"]
    restored = latest(story)
    assert Revision.objects.filter(article=story).count() == count + 1
    assert restored.note == f"Restored revision {target.number}"
    assert restored.by == editor
    # Nothing was lost: the overwritten headline is still in the history.
    assert Revision.objects.filter(article=story, snapshot__title="A worse headline").exists()


def test_restore_is_post_only_and_editors_only(client, story):
    writer = make_staff("writer", "wri")
    Article.objects.filter(pk=story.pk).update(created_by=writer)
    revision = latest(story)
    client.force_login(writer)
    url = f"/admin/articles/article/{story.pk}/revisions/{revision.number}/restore/"
    assert client.post(url).status_code == 403
    editor = make_staff("editor", "ed2")
    client.force_login(editor)
    assert client.get(url).status_code == 405
    assert client.post(f"/admin/articles/article/{story.pk}/revisions/999/restore/").status_code == 404


def test_a_malformed_diff_request_is_a_404_not_an_error(client, editor, story):
    assert client.get(f"/admin/articles/article/{story.pk}/revisions/diff/?a=1&b=999").status_code == 404
    assert client.get(f"/admin/articles/article/{story.pk}/revisions/diff/?a=x&b=1").status_code == 200


def test_a_workflow_step_reads_as_a_status_change_in_the_history(client, editor, story):
    # The workflow moves an article by saving it through the model, like this.
    story.status = Status.IN_REVIEW
    story.save()
    html = client.get(f"/admin/articles/article/{story.pk}/revisions/").content.decode()
    assert "Status" in html


def test_a_restore_never_moves_status_or_slug(client, editor, story):
    first = latest(story)
    story.status, story.slug = Status.IN_REVIEW, "a-new-address"
    story.save()
    client.post(f"/admin/articles/article/{story.pk}/revisions/{first.number}/restore/")
    story.refresh_from_db()
    assert (story.status, story.slug) == (Status.IN_REVIEW, "a-new-address")


def test_a_writer_reads_the_history_of_their_own_article_but_cannot_restore(client, story):
    writer = make_staff("writer", "wri")
    Article.objects.filter(pk=story.pk).update(created_by=writer, status=Status.IN_REVIEW)
    client.force_login(writer)
    assert client.get(f"/admin/articles/article/{story.pk}/change/").status_code == 200  # read-only now
    page = client.get(f"/admin/articles/article/{story.pk}/revisions/")
    assert page.status_code == 200
    assert "Restore</button>" not in page.content.decode()
    assert client.get("/admin/articles/article/add/").status_code == 200


def test_an_article_written_without_revisions_shows_an_empty_history(client, editor, story):
    """Bulk loads (the importer, generate_articles) write no revisions; the history page still answers."""
    Revision.objects.filter(article=story).delete()
    assert client.get(f"/admin/articles/article/{story.pk}/revisions/").status_code == 200


# --- No empty revisions ----------------------------------------------------------------------


def publish_from_the_change_form(client, story, **changes):
    """Press "Publish now" on the change form, and "Yes" where the admin asks to confirm."""
    response = save_form(client, story, open_form(client, story), **changes, **{"workflow-action": "publish"})
    if response.status_code == 200:
        forms = lxml.html.document_fromstring(response.content).forms
        confirm = next(form for form in forms if form.action.endswith("/workflow/"))
        response = client.post(confirm.action, dict(confirm.form_values()))
    assert response.status_code == 302
    return response


def ready_to_publish(story):
    from tests.support.factories import make_disclaimer

    story.section.default_disclaimer = make_disclaimer("Talk to your doctor.")
    story.section.save()
    Article.objects.filter(pk=story.pk).update(status=Status.APPROVED)
    story.refresh_from_db()


def test_a_save_that_changes_nothing_keeps_no_revision(client, editor, story):
    save_form(client, story, open_form(client, story), dek="Written once.")
    count = Revision.objects.filter(article=story).count()
    response = save_form(client, story, open_form(client, story))
    assert response.status_code == 302
    story.refresh_from_db()
    story.save()  # a save through the model that changes nothing either
    assert Revision.objects.filter(article=story).count() == count


def test_a_workflow_action_from_the_change_form_writes_no_revision(client, editor, story):
    ready_to_publish(story)
    save_form(client, story, open_form(client, story))  # the content as it is
    count = Revision.objects.filter(article=story).count()
    publish_from_the_change_form(client, story)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED  # the action happened; its record is the workflow's history
    assert Revision.objects.filter(article=story).count() == count


def test_a_workflow_action_with_an_edit_writes_one_revision_of_the_edit(client, editor, story):
    ready_to_publish(story)
    save_form(client, story, open_form(client, story))
    count = Revision.objects.filter(article=story).count()
    publish_from_the_change_form(client, story, dek="Edited, then published.")
    assert Revision.objects.filter(article=story).count() == count + 1
    assert latest(story).snapshot["dek"] == "Edited, then published."
    page = client.get(f"/admin/articles/article/{story.pk}/revisions/").content.decode()
    assert "No change to the content" not in page


def test_a_restore_is_kept_even_when_it_puts_back_the_latest_content(client, editor, story):
    """The edit that a restore undoes may have bypassed revisions (a bulk update): the restore is still recorded."""
    target = latest(story)
    Article.objects.filter(pk=story.pk).update(title="Edited in bulk")
    response = client.post(f"/admin/articles/article/{story.pk}/revisions/{target.number}/restore/")
    assert response.status_code == 302
    assert latest(story).note == f"Restored revision {target.number}"


# --- The diff page -------------------------------------------------------------------------------


def diff_page(client, story, old, new):
    response = client.get(f"/admin/articles/article/{story.pk}/revisions/diff/?a={old.number}&b={new.number}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_diff_page_shows_a_heading_lost_into_the_paragraph_below(client, editor, story):
    save_form(client, story, open_form(client, story), body="<h2>Who should wait</h2><p>People with a fever.</p>")
    old = latest(story)
    save_form(client, story, open_form(client, story), body="<p>Who should wait People with a fever.</p>")
    html = diff_page(client, story, old, latest(story))
    assert "Heading 2 removed" in html
    assert "<del>Who should wait</del>" in html


def test_the_diff_page_lists_the_corrections_added_between_the_two_revisions(client, editor, story):
    from editorial.models import Correction

    Correction.objects.create(article=story, note="Written before both revisions.")
    save_form(client, story, open_form(client, story), dek="First.")
    old = latest(story)
    Correction.objects.create(article=story, kind="update", note="The dose was <b>wrong</b>.", by=editor)
    save_form(client, story, open_form(client, story), dek="Second.")
    html = diff_page(client, story, old, latest(story))
    assert 'id="diff-corrections"' in html
    assert "<strong>Update</strong>" in html and "The dose was &lt;b&gt;wrong&lt;/b&gt;." in html
    assert "(Edna)" in html
    assert "Written before both revisions." not in html


def test_the_diff_page_shows_dates_as_people_write_them(client, editor, story, settings):
    import datetime

    settings.TIME_ZONE = "Europe/Berlin"
    old = latest(story)
    when = datetime.datetime(2036, 12, 24, 7, 0, tzinfo=datetime.UTC)
    Article.objects.filter(pk=story.pk).update(status=Status.APPROVED, published_at=when)
    save_form(client, story, open_form(client, story), dek="Scheduled.")
    html = diff_page(client, story, old, latest(story))
    assert "<ins>24 Dec 2036, 08:00 CET</ins>" in html
    assert "2036-12-24T07:00:00" not in html  # never the raw ISO value
    assert "<del>Draft</del> → <ins>Approved</ins>" in html


@pytest.mark.parametrize("b", ["99999999999999999999999", str(2**31), "0", "-1"])
def test_a_diff_of_a_revision_number_no_revision_can_have_is_a_404(client, editor, story, b):
    response = client.get(f"/admin/articles/article/{story.pk}/revisions/diff/", {"a": 1, "b": b})
    assert response.status_code == 404


@pytest.mark.parametrize("action", ["restore", "minor"])
@pytest.mark.parametrize("number", [0, 2**31, 10**23])
def test_restore_or_minor_of_a_number_no_revision_can_have_is_a_404(client, editor, story, action, number):
    url = f"/admin/articles/article/{story.pk}/revisions/{number}/{action}/"
    assert client.post(url, {"minor": "1"}).status_code == 404
