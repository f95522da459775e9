"""articles.changes: what each kind of change invalidates, and the guard that every field is classified."""

import pytest
from django.utils import timezone

from articles import changes, related, takedown_reports, workflow
from articles.models import Article, RelatedStory, Status
from editorial import diff, services
from editorial.models import Correction
from tests.support.factories import make_article, make_disclaimer, make_section, make_tag

pytestmark = pytest.mark.django_db

CONCRETE_FIELDS = [field for field in Article._meta.concrete_fields]


@pytest.mark.parametrize("field", CONCRETE_FIELDS, ids=lambda field: field.name)
def test_every_article_field_is_classified_for_page_caching_exactly_once(field):
    groups = [changes.CARD_FIELDS, changes.PAGE_FIELDS, changes.UNSHOWN_FIELDS]
    assert sum(field.attname in group for group in groups) == 1, (
        f"Article.{field.name}: say in articles/changes.py whether readers see it on cards, on its page, or nowhere"
    )


@pytest.mark.parametrize("field", CONCRETE_FIELDS, ids=lambda field: field.name)
def test_every_article_field_is_kept_in_revisions_or_said_not_to_be(field):
    make_disclaimer(is_default=True)
    snapshot, _ = services.snapshot(make_article("Classified"))
    assert (field.name in snapshot) != (field.name in services.UNREVISIONED_FIELDS), (
        f"Article.{field.name}: keep it in editorial.services.snapshot() or list it in UNREVISIONED_FIELDS"
    )


def test_every_revisioned_field_has_a_label_in_diffs():
    make_disclaimer(is_default=True)
    snapshot, _ = services.snapshot(make_article("Labelled"))
    labelled = {name for name, _ in diff.FIELD_LABELS}
    assert set(snapshot) <= labelled, set(snapshot) - labelled


class Bumps:
    """Records the scopes articles.changes asks the store to replace."""

    def __init__(self, store):
        self.store, self.calls = store, []

    def __getattr__(self, name):
        return getattr(self.store, name)

    def bump(self, scopes, *, insist=False, on_failure=None):
        self.calls.append((tuple(scopes), insist))
        return self.store.bump(scopes, insist=insist, on_failure=on_failure)


@pytest.fixture
def bumps():
    recorder = Bumps(changes._store)
    changes.use_store(recorder)
    yield recorder.calls
    changes.use_store(recorder.store)


@pytest.fixture
def section():
    make_disclaimer(is_default=True)
    return make_section("Cardiology")


def test_a_draft_edit_moves_nothing(section, bumps):
    draft = make_article("Draft", section=section, status=Status.DRAFT, days_ago=None)
    bumps.clear()
    draft.title = "Draft, retitled"
    draft.save()
    assert bumps == []


def test_a_body_edit_of_a_public_story_moves_its_page_and_the_lists(section, bumps):
    story = make_article("Live", section=section)
    bumps.clear()
    story.body = "<p>New words.</p>"
    story.save()
    assert bumps == [((changes.LISTS, changes.article_scope(story.slug)), False)]


def pages_showing(*slugs):
    """The scopes of a card change: the lists, the latest stories, and these article pages."""
    return (changes.LISTS, changes.LATEST, *sorted(changes.article_scope(slug) for slug in slugs))


def test_a_headline_edit_moves_the_lists_and_the_pages_linking_to_the_story(section, bumps):
    older = make_article("Older", section=section, days_ago=3)
    story = make_article("Live", section=section, days_ago=2)
    newer = make_article("Newer", section=section, days_ago=1)
    make_article("Elsewhere", section=make_section("Oncology"), days_ago=2)
    bumps.clear()
    story.title = "Live, retitled"
    story.save()
    # Its own page, and its neighbours' "previous/next in section" links; not the rest of the archive.
    assert bumps == [(pages_showing(older.slug, story.slug, newer.slug), False)]


def test_publishing_moves_the_lists_and_the_previous_newest_story_of_its_section(section, bumps):
    older = make_article("Older", section=section, days_ago=3)
    draft = make_article("Fresh", section=section, status=Status.DRAFT, days_ago=None)
    bumps.clear()
    draft.status = Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    assert bumps == [(pages_showing(older.slug, draft.slug), False)]


def test_a_headline_edit_moves_the_pages_whose_related_list_shows_the_story(section, bumps):
    heart = make_tag("Heart")
    story = make_article("Live", section=section, tags=[heart], days_ago=10)
    elsewhere = make_article("Elsewhere", section=make_section("Oncology"), tags=[heart], days_ago=3)
    related.refresh_related([elsewhere.pk])
    bumps.clear()
    story.title = "Live, retitled"
    story.save()
    assert bumps == [(pages_showing(story.slug, elsewhere.slug), False)]


