"""Standing pages for the tests of the pages app."""

import pytest

from pages.models import Page, PageKind, PageStatus


def make_page(title, *, kind=PageKind.OTHER, status=PageStatus.PUBLISHED, **fields):
    fields.setdefault("slug", title.lower().replace(" ", "-"))
    fields.setdefault("body", f"<p>{title}: how we work.</p>")
    return Page.objects.create(title=title, kind=kind, status=status, **fields)


@pytest.fixture
def about(db):
    return make_page("About us", kind=PageKind.ABOUT, slug="about", position=1)


@pytest.fixture
def corrections_policy(db):
    return make_page("Corrections policy", kind=PageKind.CORRECTIONS_POLICY, position=2)
