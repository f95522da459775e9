"""What every page's template is given: the main navigation lists the sections meant to be shown."""

import pytest

from tests.support.factories import make_section

pytestmark = pytest.mark.django_db


def navigation_names(client):
    return [section.name for section in client.get("/").context["nav_sections"]]


def test_a_new_section_is_shown_in_the_navigation(client):
    make_section("Cardiology")
    assert navigation_names(client) == ["Cardiology"]


def test_a_section_not_meant_for_the_navigation_is_left_out_of_it(client):
    make_section("Cardiology")
    hidden = make_section("Uncategorized", show_in_navigation=False)
    assert navigation_names(client) == ["Cardiology"]
    page = client.get("/").content.decode()
    assert 'href="/section/cardiology/"' in page
    assert hidden.get_absolute_url() not in page


def test_a_hidden_section_keeps_its_own_page(client, small_site):
    small_site.section.show_in_navigation = False
    small_site.section.save()
    assert client.get(small_site.section.get_absolute_url()).status_code == 200
