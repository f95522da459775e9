"""Study identifiers: DOI, PubMed ID, ClinicalTrials.gov NCT number, or a plain web address.

Editors paste identifiers in every shape (`doi:10.1/X`, `https://doi.org/10.1/x`, `pmid 123`,
`nct01234567`); `normalise()` is the one place that turns them into the stored form, and
`public_url()` the one place that says where readers follow them.
"""

import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models

from articles.sanitize import safe_link


class Kind(models.TextChoices):
    DOI = "doi", "DOI"
    PMID = "pmid", "PubMed ID"
    NCT = "nct", "ClinicalTrials.gov NCT number"
    URL = "url", "Web address"


_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
_PMID = re.compile(r"^(?:pmid:?\s*)?(\d{1,9})$", re.IGNORECASE)
_NCT = re.compile(r"^NCT\d{8}$")


def normalise(kind, raw):
    """The stored form of identifier `raw` of `kind`; ValidationError (a form error) when malformed."""
    value = (raw or "").strip()
    if kind == Kind.DOI:
        # DOIs are case-insensitive; Crossref and doi.org accept the lower-case form.
        value = _DOI_PREFIXES.sub("", value).strip().lower()
        if not _DOI.match(value):
            raise ValidationError("Not a DOI: a DOI looks like 10.1056/NEJMoa2034577.", code="invalid")
        return value
    if kind == Kind.PMID:
        match = _PMID.match(value)
        if not match or int(match.group(1)) == 0:
            raise ValidationError("Not a PubMed ID: a PMID is a number such as 33301246.", code="invalid")
        return str(int(match.group(1)))
    if kind == Kind.NCT:
        value = value.upper().replace(" ", "")
        if not _NCT.match(value):
            raise ValidationError("Not an NCT number: it looks like NCT04368728.", code="invalid")
        return value
    if kind == Kind.URL:
        if not safe_link(value):
            raise ValidationError("Not a web address: it starts with https:// or http://.", code="invalid")
        return safe_link(value)
    raise ValidationError("Choose what kind of identifier this is.", code="invalid")


def public_url(kind, value):
    """Where a reader follows the identifier: doi.org, PubMed, the trial registry, or the address itself."""
    if kind == Kind.DOI:
        return "https://doi.org/" + quote(value, safe="/:;()._-")
    if kind == Kind.PMID:
        return f"https://pubmed.ncbi.nlm.nih.gov/{value}/"
    if kind == Kind.NCT:
        return f"https://clinicaltrials.gov/study/{value}"
    return safe_link(value)


def label(kind, value):
    """The identifier as printed after a reference: "doi:10.…", "PMID 123", "NCT0…"."""
    if kind == Kind.DOI:
        return f"doi:{value}"
    if kind == Kind.PMID:
        return f"PMID {value}"
    return value
