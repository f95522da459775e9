"""/article/<slug>/changes/: what readers saw change after publication; minor edits folded away."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from articles.models import Status
from editorial import roles, services
from editorial.models import Revision
from editorial.public_history import published_versions
from tests.support.admin import change_url, open_form, publish_edit, save_form
from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag
from tests.support.pagecache import cached_get, text
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def editor(client):
    user = make_staff("editor", "ed")
    client.force_login(user)
    return user


@pytest.fixture
def story(editor, client):
    with time_machine.travel(PUBLISHED, tick=False):
        article = make_article(
            "Flu shots this winter",
            section=make_section("Vaccines", default_disclaimer=make_disclaimer()),
            body="<p>The vaccine cut hospital stays by a third.</p>",
            published_at=PUBLISHED,
            authors=[make_author("Vic Vaccine")],
            tags=[make_tag("flu")],
        )
        # The version readers first saw is one revision, byline and tags included (the factory adds them after).
        Revision.objects.filter(article=article).delete()
        services.record_revision(article)
    return article


def edit(client, article, at, **changes):
    with time_machine.travel(at, tick=False):
        response = publish_edit(client, article, open_form(client, article), **changes)
    assert response.status_code == 302, response.content.decode()[:500]


def changes_page(client, article):
    client.logout()
    return client.get(reverse("editorial:article_changes", kwargs={"slug": article.slug}))


def test_a_story_never_edited_says_it_reads_as_first_published(client, story):
    page = changes_page(client, story)
    assert page.status_code == 200
    assert "reads as it was first published" in page.content.decode()


def test_each_change_readers_saw_is_listed_newest_first_as_a_word_diff(client, story):
    edit(
        client,
        story,
        PUBLISHED + datetime.timedelta(days=1),
        body="<p>The vaccine cut hospital stays by a quarter.</p>",
    )
    edit(client, story, PUBLISHED + datetime.timedelta(days=2), title="Flu shots this winter: what to know")
    html = changes_page(client, story).content.decode()
    assert html.index("Headline") < html.index("Text")  # newest first
    assert "<del>third</del><ins>quarter</ins>" in html
    assert "<ins>: what to know</ins>" in html


def test_internal_fields_are_never_shown(client, story):
    edit(client, story, PUBLISHED + datetime.timedelta(days=1), source_note="internal: checked with the desk")
    edit(client, story, PUBLISHED + datetime.timedelta(days=2), last_reviewed="2026-11-20")
    html = changes_page(client, story).content.decode()
    assert "last_reviewed" not in html and "Last reviewed" not in html
    assert [row[0] for version in published_versions(story) for row in version.rows] == ["Source note"]


def test_changes_before_publication_are_not_history(client, editor):
    with time_machine.travel(PUBLISHED, tick=False):
        draft = make_article("Draft story", status=Status.DRAFT, days_ago=None)
        save_form(client, draft, open_form(client, draft), title="Draft story, retitled")
    assert published_versions(draft) == []
    assert changes_page(client, draft).status_code == 404  # not public: no history either


def test_an_editor_marks_a_typo_fix_minor_and_it_is_folded_away(client, story, editor):
    edit(client, story, PUBLISHED + datetime.timedelta(days=1), dek="A shot a year keeps most peopel out of hospital.")
    edit(client, story, PUBLISHED + datetime.timedelta(days=2), dek="A shot a year keeps most people out of hospital.")
    typo_fix = Revision.objects.filter(article=story).latest()
    client.force_login(editor)
    url = reverse("admin:articles_article_revision_minor", args=[story.pk, typo_fix.number])
    assert client.post(url, {"minor": "1"}).status_code == 302
    typo_fix.refresh_from_db()
    assert typo_fix.minor
    html = changes_page(client, story).content.decode()
    folded = html[html.index("<details") :]
    assert "1 minor edit" in folded
    assert "<del>peopel</del><ins>people</ins>" in folded
    assert "<del>peopel</del>" not in html[: html.index("<details")]


def test_only_editors_mark_edits_minor_and_only_by_post(client, story):
    revision = Revision.objects.filter(article=story).latest()
    url = reverse("admin:articles_article_revision_minor", args=[story.pk, revision.number])
    assert client.get(url).status_code == 405
    assert client.post(url, {"minor": "maybe"}).status_code == 400
    writer = make_staff("writer", "wr")
    assert not roles.can_mark_minor(writer)
    client.force_login(writer)
    assert client.post(url, {"minor": "1"}).status_code == 404  # another's live story is not even theirs to open
    revision.refresh_from_db()
    assert not revision.minor


def test_the_story_links_its_history_once_it_was_updated(client, story):
    assert "See what changed" not in client.get(story.get_absolute_url()).content.decode()
    edit(client, story, PUBLISHED + datetime.timedelta(days=1), dek="Updated standfirst.")
    client.logout()
    html = client.get(story.get_absolute_url()).content.decode()
    assert reverse("editorial:article_changes", kwargs={"slug": story.slug}) in html


def test_a_story_taken_down_has_no_public_history(client, story):
    story.status = Status.UNPUBLISHED
    story.save()
    assert changes_page(client, story).status_code == 404


def test_hostile_text_in_a_change_is_escaped(client, story):
    edit(client, story, PUBLISHED + datetime.timedelta(days=1), title="<img src=x onerror=alert(1)> Flu")
    html = changes_page(client, story).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_revisions_page_offers_editors_the_minor_switch(client, story, editor):
    client.force_login(editor)
    html = client.get(change_url(story).replace("/change/", "/revisions/")).content.decode()
    assert "Mark as minor" in html


def test_only_the_changed_paragraph_of_a_long_text_is_shown(client, story):
    long_body = "".join(f"<p>Paragraph {n} says something true about flu.</p>" for n in range(1, 6))
    edit(client, story, PUBLISHED + datetime.timedelta(hours=2), body=long_body)
    edit(
        client,
        story,
        PUBLISHED + datetime.timedelta(days=1),
        body=long_body.replace("Paragraph 3 says", "Paragraph 3 now says"),
    )
    (latest, _) = published_versions(story)
    assert latest.rows == [("Text", ["Paragraph 3<ins> now</ins> says something true about flu."])]


def test_the_first_edit_after_a_publish_is_listed(client, editor):
    """A publish writes no revision: what readers first saw is the revision before it."""
    from articles import workflow
    from tests.support.factories import ready_article

    with time_machine.travel(PUBLISHED, tick=False):
        body = "<p>Pharmacies give shots.</p>"
        article = ready_article("Flu shots at the pharmacy", status=Status.APPROVED, body=body)
        save_form(client, article, open_form(client, article))
        workflow.perform(article=article, action="publish", by=editor)
    edit(client, article, PUBLISHED + datetime.timedelta(days=1), body="<p>Pharmacies give flu shots.</p>")
    (version,) = published_versions(article)
    assert version.rows == [("Text", ["Pharmacies give <ins>flu </ins>shots."])]


def test_a_cached_changes_page_shows_the_new_folding_after_marking_minor(client, story, editor):
    edit(client, story, PUBLISHED + datetime.timedelta(days=1), dek="A shot a year keeps most peopel out of hospital.")
    edit(client, story, PUBLISHED + datetime.timedelta(days=2), dek="A shot a year keeps most people out of hospital.")
    typo_fix = Revision.objects.filter(article=story).latest()
    client.logout()
    url = reverse("editorial:article_changes", kwargs={"slug": story.slug})
    assert "minor edit" not in text(cached_get(client, url))

    client.force_login(editor)
    assert (
        client.post(
            reverse("admin:articles_article_revision_minor", args=[story.pk, typo_fix.number]), {"minor": "1"}
        ).status_code
        == 302
    )

    html = changes_page(client, story).content.decode()
    assert "1 minor edit" in html


def test_an_editor_withholds_a_legal_removal_and_nothing_before_it_shows(client, story, editor):
    later = PUBLISHED + datetime.timedelta(days=1)
    edit(client, story, later, body="<p>The vaccine cut stays by a third, said nurse Jane Roe.</p>")
    edit(client, story, later + datetime.timedelta(hours=1), body="<p>The vaccine cut stays by a third.</p>")
    removal = Revision.objects.filter(article=story).latest()
    client.force_login(editor)
    url = reverse("admin:articles_article_revision_minor", args=[story.pk, removal.number])
    assert client.post(url, {"withheld": "1"}).status_code == 302
    assert client.post(url, {"withheld": "1", "minor": "1"}).status_code == 400  # one thing at a time
    html = changes_page(client, story).content.decode()
    assert "Jane Roe" not in html  # neither where it was removed nor where it was added
    assert "removed for legal, privacy or safety reasons" in html
    client.force_login(editor)
    edit(client, story, later + datetime.timedelta(days=1), title="Flu shots: the winter guide")
    html = changes_page(client, story).content.decode()
    assert "winter<ins> guide</ins>" in html  # a change after the withheld one is listed as usual
    assert "Jane Roe" not in html


def test_a_story_taken_down_changed_and_brought_back_shows_no_diff_of_what_changed_meanwhile(client, story):
    story.refresh_from_db()
    story.body = "<p>The vaccine cut stays by a third; the patient Jane Roe was quoted.</p>"
    with time_machine.travel(PUBLISHED + datetime.timedelta(days=1), tick=False):
        story.save()
        story.status = Status.UNPUBLISHED
        story.save()
        story.body = "<p>The vaccine cut stays by a third.</p>"
        story.save()  # changed while readers could not see it
        story.status = Status.PUBLISHED
        story.save()
    with time_machine.travel(PUBLISHED + datetime.timedelta(days=2), tick=False):
        story.dek = "A shot a year keeps most people out of hospital."
        story.save()
    html = changes_page(client, story).content.decode()
    assert "Jane Roe" not in html
    assert "taken down and changed before it came back" in html
