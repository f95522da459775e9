"""The references readers see, rendered when citations (or the body citing them) change.

`store_evidence()` writes one StoredReferences row per article: the list's HTML and the
JSON-LD `citation` entries. The article page reads that row once (`stored_for()`), from the
structured data hook and again from the `{% references %}` tag, without a second query.
"""

import re

from django.template.loader import render_to_string

from articles import changes
from articles.models import Article

from .identifiers import Kind
from .models import Citation, EvidenceSummary, Review, StoredReferences, StudyType

# "[1]" or "[2]" in body text; "[1,2]" and ranges stay plain text.
_INLINE = re.compile(r"\[(\d{1,3})\]")
_TAG = re.compile(r"(<[^>]*>)")

_OBSERVATIONAL_DESIGNS = {
    StudyType.COHORT: "https://schema.org/Longitudinal",
    StudyType.CASE_CONTROL: "https://schema.org/CaseSeries",
}
_SCHEMA_IDENTIFIER = {Kind.DOI: "doi", Kind.PMID: "pmid", Kind.NCT: "nct"}


def link_inline_citations(html):
    """Body HTML with each "[N]" outside links linked to reference N; the first one is its back-link target."""
    seen = set()
    out = []
    in_link = 0

    def link(match):
        number = int(match.group(1))
        if number == 0:
            return match.group(0)
        anchor = "" if number in seen else f' id="cite-{number}"'
        seen.add(number)
        return f'<sup class="cite"><a href="#ref-{number}"{anchor}>[{number}]</a></sup>'

    for part in _TAG.split(html or ""):
        if part.startswith("<"):
            name = part[1:].split(None, 1)[0].lower().rstrip(">/") if len(part) > 2 else ""
            in_link += 1 if name == "a" else -1 if name == "/a" else 0
            out.append(part)
        else:
            out.append(part if in_link > 0 else _INLINE.sub(link, part))
    return "".join(out)


def cited_numbers(body_html):
    """Reference numbers the stored body links to (they get a link back)."""
    return {int(number) for number in re.findall(r'id="cite-(\d+)"', body_html or "")}


def schema_entry(citation):
    """A ScholarlyArticle (MedicalTrial for a registry record) with its identifier and address."""
    entry = {"@type": "MedicalTrial" if citation.kind == Kind.NCT else "ScholarlyArticle"}
    if citation.title:
        entry["name"] = citation.title
    if citation.kind in _SCHEMA_IDENTIFIER:
        entry["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": _SCHEMA_IDENTIFIER[citation.kind],
            "value": citation.identifier,
        }
    entry["sameAs"] = citation.url
    if citation.container:
        entry["isPartOf"] = {"@type": "Periodical", "name": citation.container}
    if citation.year:
        entry["datePublished"] = str(citation.year)
    if citation.authors:
        entry["author"] = citation.authors
    if citation.shown_notice:
        entry["creativeWorkStatus"] = citation.shown_notice
    return entry


def render(article, citations):
    """(html, structured data) of the references of `article`."""
    if not citations:
        return "", []
    backlinks = cited_numbers(article.body_html)
    entries = [
        {
            "number": number,
            "citation": citation,
            "backlink": number in backlinks,
            "peer_reviewed": citation.review == Review.PEER_REVIEWED,
        }
        for number, citation in enumerate(citations, start=1)
    ]
    html = render_to_string("evidence/references.html", {"entries": entries}).strip()
    return html, [schema_entry(citation) for citation in citations]


def medical_study(summary):
    """The evidence panel in schema.org terms: a MedicalTrial (with its phase) or a MedicalStudy."""
    trial = summary.design == StudyType.RANDOMISED_TRIAL or bool(summary.phase)
    data = {"@type": "MedicalTrial" if trial else "MedicalStudy", "description": summary.certainty_reason}
    if trial:
        data["trialDesign"] = (
            "https://schema.org/RandomizedTrial" if summary.design == StudyType.RANDOMISED_TRIAL else None
        )
        if summary.phase:
            data["phase"] = summary.get_phase_display()
    elif summary.design in _OBSERVATIONAL_DESIGNS:
        data["studyDesign"] = _OBSERVATIONAL_DESIGNS[summary.design]
    if summary.funding:
        data["funder"] = {"@type": "Organization", "name": summary.funding}
    return {key: value for key, value in data.items() if value}


def render_panel(summary):
    return render_to_string("evidence/panel.html", {"summary": summary}).strip() if summary else ""


def store_evidence(article):
    """Render and store the article's references and evidence panel; tell the page cache when they changed."""
    citations = list(Citation.objects.filter(article=article).order_by("position", "pk"))
    summary = EvidenceSummary.objects.filter(article=article).first()
    html, data = render(article, citations)
    panel_html = render_panel(summary)
    if summary is not None and data:
        data[0]["about"] = medical_study(summary)
    stored = StoredReferences.objects.filter(article=article).first()
    shown = {"html": html, "panel_html": panel_html, "structured_data": data}
    if stored is None and not (citations or summary):
        return False
    if stored is not None and all(getattr(stored, name) == value for name, value in shown.items()):
        return False
    if not (citations or summary):
        StoredReferences.objects.filter(article=article).delete()
    else:
        StoredReferences.objects.update_or_create(article=article, defaults=shown)
    changes.article_page_changed(article.pk)
    return True


def stored_for(article):
    """The article's StoredReferences (or None), read once per loaded article.

    The article page's query joins it (articles.models.load_with_article_page); elsewhere it is
    read here once and kept in Django's own cache of the reverse one-to-one relation, so a
    second reader (the template tag after the structured data) asks no query.
    """
    relation = Article.stored_references.related
    if not relation.is_cached(article):
        relation.set_cached_value(article, StoredReferences.objects.filter(article_id=article.pk).first())
    return relation.get_cached_value(article)


def citation_entries(article):
    """The JSON-LD `citation` entries of the article (the hook articles.seo calls)."""
    if article.pk is None:
        return []
    stored = stored_for(article)
    return stored.structured_data if stored is not None else []


def references_html(article):
    stored = stored_for(article) if article.pk is not None else None
    return stored.html if stored is not None else ""


def panel_html(article):
    stored = stored_for(article) if article.pk is not None else None
    return stored.panel_html if stored is not None else ""
