"""A page edit reaches readers at once: on its own address and in the footer of cached pages."""

import pytest

from pages.models import PageStatus
from tests.support.pagecache import cached_get, text

pytestmark = pytest.mark.django_db


def test_editing_a_page_shows_at_once_on_its_address_and_in_every_footer(client, small_site, corrections_policy):
    cached_get(client, corrections_policy.get_absolute_url())
    cached_get(client, "/")
    cached_get(client, small_site.story.get_absolute_url())

    corrections_policy.title = "How we correct"
    corrections_policy.save()

    assert "How we correct" in text(client.get(corrections_policy.get_absolute_url()))
    assert "How we correct" in text(client.get("/"))
    assert "How we correct" in text(client.get(small_site.story.get_absolute_url()))


def test_taking_a_page_down_removes_it_from_cached_pages(client, small_site, corrections_policy):
    cached_get(client, corrections_policy.get_absolute_url())
    cached_get(client, "/")

    corrections_policy.status = PageStatus.DRAFT
    corrections_policy.save()

    assert client.get(corrections_policy.get_absolute_url()).status_code == 404
    assert "Corrections policy" not in text(client.get("/"))


def test_deleting_a_page_removes_it_from_cached_pages(client, small_site, corrections_policy):
    cached_get(client, "/")
    corrections_policy.delete()
    assert "Corrections policy" not in text(client.get("/"))
