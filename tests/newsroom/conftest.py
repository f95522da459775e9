"""Fixtures shared by the page-cache tests."""

import pytest

from tests.support.factories import make_article, make_author, make_section, make_tag


@pytest.fixture
def story():
    section = make_section("Cardiology")
    author = make_author("Ada Lovelace")
    tag = make_tag("Blood pressure")
    return make_article("Salt and the heart", section=section, authors=[author], tags=[tag])
