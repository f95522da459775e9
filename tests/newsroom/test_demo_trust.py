"""The demo's trust features (newsroom/demo/trust.py): shown once, never over an editor's work."""

import datetime
from collections import defaultdict

import pytest
from django.utils import timezone

from articles.models import Author, Section
from editorial.models import Correction
from editorial.public_history import published_versions
from errorreports.models import ErrorReport
from newsroom.demo.trust import seed_trust
from tests.support.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db


class FakeSeeder:
    def __init__(self):
        self.now = timezone.now()
        self.stats = defaultdict(lambda: defaultdict(int))

    def _count(self, label, outcome):
        self.stats[label][outcome] += 1


@pytest.fixture
def demo_site():
    make_author("Helena Marsh", slug="helena-marsh")
    make_author("Samuel Adeyemi", slug="samuel-adeyemi")
    make_section("Drug safety", slug="drug-safety-regulation")
    make_section("Vaccines", slug="infectious-disease-vaccines")
    return make_article(
        "CT scans in childhood",
        slug="childhood-ct-scans-blood-cancer-risk",
        body="<p>A large European study found a small rise.</p>",
    )


def test_profiles_intervals_a_corrected_story_and_a_report(demo_site):
    seed_trust(FakeSeeder())
    marsh = Author.objects.get(slug="helena-marsh")
    assert marsh.is_clinician and marsh.profile_links and marsh.disclosures
    assert marsh.credentials_verified_on < datetime.date.today()
    assert Section.objects.get(slug="drug-safety-regulation").review_interval_months is None
    assert Section.objects.get(slug="infectious-disease-vaccines").review_interval_months == 6
    assert {c.kind for c in Correction.objects.filter(article=demo_site)} == {"correction", "clarification"}
    (version,) = published_versions(demo_site)
    assert version.rows == [("Text", ["A large<ins> multinational</ins> European study found a small rise."])]
    assert ErrorReport.objects.filter(article=demo_site).count() == 1


def test_a_second_run_adds_nothing_and_an_editors_work_is_kept(demo_site):
    seed_trust(FakeSeeder())
    Author.objects.filter(slug="helena-marsh").update(disclosures="Edited by the desk.")
    seeder = FakeSeeder()
    seed_trust(seeder)
    assert Author.objects.get(slug="helena-marsh").disclosures == "Edited by the desk."
    assert Correction.objects.count() == 2 and ErrorReport.objects.count() == 1
    assert not seeder.stats
