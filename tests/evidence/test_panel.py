"""The evidence panel: editors fill it (prefilled from the citations), readers see it, the JSON-LD names the study."""

import json

import lxml.html
import pytest

from evidence.forms import prefill_summary
from evidence.models import Citation, EvidenceSummary
from evidence.references import store_evidence
from tests.support.admin import change_url, form_data, save_form
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


def summarise(article, **fields):
    values = {"design": "rct", "population": "people", "participants": 40, "phase": "2", "review": "peer_reviewed",
              "funding": "Example Pharma", "conflicts": "Two authors are employees of the funder.",
              "certainty": "low", "certainty_reason": "A small trial of 40 people, not yet repeated."}  # fmt: skip
    return EvidenceSummary.objects.create(article=article, **{**values, **fields})


def test_readers_see_the_evidence_panel(client, small_site):
    story = small_site.story
    summarise(story)
    store_evidence(story)
    document = lxml.html.document_fromstring(client.get(story.get_absolute_url()).content)
    panel = document.get_element_by_id("evidence").text_content()
    for shown in ["Randomised trial", "People (40)", "Phase 2", "Peer-reviewed", "Example Pharma",
                  "Two authors are employees", "Low", "A small trial of 40 people"]:  # fmt: skip
        assert shown in panel


def test_a_story_without_a_panel_shows_none(client, small_site):
    assert b'id="evidence"' not in client.get(small_site.story.get_absolute_url()).content


def test_panel_text_is_escaped(client, small_site):
    story = small_site.story
    summarise(story, funding="<script>alert(1)</script>")
    store_evidence(story)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_json_ld_names_the_study_design(client, small_site):
    story = small_site.story
    Citation.objects.create(article=story, kind="doi", identifier="10.1/x", title="A trial")
    summarise(story)
    store_evidence(story)
    document = lxml.html.document_fromstring(client.get(story.get_absolute_url()).content)
    blocks = [json.loads(s.text) for s in document.xpath('//script[@type="application/ld+json"]')]
    cited = next(b for b in blocks if b["@type"] == "NewsArticle")["citation"]
    assert cited[0]["about"] == {
        "@type": "MedicalTrial",
        "description": "A small trial of 40 people, not yet repeated.",
        "trialDesign": "https://schema.org/RandomizedTrial",
        "phase": "Phase 2",
        "funder": {"@type": "Organization", "name": "Example Pharma"},
    }


def test_the_panel_is_prefilled_from_the_citations(small_site):
    story = small_site.story
    assert prefill_summary(story) == {}
    Citation.objects.create(article=story, position=1, kind="doi", identifier="10.1/a", study_type="animal",
                            review="preprint")  # fmt: skip
    Citation.objects.create(article=story, position=2, kind="doi", identifier="10.1/b", study_type="in_vitro")
    assert prefill_summary(story) == {"design": "animal", "population": "mixed", "review": "preprint"}


def test_an_editor_fills_the_panel_on_the_article_form(client, small_site):
    story = small_site.story
    client.force_login(make_staff("admin", "boss"))
    data = form_data(client.get(change_url(story)))
    prefix = "evidence_summary"
    filled = {"design": "cohort", "population": "people", "participants": "1200", "review": "peer_reviewed",
              "certainty": "moderate", "certainty_reason": "A large cohort; it cannot show cause."}  # fmt: skip
    fields = {f"{prefix}-0-{name}": value for name, value in filled.items()}
    assert save_form(client, story, data, **fields).status_code == 302
    assert EvidenceSummary.objects.get(article=story).participants == 1200
    assert b"A large cohort; it cannot show cause." in client.get(story.get_absolute_url()).content
