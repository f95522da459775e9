"""A restore follows one set of rules whether it happens at once (a draft) or as pending changes (a live story).

What the revision names that no longer exists is not guessed: a deleted author leaves the byline
and the others keep their order; a deleted section, disclaimer or reviewer stays as it is now.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import pending, review
from articles.models import Article, ArticleAuthor, Status
from editorial import services
from tests.support.factories import make_author, make_disclaimer, make_section, ready_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

AT_ONCE, AS_PENDING = "at once", "as pending changes"


@pytest.fixture(params=[AT_ONCE, AS_PENDING])
def way(request):
    return request.param


@pytest.fixture
def editor():
    return make_staff("editor", "ed")


def story_for(way, **fields):
    """A draft is restored at once; a live story's restore waits as pending changes."""
    if way == AT_ONCE:
        return ready_article("Restored story", status=Status.DRAFT, **fields)
    published_at = timezone.now() - timedelta(hours=1)
    return ready_article("Restored story", status=Status.PUBLISHED, published_at=published_at, **fields)


def restore(way, revision, editor):
    """Restore `revision` the way the admin does for such a story, and publish the result if it waits."""
    if way == AT_ONCE:
        services.restore_revision(revision=revision, by=editor)
    else:
        services.restore_as_pending(revision=revision, by=editor)
        pending.perform(article=revision.article, step="small_fix", by=editor, comment="Restored.")
    return Article.objects.get(pk=revision.article_id)


def byline(article):
    return list(ArticleAuthor.objects.filter(article=article).values_list("author_id", "position"))


def test_a_deleted_author_leaves_the_byline_and_the_others_keep_their_order(way, editor):
    cy, ana, ben = make_author("Cy Third"), make_author("Ana First"), make_author("Ben Second")
    article = story_for(way, authors=[cy, ana, ben])
    kept = services.record_revision(article, note="three authors")
    # Later the byline is Ana's alone, and Ben's profile is deleted.
    ArticleAuthor.objects.filter(article=article).exclude(author=ana).delete()
    ben.delete()

    restored = restore(way, kept, editor)

    assert byline(restored) == [(cy.pk, 0), (ana.pk, 1)]


def test_a_deleted_section_disclaimer_or_reviewer_stays_as_it_is_now(way, editor):
    then_section = make_section("Then", default_disclaimer=make_disclaimer("Then's"))
    then_disclaimer, then_reviewer = make_disclaimer("Then"), make_author("Dr Then", is_clinician=True)
    article = story_for(
        way, section=then_section, disclaimer=then_disclaimer, reviewed_by=then_reviewer, dek="The old standfirst."
    )
    kept = services.record_revision(article, note="then")
    now_section = make_section("Now", default_disclaimer=make_disclaimer("Now's"))
    now_disclaimer, now_reviewer = make_disclaimer("Now"), make_author("Dr Now", is_clinician=True)
    Article.objects.filter(pk=article.pk).update(
        section=now_section, disclaimer=now_disclaimer, reviewed_by=now_reviewer, dek="A new standfirst."
    )
    for gone in (then_section, then_disclaimer, then_reviewer):
        gone.delete()

    restored = restore(way, kept, editor)

    assert restored.dek == "The old standfirst."
    assert (restored.section_id, restored.disclaimer_id, restored.reviewed_by_id) == (
        now_section.pk,
        now_disclaimer.pk,
        now_reviewer.pk,
    )


def test_what_still_exists_comes_back_and_the_slug_stays(way, editor):
    then_section = make_section("Then", default_disclaimer=make_disclaimer("Then's"))
    article = story_for(way, section=then_section, disclaimer=None, reviewed_by=None)
    kept = services.record_revision(article, note="then")
    now_section = make_section("Now", default_disclaimer=make_disclaimer("Now's"))
    Article.objects.filter(pk=article.pk).update(
        section=now_section, disclaimer=make_disclaimer("Now"), reviewed_by=make_author("Dr Now"), slug="moved"
    )

    restored = restore(way, kept, editor)

    assert (restored.section_id, restored.disclaimer_id, restored.reviewed_by_id) == (then_section.pk, None, None)
    assert restored.slug == "moved"


def test_the_review_date_comes_back_and_the_next_review_falls_due_from_it(way, editor):
    section = make_section("Evergreen", default_disclaimer=make_disclaimer("Evergreen's"), review_interval_months=12)
    reviewed = timezone.localdate() - timedelta(days=30)
    article = story_for(way, section=section, last_reviewed=reviewed)
    kept = services.record_revision(article, note="reviewed a month ago")
    Article.objects.filter(pk=article.pk).update(last_reviewed=None)

    restored = restore(way, kept, editor)

    assert restored.last_reviewed == reviewed
    assert restored.review_due_on == reviewed + review.interval(12)


def test_a_restore_is_recorded_as_one_revision(way, editor):
    """At once, the revision says what it restored; as pending changes, the publication records it."""
    article = story_for(way, authors=[make_author("Ana First")])
    kept = services.record_revision(article, note="first")
    before = article.revisions.count()

    restore(way, kept, editor)

    assert article.revisions.count() == before + 1
    newest = article.revisions.order_by("-number").first().note
    assert newest == (f"Restored revision {kept.number}" if way == AT_ONCE else "Small fix: Restored.")
