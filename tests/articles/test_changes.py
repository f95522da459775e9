"""articles.changes: what each kind of change invalidates, and the guard that every field is classified."""

import pytest

from articles import changes
from articles.models import Article, Status
from editorial import diff, services
from tests.support.factories import make_article, make_disclaimer, make_section

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

    def bump(self, scopes, *, insist=False):
        self.calls.append((tuple(scopes), insist))
        return self.store.bump(scopes, insist=insist)


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


def test_a_headline_edit_moves_every_page(section, bumps):
    story = make_article("Live", section=section)
    bumps.clear()
    story.title = "Live, retitled"
    story.save()
    assert bumps == [((changes.SITE,), False)]


@pytest.mark.parametrize("status", [Status.UNPUBLISHED, Status.ARCHIVED])
def test_a_takedown_insists(section, bumps, status):
    story = make_article("Live", section=section)
    bumps.clear()
    story.status = status
    story.save()
    assert bumps == [((changes.SITE,), True)]


def test_deleting_a_public_story_insists_and_deleting_a_draft_moves_nothing(section, bumps):
    story = make_article("Live", section=section)
    draft = make_article("Draft", section=section, status=Status.DRAFT, days_ago=None)
    bumps.clear()
    draft.delete()
    assert bumps == []
    story.delete()
    assert bumps == [((changes.SITE,), True)]


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
