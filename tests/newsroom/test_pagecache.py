"""The anonymous page cache: what a reader gets after each kind of change, and the headers.

Every test first shows the page is really served from the cache (X-Page-Cache: hit),
then makes a change the way the site makes it (a model save or delete), then asserts
what the next anonymous request returns.
"""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Status
from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=60, s-maxage=300, stale-while-revalidate=60"


def cached_get(client, url):
    """GET twice; the second answer must come from the page cache. Returns it."""
    first = client.get(url)
    assert first.status_code == 200
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit", f"{url} was not served from the page cache"
    assert without_nonces(text(second)) == without_nonces(text(first))
    return second


def text(response):
    return response.content.decode()


def without_nonces(html):
    """Each response gets its own CSP nonce, cached or not."""
    return re.sub(r'nonce="[^"]*"', 'nonce=""', html)


def assert_private(response):
    """Never kept by a shared cache or on disk: `private` and `no-store` (a view may add more)."""
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, response["Cache-Control"]


@pytest.fixture
def story():
    section = make_section("Cardiology")
    author = make_author("Ada Lovelace")
    tag = make_tag("Blood pressure")
    return make_article("Salt and the heart", section=section, authors=[author], tags=[tag])


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
    correction_model = pytest.importorskip("editorial.models").Correction
    cached_get(client, story.get_absolute_url())

    correction_model.objects.create(article=story, kind="correction", note="The dose was 5 g, not 50 g.")

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
    services = pytest.importorskip("editorial.services")
    survivor = make_tag("Hypertension")
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
    assert "Salt and the heart" not in text(cached_get(client, tag.get_absolute_url()))

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


# --- Who gets cached pages, and which headers --------------------------------------------


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user("editor", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_signed_in_staff_bypass_the_cache(client, staff_client, story):
    from django.test import Client

    anonymous = Client()
    cached_get(anonymous, "/")
    # A change made without signals (a raw update) is not seen by the cache...
    Article.objects.filter(pk=story.pk).update(title="Quietly retitled")
    assert "Quietly retitled" not in text(anonymous.get("/"))

    # ...but staff always get a fresh page, never stored and never storable.
    response = staff_client.get("/")
    assert "Quietly retitled" in text(response)
    assert response["X-Page-Cache"] == "bypass"
    assert_private(response)


def test_invalidate_pages_catches_up_with_changes_made_without_signals(client, story):
    cached_get(client, "/")
    Article.objects.filter(pk=story.pk).update(title="Bulk retitled")

    call_command("invalidate_pages", stdout=io.StringIO())

    assert "Bulk retitled" in text(client.get("/"))


def test_public_pages_carry_cdn_friendly_cache_control(client, story):
    for url in ["/", story.get_absolute_url(), story.section.get_absolute_url()]:
        assert client.get(url)["Cache-Control"] == PUBLIC, url
        assert client.get(url)["Cache-Control"] == PUBLIC, f"{url} (cached)"


def test_admin_pages_are_private(client, staff_client):
    from django.test import Client

    assert_private(Client().get("/admin/login/"))
    assert_private(staff_client.get("/admin/"))


def test_preview_is_private_and_never_cached(staff_client, story):
    draft = make_article("Draft", section=story.section, status=Status.DRAFT, days_ago=None)
    assert_private(staff_client.get(f"/preview/{draft.pk}/"))


def test_health_probes_are_not_stored(client):
    assert "no-store" in client.get("/healthz")["Cache-Control"]
    assert "no-store" in client.get("/readyz")["Cache-Control"]


def test_not_found_pages_are_not_cached(client):
    first = client.get("/article/no-such-story/")
    assert first.status_code == 404
    assert "public" not in first.get("Cache-Control", "")
    assert client.get("/article/no-such-story/").get("X-Page-Cache") != "hit"


def test_unknown_query_parameters_skip_the_cache_and_tracking_ones_are_ignored(client, story):
    cached_get(client, "/")
    assert client.get("/?utm_source=newsletter")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get("/?sort=oldest")
    assert "X-Page-Cache" not in client.get("/?sort=oldest")


def test_a_hostile_host_header_is_refused_even_for_a_cached_page(client, story):
    cached_get(client, "/")
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_security_headers_survive_the_cache(client, story):
    fresh = client.get(story.get_absolute_url())
    cached = client.get(story.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit"
    for header in ["X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"]:
        assert cached[header] == fresh[header], header
    policy = re.sub(r"'nonce-[^']*'", "'nonce-'", fresh["Content-Security-Policy"])
    assert re.sub(r"'nonce-[^']*'", "'nonce-'", cached["Content-Security-Policy"]) == policy


def test_the_admin_answers_under_the_content_security_policy(staff_client):
    response = staff_client.get("/admin/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


# --- CSP nonces in cached pages -----------------------------------------------------------


def nonce_page(request):
    template = Template('<script nonce="{{ csp_nonce }}">var x = 1;</script>')
    return HttpResponse(template.render(RequestContext(request)))


urlpatterns = [path("nonce/", nonce_page)]


@pytest.mark.urls(__name__)
def test_a_cached_page_gets_a_fresh_csp_nonce_each_time(client):
    first = client.get("/nonce/")
    second = client.get("/nonce/")
    assert second["X-Page-Cache"] == "hit"

    def nonce_of(response):
        body = text(response)
        nonce = body.split('nonce="')[1].split('"')[0]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        return nonce

    assert nonce_of(first) != nonce_of(second)
