"""Restoring a revision of a live story never changes the live page: it asks, then proposes pending changes."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import pending
from articles.models import Article, PendingVersion, Status
from editorial import services
from tests.support.factories import ready_article
from tests.support.pagecache import text
from tests.support.races import before_first_call, postgresql_only
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_staff("editor", "ed")
    client.force_login(user)
    return user


def restore_url(article, number):
    return reverse("admin:articles_article_revision_restore", args=[article.pk, number])


def two_revisions(status, **fields):
    article = ready_article("First headline", status=status, **fields)
    first = services.record_revision(article, note="first")
    Article.objects.filter(pk=article.pk).update(title="Second headline")
    article.refresh_from_db()
    services.record_revision(article, note="second")
    return article, first


def test_restoring_on_a_live_story_asks_then_makes_pending_changes(client, editor):
    article, first = two_revisions(Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1))
    response = client.post(restore_url(article, first.number))
    assert response.status_code == 200
    assert "Readers keep seeing the live version until an editor publishes them" in text(response)
    assert not PendingVersion.objects.exists()

    response = client.post(restore_url(article, first.number), {"confirm": "yes"})
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Second headline"  # the live page is unchanged
    row = PendingVersion.objects.get(article=article)
    assert (row.content["title"], row.note) == ("First headline", f"Restored revision {first.number}")
    client.logout()
    assert "Second headline" in text(client.get(article.get_absolute_url()))

    pending.perform(article=article, step="small_fix", by=editor, comment="Back to the first headline.")
    assert Article.objects.get(pk=article.pk).title == "First headline"


def test_a_second_restore_says_it_replaces_the_pending_changes(client, editor):
    article, first = two_revisions(Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1))
    client.post(restore_url(article, first.number), {"confirm": "yes"})
    assert "the restored revision replaces them" in text(client.post(restore_url(article, first.number)))


def test_restoring_a_draft_still_happens_at_once(client, editor):
    article, first = two_revisions(Status.DRAFT)
    response = client.post(restore_url(article, first.number))
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).title == "First headline"
    assert not PendingVersion.objects.exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_pending_changes_saved_while_a_restore_reads_them_are_not_written_over(editor, monkeypatch):
    article, first = two_revisions(Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1))
    pending.save(article=article, content=pending.live_content(article), by=editor)

    def another_editors_save():  # as a change form saves pending changes: under the story's lock
        with transaction.atomic():
            Article.objects.select_for_update().get(pk=article.pk)
            row = PendingVersion.objects.get(article=article)
            row.content["slug"] = "a-better-address"
            row.save()

    meanwhile = before_first_call(monkeypatch, services, "restored_content", another_editors_save)
    services.restore_as_pending(revision=first, by=editor)
    meanwhile.finish()

    content = PendingVersion.objects.get(article=article).content
    assert (content["title"], content["slug"]) == ("First headline", "a-better-address")
