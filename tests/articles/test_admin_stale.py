"""Sections, authors, disclaimers and standing pages: a save from a form opened before someone else's
save is refused (409) with everything typed kept, as for articles; the second save is deliberate."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Author, Disclaimer, Section
from pages.models import Page, PageKind
from tests.pages.conftest import make_page
from tests.support.admin import form_data
from tests.support.factories import make_author, make_disclaimer, make_section
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

# (model, maker, the field two editors change)
EDITED = {
    "section": (Section, lambda: make_section("Heart"), "description"),
    "author": (Author, lambda: make_author("Ana Ruiz"), "bio"),
    "disclaimer": (Disclaimer, lambda: make_disclaimer("Not medical advice"), "body"),
    "page": (Page, lambda: make_page("Corrections policy", kind=PageKind.CORRECTIONS_POLICY), "summary"),
}


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def open_form(client, obj):
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return form_data(response, form_id=f"{obj._meta.model_name}_form")


@pytest.fixture
def ann(client):
    client.force_login(make_staff("editor", "ann", is_superuser=True))
    return client


@pytest.fixture
def bea():
    other = Client()
    other.force_login(make_staff("editor", "bea", is_superuser=True))
    return other


@pytest.mark.parametrize("kind", EDITED)
def test_a_save_from_a_form_opened_before_another_save_is_refused_and_keeps_what_was_typed(ann, bea, kind):
    model, make, field = EDITED[kind]
    obj = make()
    anns_form, beas_form = open_form(ann, obj), open_form(bea, obj)
    assert bea.post(change_url(obj), {**beas_form, field: "Bea's words"}).status_code == 302

    response = ann.post(change_url(obj), {**anns_form, field: "Ann's words"})

    assert response.status_code == 409
    assert "since you opened it" in response.content.decode()
    returned = form_data(response, form_id=f"{obj._meta.model_name}_form")
    assert returned[field] == "Ann's words"
    assert getattr(model.objects.get(pk=obj.pk), field) == "Bea's words"
    # Having seen it, Ann's next save is deliberate and goes through.
    assert ann.post(change_url(obj), returned).status_code == 302
    assert getattr(model.objects.get(pk=obj.pk), field) == "Ann's words"


@pytest.mark.parametrize("kind", EDITED)
def test_a_form_opened_after_the_last_save_saves_at_once(ann, kind):
    model, make, field = EDITED[kind]
    obj = make()
    assert ann.post(change_url(obj), {**open_form(ann, obj), field: "Fresh words"}).status_code == 302
    assert getattr(model.objects.get(pk=obj.pk), field) == "Fresh words"


def test_a_missing_or_tampered_version_is_treated_as_stale_not_as_an_error(ann):
    section = make_section("Heart")
    data = open_form(ann, section)
    for version in ["", "not-a-time", "2026-02-30T10:00:00"]:
        response = ann.post(change_url(section), {**data, "opened_version": version, "description": "Typed"})
        assert response.status_code == 409
