"""Readers see numbered references, linked to where they are cited, rendered when the citations change."""

import json

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import changes, pending
from articles.models import Status
from evidence.models import Citation, StudyType
from evidence.references import citation_entries, link_inline_citations, panel_html, references_html, store_evidence
from tests.support.factories import make_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & </script>'


def cite(article, position, kind, identifier, **fields):
    return Citation.objects.create(article=article, position=position, kind=kind, identifier=identifier, **fields)


@pytest.fixture
def story(small_site):
    story = small_site.story
    story.body = "<p>Vaccines worked [1]. Cells too [2], as [1] said.</p>"
    story.save()
    cite(story, 1, "doi", "10.1056/nejmoa2034577", title="Safety and Efficacy", container="NEJM", year=2020,
         authors="Polack F, et al.", study_type=StudyType.RANDOMISED_TRIAL, review="peer_reviewed")  # fmt: skip
    cite(story, 2, "pmid", "30857948", title="Aspirin in mice", study_type=StudyType.ANIMAL)
    cite(story, 3, "nct", "NCT04368728", title="A trial")
    store_evidence(story)
    return story


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response, lxml.html.document_fromstring(response.content)


def json_ld_article(document):
    blocks = [json.loads(s.text) for s in document.xpath('//script[@type="application/ld+json"]')]
    return next(block for block in blocks if block["@type"] == "NewsArticle")


def test_references_are_numbered_and_linked_to_their_homes(client, story):
    _, document = page(client, story)
    items = document.xpath('//section[@id="references"]//li')
    assert [item.get("id") for item in items] == ["ref-1", "ref-2", "ref-3"]
    links = [item.xpath(".//a[not(@class)]/@href")[0] for item in items]
    assert links == [
        "https://doi.org/10.1056/nejmoa2034577",
        "https://pubmed.ncbi.nlm.nih.gov/30857948/",
        "https://clinicaltrials.gov/study/NCT04368728",
    ]
    assert "Randomised trial" in items[0].text_content() and "Peer-reviewed" in items[0].text_content()


def test_inline_citations_link_both_ways(client, story):
    _, document = page(client, story)
    body_links = document.xpath('//div[@class="article__body"]//sup/a')
    assert [(a.get("href"), a.get("id")) for a in body_links] == [
        ("#ref-1", "cite-1"),
        ("#ref-2", "cite-2"),
        ("#ref-1", None),
    ]
    back = document.xpath('//li[@id="ref-1"]/a[@class="references__back"]/@href')
    assert back == ["#cite-1"]
    assert document.xpath('//li[@id="ref-3"]/a[@class="references__back"]') == []  # never cited in the body


def test_citation_markers_inside_links_and_zero_stay_text():
    html = '<p><a href="/x">see [1]</a> and [0] and [2]</p>'
    assert link_inline_citations(html) == (
        '<p><a href="/x">see [1]</a> and [0] and <sup class="cite"><a href="#ref-2" id="cite-2">[2]</a></sup></p>'
    )


def test_the_json_ld_cites_each_work_with_its_identifier(client, story):
    _, document = page(client, story)
    cited = json_ld_article(document)["citation"]
    assert cited[0] == {
        "@type": "ScholarlyArticle",
        "name": "Safety and Efficacy",
        "identifier": {"@type": "PropertyValue", "propertyID": "doi", "value": "10.1056/nejmoa2034577"},
        "sameAs": "https://doi.org/10.1056/nejmoa2034577",
        "isPartOf": {"@type": "Periodical", "name": "NEJM"},
        "datePublished": "2020",
        "author": "Polack F, et al.",
    }
    assert cited[2]["@type"] == "MedicalTrial"


def test_a_story_without_citations_shows_no_references(client, small_site):
    response, document = page(client, small_site.story)
    assert document.xpath('//section[@id="references"]') == []
    assert "citation" not in json_ld_article(document)


def test_hostile_metadata_is_escaped_on_the_page_and_in_json_ld(client, small_site):
    story = small_site.story
    cite(story, 1, "url", "https://example.org/a", title=HOSTILE, container=HOSTILE, authors=HOSTILE)
    store_evidence(story)
    response, document = page(client, story)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert html.count("&lt;script&gt;alert") == 3
    assert document.xpath('//section[@id="references"]//cite')[0].text_content() == HOSTILE
    assert json_ld_article(document)["citation"][0]["name"] == HOSTILE  # intact once parsed, inert in the page


def test_the_article_page_reads_its_references_in_the_articles_own_query(client, story, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with CaptureQueriesContext(connection) as queries:
        client.get(story.get_absolute_url())
    reads = [q["sql"] for q in queries if "evidence_storedreferences" in q["sql"]]
    assert len(reads) == 1 and '"articles_article"."title"' in reads[0], reads
    uncited = make_article("Nothing cited")
    with CaptureQueriesContext(connection) as without:
        client.get(uncited.get_absolute_url())
    assert len(queries) == len(without), "\n\n".join(q["sql"] for q in queries)


def test_a_staff_preview_reads_its_references_once(story):
    fresh = type(story).objects.get(pk=story.pk)
    with CaptureQueriesContext(connection) as queries:
        citation_entries(fresh), references_html(fresh), panel_html(fresh)
    assert len(queries) == 1


def test_storing_changed_references_re_renders_the_page(story, monkeypatch):
    changed = []
    monkeypatch.setattr(changes, "article_page_changed", changed.append)
    assert store_evidence(story) is False  # nothing new: the page stays cached
    Citation.objects.filter(article=story, position=3).delete()
    assert store_evidence(story) is True
    assert changed == [story.pk]


def test_the_last_citation_removed_removes_the_references(client, story):
    Citation.objects.filter(article=story).delete()
    store_evidence(story)
    _, document = page(client, story)
    assert document.xpath('//section[@id="references"]') == []


def test_references_follow_the_editors_order(client, small_site):
    story = small_site.story
    cite(story, 2, "url", "https://example.org/second", title="Second")
    cite(story, 1, "url", "https://example.org/first", title="First")
    store_evidence(story)
    _, document = page(client, story)
    assert [c.text for c in document.xpath('//section[@id="references"]//cite')] == ["First", "Second"]


def test_a_draft_is_not_shown_but_its_references_are_stored(client, small_site):
    draft = make_article("Draft with refs", status="draft", days_ago=None)
    cite(draft, 1, "url", "https://example.org/a", title="T")
    assert store_evidence(draft) is True
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_publishing_pending_changes_stores_the_references_their_body_cites(client, story):
    editor = make_staff("editor", "editor")
    story.status = Status.PUBLISHED
    story.save()
    content = {**pending.live_content(story), "body": "<p>Vaccines worked [1]. The trial [3] says so.</p>"}
    pending.save(article=story, content=content, by=editor)
    pending.perform(article=story, step="small_fix", by=editor, comment="Cite the trial.", override_reason="Fine.")

    _, document = page(client, story)
    assert document.xpath('//li[@id="ref-3"]/a[@class="references__back"]/@href') == ["#cite-3"]
    assert document.xpath('//li[@id="ref-2"]/a[@class="references__back"]') == [], "no longer cited"
