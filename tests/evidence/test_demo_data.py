"""The demo's citations (newsroom/demo/data/citations.toml): well-formed, invented, cited in their stories."""

import re

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