def test_a_stored_related_list_that_changes_moves_its_page_only_when_it_changes(section, bumps):
    heart = make_tag("Heart")
    first = make_article("First", section=section, tags=[heart], days_ago=10)
    second = make_article("Second", section=make_section("Oncology"), tags=[heart], days_ago=3)
    RelatedStory.objects.all().delete()  # as if stored before the other story existed
    bumps.clear()
    related.refresh_related([first.pk, second.pk])
    assert bumps == [((changes.article_scope(first.slug), changes.article_scope(second.slug)), False)]
    bumps.clear()
    related.refresh_related([first.pk, second.pk])
    assert bumps == []


def test_a_section_move_moves_the_neighbours_in_both_sections(section, bumps):
    other = make_section("Oncology")
    left_behind = make_article("Left behind", section=section, days_ago=3)
    story = make_article("Moving", section=section, days_ago=2)
    joined = make_article("Joined", section=other, days_ago=3)
    bumps.clear()
    story.section = other
    story.save()
    assert bumps == [(pages_showing(left_behind.slug, story.slug, joined.slug), False)]


@pytest.mark.parametrize("status", [Status.UNPUBLISHED, Status.ARCHIVED])
def test_a_takedown_insists(section, bumps, status):
    story = make_article("Live", section=section)
    bumps.clear()
    story.status = status
    story.save()
    assert bumps == [(pages_showing(story.slug), True)]


def test_deleting_a_public_story_insists_and_deleting_a_draft_moves_nothing(section, bumps):
    story = make_article("Live", section=section)
    draft = make_article("Draft", section=section, status=Status.DRAFT, days_ago=None)
    bumps.clear()
    draft.delete()
    assert bumps == []
    story.delete()
    assert bumps == [(pages_showing(story.slug), True)]


def test_a_disclaimer_change_moves_article_pages_only(section, bumps):
    disclaimer = make_disclaimer("Section disclaimer")
    bumps.clear()
    disclaimer.body = "New wording."
    disclaimer.save()
    assert bumps == [((changes.ARTICLES,), False)]


def test_an_edit_through_a_row_loaded_without_the_body_still_counts_the_body(section, bumps):
    story = make_article("Live", section=section)
    card = Article.objects.for_cards().get(pk=story.pk)
    bumps.clear()
    card.body = "<p>Changed through a card row.</p>"
    card.save()
    assert bumps == [((changes.LISTS, changes.article_scope(story.slug)), False)]


def test_bulk_changed_moves_every_page(bumps):
    assert changes.bulk_changed() is True
    assert bumps == [((changes.SITE,), False)]


def test_a_takedown_through_a_refreshed_instance_is_seen(section, bumps):
    """refresh_from_db() moves the remembered row too: the unpublish is a takedown, not a draft edit."""
    story = make_article("Was a draft", section=section, status=Status.DRAFT, days_ago=None)
    Article.objects.filter(pk=story.pk).update(status=Status.PUBLISHED, published_at=story.created_at)
    story.refresh_from_db()
    bumps.clear()
    story.status = Status.UNPUBLISHED
    story.save()
    assert bumps == [(pages_showing(story.slug), True)]


def test_a_row_loaded_without_its_status_is_assumed_public(section, bumps):
    story = make_article("Live", section=section)
    partial = Article.objects.defer("status").get(pk=story.pk)
    bumps.clear()
    partial.status = Status.UNPUBLISHED
    partial.save()
    assert bumps == [(pages_showing(story.slug), True)]


def test_the_workflow_leaves_the_callers_instance_knowing_what_is_stored(section, bumps):
    from tests.support.staff import make_staff

    story = make_article("Live", section=section)
    workflow.perform(article=story, action="unpublish", by=make_staff("editor", "eddie"))
    bumps.clear()
    story.body = "<p>Edited after the takedown.</p>"
    story.save()
    assert bumps == []  # not public before this save nor after it


def test_a_correction_on_a_story_no_reader_sees_moves_nothing(section, bumps):
    draft = make_article("Draft", section=section, status=Status.DRAFT, days_ago=None)
    bumps.clear()
    Correction.objects.create(article=draft, kind="correction", note="Fixed before anyone saw it.")
    assert bumps == []


def test_a_takedown_the_cache_misses_at_commit_is_reported_once(
    section, monkeypatch, django_capture_on_commit_callbacks
):
    from newsroom import pagecache

    story = make_article("Live", section=section)
    store = pagecache.page_cache()
    real_set_many, writes = store.set_many, []

    def fails_after_the_first(data, *args, **kwargs):
        writes.append(data)
        return real_set_many(data, *args, **kwargs) if len(writes) == 1 else list(data)

    monkeypatch.setattr(store, "set_many", fails_after_the_first)
    with takedown_reports.reporting() as report, django_capture_on_commit_callbacks(execute=True):
        story.status = Status.UNPUBLISHED
        story.save()
    assert len(writes) == 2  # now, and again at commit
    assert report.unrecorded == ['"Live"']
