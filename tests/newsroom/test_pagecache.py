"""The anonymous page cache: what a reader gets after each kind of change.

Every test first shows the page is really served from the cache (X-Page-Cache: hit),
then makes a change the way the site makes it (a model save or delete), then asserts
what the next anonymous request returns.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import ArticleAuthor, Status
from editorial import services
from editorial.models import Correction
from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag
from tests.support.pagecache import PUBLIC, cached_get, text

pytestmark = pytest.mark.django_db


# --- Publishing ------------------------------------------------------------------------


def test_publishing_shows_the_story_at_once(client, story):
    draft = make_article("Statins revisited", section=story.section, status=Status.DRAFT, days_ago=None)
    assert "Statins revisited" not in text(cached_get(client, "/"))
    cached_get(client, story.get_absolute_url())

    draft.status = Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()

    assert "Statins revisited" in text(client.get("/"))
    # The new story is in the "latest" list of every other article page too.
    assert "Statins revisited" in text(client.get(story.get_absolute_url()))
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_unpublishing_withdraws_the_story_everywhere(client, story):
    other = make_article("Walking daily", section=story.section)
    assert "Salt and the heart" in text(cached_get(client, "/"))
    cached_get(client, story.get_absolute_url())
    cached_get(client, other.get_absolute_url())

    story.status = Status.UNPUBLISHED
    story.save()

    assert "Salt and the heart" not in text(client.get("/"))
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Salt and the heart" not in text(client.get(other.get_absolute_url()))


def latest_list(response):
    """The "latest stories" aside of an article page."""
    html = text(response)
    start = html.index('id="latest-stories"')
    return html[start : html.index("</section>", start)]


def test_publishing_reassembles_other_article_pages_without_rendering_them(client, story):
    elsewhere = make_article("Walking daily", section=make_section("Fitness"), days_ago=5)
    cached_get(client, elsewhere.get_absolute_url())
    old_etag = client.get(elsewhere.get_absolute_url())["ETag"]

    make_article("Statins revisited", section=story.section, days_ago=0)

    response = client.get(elsewhere.get_absolute_url())
    # Served from its stored entry, with the new latest-stories list put in...
    assert response["X-Page-Cache"] == "hit"
    assert "Statins revisited" in latest_list(response)
    # ...and validators that tell a reader holding the old copy to take the new one.
    assert response["ETag"] != old_etag
    assert client.get(elsewhere.get_absolute_url(), headers={"if-none-match": old_etag}).status_code == 200
    assert client.get(elsewhere.get_absolute_url(), headers={"if-none-match": response["ETag"]}).status_code == 304


def test_the_previous_story_of_the_section_renders_again_when_a_story_is_published(client, story):
    cached_get(client, story.get_absolute_url())
    newer = make_article("Statins revisited", section=story.section, days_ago=0)
    response = client.get(story.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert newer.get_absolute_url() in text(response)  # its "next in section" link


def test_an_article_page_never_lists_itself_among_the_latest_stories(client, story):
    others = [make_article(f"Other story {number}", section=story.section, days_ago=2) for number in range(3)]
    for response in (client.get(story.get_absolute_url()), client.get(story.get_absolute_url())):
        listed = latest_list(response)
        assert story.get_absolute_url() not in listed
        assert all(other.get_absolute_url() in listed for other in others)
        assert "<!--latest-stories" not in text(response)


def test_a_takedown_leaves_the_latest_list_of_pages_served_from_their_stored_entry(client, story):
    elsewhere = make_article("Walking daily", section=make_section("Fitness"), days_ago=5)
    assert "Salt and the heart" in latest_list(cached_get(client, elsewhere.get_absolute_url()))
    story.status = Status.UNPUBLISHED
    story.save()
    response = client.get(elsewhere.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert "Salt and the heart" not in text(response)


def test_deleting_a_public_story_withdraws_it(client, story):
    assert "Salt and the heart" in text(cached_get(client, "/"))
    story.delete()
    assert "Salt and the heart" not in text(client.get("/"))


def test_editing_a_headline_updates_lists_and_the_page(client, story):
    cached_get(client, "/")
    cached_get(client, story.get_absolute_url())

    story.title = "Salt, the heart and the kidneys"
    story.save()

    assert "Salt, the heart and the kidneys" in text(client.get("/"))
    assert "Salt, the heart and the kidneys" in text(client.get(story.get_absolute_url()))


def test_editing_the_body_re_renders_that_page_only(client, story):
    other = make_article("Walking daily", section=story.section)
    cached_get(client, story.get_absolute_url())
    cached_get(client, other.get_absolute_url())
    cached_get(client, "/")

    story.body = "<p>A corrected dose of 5 grams.</p>"
    story.save()

    assert "A corrected dose of 5 grams." in text(client.get(story.get_absolute_url()))
    # Other article pages do not show the body: they stay cached.
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_editing_a_draft_invalidates_no_public_page(client, story):
    draft = make_article("Not yet", section=story.section, status=Status.DRAFT, days_ago=None)
    cached_get(client, "/")

    draft.title = "Still not yet"
    draft.save()

    assert client.get("/")["X-Page-Cache"] == "hit"


def test_a_correction_shows_on_the_article_at_once(client, story):
    cached_get(client, story.get_absolute_url())

    Correction.objects.create(article=story, kind="correction", note="The dose was 5 g, not 50 g.")

    assert "The dose was 5 g, not 50 g." in text(client.get(story.get_absolute_url()))


# --- Scheduling ------------------------------------------------------------------------


def test_a_scheduled_story_appears_at_its_time_without_any_save(client, story, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    make_article("Embargoed trial results", section=story.section, published_at=timezone.now() + timedelta(hours=1))
    assert "Embargoed trial results" not in text(cached_get(client, "/"))

    time_machine.shift(timedelta(hours=1, seconds=1))

    assert "Embargoed trial results" in text(client.get("/"))


def test_a_story_scheduled_after_the_page_was_cached_still_appears_at_its_time(client, story, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    assert "Embargoed trial results" not in text(cached_get(client, "/"))
    # Sooner than the page would have expired by itself (PAGE_CACHE_SECONDS).
    make_article("Embargoed trial results", section=story.section, published_at=timezone.now() + timedelta(seconds=60))
    cached_get(client, "/")

    time_machine.shift(timedelta(seconds=61))

    assert "Embargoed trial results" in text(client.get("/"))


def test_public_caching_never_outlasts_the_next_scheduled_publication(client, story, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    make_article("In half a minute", section=story.section, published_at=timezone.now() + timedelta(seconds=30))

    response = client.get("/")

    assert response["Cache-Control"] == "public, max-age=30, s-maxage=30"


def test_rescheduling_an_article_is_noticed_at_once(client, story, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    later = make_article("Later", section=story.section, published_at=timezone.now() + timedelta(days=2))
    assert client.get("/")["Cache-Control"] == PUBLIC

    later.published_at = timezone.now() + timedelta(seconds=20)
    later.save()

    assert client.get("/")["Cache-Control"] == "public, max-age=20, s-maxage=20"


# --- Tags, sections, disclaimers, authors -------------------------------------------------


def test_renaming_a_tag_updates_the_article_and_the_tag_page(client, story):
    tag = story.tags.get()
    cached_get(client, story.get_absolute_url())
    cached_get(client, tag.get_absolute_url())

    tag.name = "Hypertension"
    tag.save()

    assert "Hypertension" in text(client.get(story.get_absolute_url()))
    assert "Hypertension" in text(client.get(tag.get_absolute_url()))


def test_merging_tags_moves_the_article_to_the_surviving_tag(client, story):
    survivor = make_tag("Hypertension")
    make_article("Walking daily", section=story.section).tags.add(survivor)  # a tag page is public with a story
    merged = story.tags.get()
    cached_get(client, survivor.get_absolute_url())
    assert "Blood pressure" in text(cached_get(client, story.get_absolute_url()))

    services.merge_tags(survivor=survivor, merged=[merged])

    assert "Salt and the heart" in text(client.get(survivor.get_absolute_url()))
    page = text(client.get(story.get_absolute_url()))
    assert "Hypertension" in page
    assert "Blood pressure" not in page


def test_tagging_a_public_story_shows_it_on_the_tag_page(client, story):
    tag = make_tag("Nutrition")
    make_article("Walking daily", section=story.section).tags.add(tag)
    assert "Salt and the heart" not in text(cached_get(client, tag.get_absolute_url()))

    story.tags.add(tag)

    assert "Salt and the heart" in text(client.get(tag.get_absolute_url()))


def test_a_tag_page_missing_until_a_public_story_carries_the_tag_is_not_kept_missing(client, story):
    tag = make_tag("Nutrition")
    assert client.get(tag.get_absolute_url()).status_code == 404
    repeat = client.get(tag.get_absolute_url())
    assert repeat.status_code == 404
    assert repeat.get("X-Page-Cache") != "hit"  # only 200s are stored

    story.tags.add(tag)

    assert "Salt and the heart" in text(client.get(tag.get_absolute_url()))


def test_renaming_a_section_updates_the_navigation_everywhere(client, story):
    cached_get(client, "/")
    cached_get(client, story.get_absolute_url())

    section = story.section
    section.name = "Heart health"
    section.save()

    assert "Heart health" in text(client.get("/"))
    assert "Heart health" in text(client.get(story.get_absolute_url()))


def test_a_new_section_appears_in_the_navigation(client, story):
    cached_get(client, "/")
    make_section("Oncology")
    assert "Oncology" in text(client.get("/"))


def test_changing_the_disclaimer_updates_article_pages_and_spares_lists(client, story):
    disclaimer = make_disclaimer(is_default=True, body="Not medical advice.")
    assert "Not medical advice." in text(cached_get(client, story.get_absolute_url()))
    cached_get(client, "/")

    disclaimer.body = "Talk to your doctor before changing your diet."
    disclaimer.save()

    assert "Talk to your doctor before changing your diet." in text(client.get(story.get_absolute_url()))
    # Lists show no disclaimer: still served from the cache.
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_turning_a_disclaimer_off_removes_it(client, story):
    disclaimer = make_disclaimer(is_default=True, body="Not medical advice.")
    assert "Not medical advice." in text(cached_get(client, story.get_absolute_url()))

    disclaimer.active = False
    disclaimer.save()

    assert "Not medical advice." not in text(client.get(story.get_absolute_url()))


def test_renaming_an_author_updates_bylines(client, story):
    author = story.bylines.get().author
    cached_get(client, story.get_absolute_url())
    cached_get(client, author.get_absolute_url())

    author.name = "Ada King"
    author.save()

    assert "Ada King" in text(client.get(story.get_absolute_url()))
    assert "Ada King" in text(client.get(author.get_absolute_url()))


def test_adding_an_author_to_the_byline_shows_at_once(client, story):
    cached_get(client, story.get_absolute_url())
    ArticleAuthor.objects.create(article=story, author=make_author("Grace Hopper"), position=1)
    assert "Grace Hopper" in text(client.get(story.get_absolute_url()))


# --- When the cache misses a change --------------------------------------------------------


def test_a_takedown_the_cache_missed_is_recorded_on_the_next_request(client, story, monkeypatch):
    """A cache back from an outage must not keep confirming the old home page with 304."""
    from articles import takedown_reports, workflow
    from newsroom import pagecache
    from tests.support.staff import make_staff

    first = client.get("/")
    store = pagecache.page_cache()
    monkeypatch.setattr(store, "set_many", lambda data, *args, **kwargs: list(data))  # every write fails
    with takedown_reports.reporting() as report:
        workflow.perform(article=story, action="unpublish", by=make_staff("editor", "eddie"))
    assert report.unrecorded == ['"Salt and the heart"']
    monkeypatch.undo()  # the cache is back

    again = client.get("/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Salt and the heart" not in text(again)


def test_a_story_that_went_live_is_noticed_even_if_the_schedule_record_was_evicted(client, story, time_machine):
    from articles import changes
    from newsroom import pagecache

    time_machine.move_to(timezone.now(), tick=False)
    make_article("Embargoed trial results", section=story.section, published_at=timezone.now() + timedelta(hours=1))
    first = client.get("/")
    pagecache.page_cache().delete(changes.NEXT_PUBLICATION_KEY)  # evicted under memory pressure
    time_machine.shift(timedelta(hours=2))
    again = client.get("/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Embargoed trial results" in text(again)
