"""The demo's citations (newsroom/demo/data/citations.toml): well-formed, invented, cited in their stories."""

import io
import re

import pytest
from django.core.management import call_command

from articles.models import Article
from evidence import claims
from evidence.forms import CitationForm
from evidence.identifiers import Kind, normalise
from evidence.models import Review, StudyType
from newsroom.demo.content import load

DEMO = load()


def test_demo_citations_are_well_formed_and_plainly_invented():
    slugs = {article["slug"] for article in DEMO.articles}
    assert len(DEMO.citations) >= 3
    for slug, citations in DEMO.citations.items():
        assert slug in slugs
        for citation in citations:
            assert set(citation) <= set(CitationForm.Meta.fields)
            assert normalise(citation["kind"], citation["identifier"]) == citation["identifier"]
            if citation["kind"] == Kind.DOI:
                assert citation["identifier"].startswith("10.5555/")  # Crossref's prefix for examples
            else:
                assert re.search(r"99\d{6}$", citation["identifier"])
            assert citation["title"].endswith("(demo data)")
            assert citation["study_type"] in StudyType.values and citation["review"] in Review.values


def test_each_demo_story_with_citations_cites_every_one_in_its_body():
    for article in DEMO.articles:
        count = len(DEMO.citations.get(article["slug"], []))
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", " ".join(article["body"]))}
        assert markers == set(range(1, count + 1)), article["slug"]


def test_demo_evidence_panels_are_valid_panels_of_stories_that_cite_studies():
    from evidence.models import EvidenceSummary

    for slug, panel in DEMO.evidence_panels.items():
        assert slug in DEMO.citations
        summary = EvidenceSummary(**panel)
        summary.full_clean(exclude=["article"])


@pytest.mark.slow
@pytest.mark.django_db
def test_seeded_demo_shows_references_panels_and_an_overridden_claims_check(client, settings, tmp_path):
    settings.DEMO_LOGINS_FILE = tmp_path / "logins.txt"
    settings.LOCAL_MODE = True
    settings.DEBUG = False
    call_command("seed_demo", stdout=io.StringIO())
    story = Article.objects.get(slug="car-t-lupus-lasting-remission")
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'href="#ref-1" id="cite-1"' in page and 'id="ref-2"' in page and 'id="evidence"' in page
    assert "https://clinicaltrials.gov/study/NCT99000101" in page
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert f"Citations: 0 created, 0 updated, {len(DEMO.citations)} unchanged" in out.getvalue()
    assert f"Evidence panels: 0 created, 0 updated, {len(DEMO.evidence_panels)} unchanged" in out.getvalue()
    # The hyped mouse study went out with the editor's reason, which its history keeps beside the warnings.
    mice = Article.objects.get(slug="fat-burning-compound-obese-mice")
    assert mice.is_public
    step = mice.transitions.get()
    assert step.override_reason.startswith('"Breakthrough" is the company\'s word')
    assert step.overridden == [claims.REFUSAL, 'Hype words: "breakthrough". Say what the study found instead.']
