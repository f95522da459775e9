"""Metadata for a DOI (Crossref), a PubMed ID (NCBI E-utilities) or an NCT number (ClinicalTrials.gov).

Each lookup is one short GET with a polite User-Agent; answers are cached. Every failure
(unreachable, slow, a 5xx, a malformed answer, "not found") is a LookupFailed with a
sentence for the editor, who then fills the fields by hand: the network never blocks a save.
"""

import json
import re
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.cache import cache

from .identifiers import Kind

SERVICE_NAMES = {Kind.DOI: "Crossref", Kind.PMID: "PubMed", Kind.NCT: "ClinicalTrials.gov"}
AUTHORS_SHOWN = 3


class LookupFailed(Exception):
    """The service could not give metadata; str() is the sentence the editor reads."""


class NotFound(LookupFailed):
    pass


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    container: str = ""
    year: int | None = None
    authors: str = ""
    study_type: str = ""
    review: str = ""
    retracted: bool = False


def user_agent():
    return f"{settings.SITE_NAME} citations/1.0 (+{settings.SITE_URL}; mailto:{settings.EVIDENCE_CONTACT_EMAIL})"


def get_json(url, service):
    """The JSON answer at `url`; LookupFailed (NotFound for a 404) for anything else."""
    # The base URLs come from settings (http or https), never from an editor.
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.EVIDENCE_HTTP_TIMEOUT) as response:  # noqa: S310
            body = response.read(settings.EVIDENCE_MAX_RESPONSE_BYTES)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise NotFound(f"{service} does not know this identifier.") from error
        raise LookupFailed(f"{service} answered with an error ({error.code}).") from error
    except TimeoutError as error:
        raise LookupFailed(f"{service} did not answer in time.") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise LookupFailed(f"{service} did not answer in time.") from error
        raise LookupFailed(f"{service} could not be reached.") from error
    except OSError as error:
        raise LookupFailed(f"{service} could not be reached.") from error
    try:
        return json.loads(body)
    except ValueError as error:
        raise LookupFailed(f"{service} sent an answer we could not read.") from error


def _authors(names):
    names = [name for name in names if name]
    shown = ", ".join(names[:AUTHORS_SHOWN])
    return f"{shown}, et al." if len(names) > AUTHORS_SHOWN else shown


def _first(value):
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def _year(text):
    match = re.search(r"\b(1[89]\d\d|20\d\d)\b", str(text or ""))
    return int(match.group(1)) if match else None


def crossref_work(doi):
    """The Crossref record of `doi` (GET /works/{doi}): its "message" object."""
    url = f"{settings.CROSSREF_API_URL.rstrip('/')}/works/{quote(doi, safe='')}"
    data = get_json(url, "Crossref")
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict):
        raise LookupFailed("Crossref sent an answer we could not read.")
    return message


def from_crossref(doi):
    work = crossref_work(doi)
    parts = (work.get("issued") or work.get("published") or {}).get("date-parts") or [[None]]
    year = parts[0][0] if parts and parts[0] and isinstance(parts[0][0], int) else None
    authors = [
        f"{author.get('family', '')} {author.get('given', '')[:1]}".strip() or author.get("name", "")
        for author in work.get("author") or []
        if isinstance(author, dict)
    ]
    preprint = work.get("subtype") == "preprint" or work.get("type") == "posted-content"
    return Metadata(
        title=_first(work.get("title")),
        container=_first(work.get("container-title")) or str(work.get("publisher") or ""),
        year=year,
        authors=_authors(authors),
        study_type="preprint" if preprint else "",
        review="preprint" if preprint else ("peer_reviewed" if work.get("type") == "journal-article" else ""),
    )


def pubmed_summary(pmid):
    """The esummary record of `pmid` (db=pubmed, JSON)."""
    query = urlencode({"db": "pubmed", "id": pmid, "retmode": "json", "tool": "newsroom",
                       "email": settings.EVIDENCE_CONTACT_EMAIL})  # fmt: skip
    data = get_json(f"{settings.PUBMED_API_URL.rstrip('/')}/esummary.fcgi?{query}", "PubMed")
    record = (data.get("result") or {}).get(pmid) if isinstance(data, dict) else None
    if not isinstance(record, dict):
        raise LookupFailed("PubMed sent an answer we could not read.")
    if record.get("error") or not record.get("title"):
        raise NotFound("PubMed does not know this identifier.")
    return record


def from_pubmed(pmid):
    record = pubmed_summary(pmid)
    types = [str(t) for t in record.get("pubtype") or []]
    authors = [a.get("name", "") for a in record.get("authors") or [] if isinstance(a, dict)]
    study_type = ""
    if "Randomized Controlled Trial" in types:
        study_type = "rct"
    elif "Meta-Analysis" in types:
        study_type = "meta_analysis"
    elif "Review" in types or "Systematic Review" in types:
        study_type = "review"
    return Metadata(
        title=str(record.get("title", "")).rstrip("."),
        container=str(record.get("fulljournalname") or record.get("source") or ""),
        year=_year(record.get("pubdate")),
        authors=_authors(authors),
        study_type=study_type,
        review="peer_reviewed",
        retracted="Retracted Publication" in types,
    )


def from_clinicaltrials(nct):
    data = get_json(f"{settings.CLINICALTRIALS_API_URL.rstrip('/')}/studies/{quote(nct)}", "ClinicalTrials.gov")
    protocol = data.get("protocolSection") if isinstance(data, dict) else None
    if not isinstance(protocol, dict):
        raise LookupFailed("ClinicalTrials.gov sent an answer we could not read.")
    ident = protocol.get("identificationModule") or {}
    sponsor = ((protocol.get("sponsorCollaboratorsModule") or {}).get("leadSponsor") or {}).get("name", "")
    status = protocol.get("statusModule") or {}
    started = (status.get("startDateStruct") or {}).get("date", "")
    design = protocol.get("designModule") or {}
    allocation = (design.get("designInfo") or {}).get("allocation", "")
    return Metadata(
        title=str(ident.get("officialTitle") or ident.get("briefTitle") or ""),
        container=f"ClinicalTrials.gov ({sponsor})" if sponsor else "ClinicalTrials.gov",
        year=_year(started),
        study_type="rct" if allocation == "RANDOMIZED" else "",
        review="unknown",
    )


_RESOLVERS = {Kind.DOI: from_crossref, Kind.PMID: from_pubmed, Kind.NCT: from_clinicaltrials}


def can_resolve(kind):
    return kind in _RESOLVERS


def resolve(kind, identifier):
    """Metadata for a normalised identifier, from the cache or its service; LookupFailed otherwise."""
    key = f"evidence:lookup:{kind}:{identifier}"
    cached = cache.get(key)
    if cached is not None:
        return Metadata(**cached)
    metadata = _RESOLVERS[kind](identifier)
    cache.set(key, asdict(metadata), settings.EVIDENCE_LOOKUP_CACHE_SECONDS)
    return metadata
