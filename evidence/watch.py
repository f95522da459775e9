"""The retraction watch: which cited works have a notice (retraction, concern, withdrawal, correction).

Crossref lists the notices that update a DOI (`filter=updates:<DOI>`, each with `update-to`
entries); PubMed marks a retracted paper with the publication type "Retracted Publication".
A notice found is recorded once (`flagged_at`); readers see it only after an editor confirms.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from . import resolvers
from .identifiers import Kind
from .models import Citation, Notice

CHECKED_KINDS = (Kind.DOI, Kind.PMID)
# A work with several notices is shown with the gravest.
_GRAVITY = [Notice.RETRACTION, Notice.WITHDRAWAL, Notice.EXPRESSION_OF_CONCERN, Notice.CORRECTION]
_CROSSREF_TYPES = {
    "retraction": Notice.RETRACTION,
    "removal": Notice.WITHDRAWAL,
    "withdrawal": Notice.WITHDRAWAL,
    "expression_of_concern": Notice.EXPRESSION_OF_CONCERN,
    "correction": Notice.CORRECTION,
    "erratum": Notice.CORRECTION,
    "corrigendum": Notice.CORRECTION,
}


def gravest(notices):
    """The gravest of `notices` as (notice, identifier of the notice), or ("", "")."""
    ranked = sorted(notices, key=lambda found: _GRAVITY.index(found[0]))
    return ranked[0] if ranked else ("", "")


def crossref_notices(doi):
    """[(notice, notice DOI)] of the Crossref works that update `doi`."""
    query = urlencode({"filter": f"updates:{doi}", "rows": 50, "mailto": settings.EVIDENCE_CONTACT_EMAIL})
    data = resolvers.get_json(f"{settings.CROSSREF_API_URL.rstrip('/')}/works?{query}", "Crossref")
    items = ((data.get("message") or {}).get("items") if isinstance(data, dict) else None) or []
    found = []
    for item in items:
        for update in item.get("update-to") or [] if isinstance(item, dict) else []:
            notice = _CROSSREF_TYPES.get(str(update.get("type", "")).lower().replace("-", "_"))
            if notice and str(update.get("DOI", "")).lower() == doi:
                found.append((notice, str(item.get("DOI", ""))))
    return found


def pubmed_notices(pmid):
    record = resolvers.pubmed_summary(pmid)
    types = [str(t) for t in record.get("pubtype") or []]
    return [(Notice.RETRACTION, f"PMID {pmid}")] if "Retracted Publication" in types else []


_CHECKERS = {Kind.DOI: crossref_notices, Kind.PMID: pubmed_notices}


def due(now=None, *, every=False):
    """Citations to check, never-checked first, then the longest unchecked: a stopped run resumes there."""
    citations = Citation.objects.filter(kind__in=CHECKED_KINDS)
    if not every:
        cutoff = (now or timezone.now()) - timezone.timedelta(hours=settings.EVIDENCE_RECHECK_HOURS)
        citations = citations.exclude(checked_at__gte=cutoff)
    return citations.order_by(F("checked_at").asc(nulls_first=True), "pk")


def record(citation, found, now):
    """Store what a check found; return True when it is a new notice for editors."""
    notice, notice_identifier = gravest(found)
    citation.checked_at = now
    fields = ["checked_at"]
    newly_flagged = bool(notice) and notice != citation.notice
    if newly_flagged:
        citation.notice, citation.notice_identifier = notice, notice_identifier
        citation.flagged_at, citation.confirmed_at, citation.confirmed_by = now, None, None
        fields += ["notice", "notice_identifier", "flagged_at", "confirmed_at", "confirmed_by"]
    citation.save(update_fields=fields)
    return newly_flagged


def check_citations(*, limit=None, every=False, pause=None, report=lambda line: None):
    """Check due citations one service call per identifier; return (checked, newly flagged, failed)."""
    pause = settings.EVIDENCE_CHECK_PAUSE_SECONDS if pause is None else pause
    answers = {}  # one call per identifier per run, however many stories cite it
    checked = flagged = failed = 0
    citations = due(every=every)
    # Read up front: each result is saved as it comes, and a stopped run starts again from due().
    for citation in list(citations[:limit] if limit else citations):
        key = (citation.kind, citation.identifier)
        if key not in answers:
            if answers:
                time.sleep(pause)
            try:
                answers[key] = _CHECKERS[citation.kind](citation.identifier)
            except resolvers.LookupFailed as failure:
                answers[key] = None
                report(f"{citation.label}: {failure} Left for the next run.")
        if answers[key] is None:
            failed += 1
            continue
        checked += 1
        if record(citation, answers[key], timezone.now()):
            flagged += 1
            report(f"{citation.label}: {citation.get_notice_display()} (article {citation.article_id}).")
    return checked, flagged, failed


def awaiting_confirmation(article):
    """Citations with a notice no editor has confirmed (the prefetched citations if the article was read with them)."""
    return [c for c in article.citations.all() if c.awaits_confirmation]


def drafted_correction(citation):
    """A correction note for the editor to adapt and add through the corrections inline."""
    what = {
        Notice.RETRACTION: "has since been retracted",
        Notice.WITHDRAWAL: "has since been withdrawn",
        Notice.EXPRESSION_OF_CONCERN: "is now the subject of an expression of concern from its publisher",
        Notice.CORRECTION: "has since been corrected by its authors or publisher",
    }[citation.notice]
    return f'A study this article cites, "{citation}" ({citation.label}), {what}. We have marked it in the references.'


def confirm(article, *, by):
    """An editor confirmed the notices of the article's citations: readers see them from now on."""
    return (
        Citation.objects.filter(article=article, confirmed_at__isnull=True)
        .exclude(notice="")
        .update(confirmed_at=timezone.now(), confirmed_by=by)
    )
