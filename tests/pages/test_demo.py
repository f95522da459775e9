"""The demo's standing pages: one data file per kind, seeded published, once, never over an editor's page."""

import io

import pytest
from django.core.management import call_command

from newsroom.demo.content import load
from pages.models import Page, PageKind, PageStatus

STANDING_KINDS = {kind for kind in PageKind.values if kind != PageKind.OTHER}


def test_the_data_files_cover_every_standing_kind_once():
    kinds = [spec["kind"] for spec in load().pages]
    assert sorted(kinds) == sorted(STANDING_KINDS)
    for spec in load().pages:
        assert spec["title"] and spec["summary"] and len(spec["body"]) >= 3, spec["slug"]


@pytest.fixture
def local(settings, tmp_path):
    settings.DEMO_LOGINS_FILE = tmp_path / "var" / "demo_logins.txt"
    settings.DEBUG = False
    settings.LOCAL_MODE = True


def seed():
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_demo_publishes_the_pages_once_and_leaves_an_editors_page_alone(client, local):
    Page.objects.create(title="About the team", slug="team", kind=PageKind.ABOUT, body="<p>Ours.</p>")
    seed()
    assert set(Page.objects.values_list("kind", flat=True)) == STANDING_KINDS
    assert Page.objects.get(kind=PageKind.ABOUT).title == "About the team"  # the editors' page stays
    before = list(Page.objects.values_list("slug", "title", "body", "updated_at").order_by("slug"))
    seed()
    assert list(Page.objects.values_list("slug", "title", "body", "updated_at").order_by("slug")) == before

    policy = Page.objects.get(kind=PageKind.CORRECTIONS_POLICY)
    assert policy.status == PageStatus.PUBLISHED
    html = client.get(policy.get_absolute_url()).content.decode()
    assert "<h2>Our promise</h2>" in html
    assert '<a href="/policies/disclaimer/">Disclaimer</a>' in html  # in the footer
