"""Each resolver's real HTTP client against the local stand-in: found, not found, malformed, slow, 500."""

import pytest

from evidence import resolvers
from evidence.identifiers import Kind

from .conftest import clinicaltrials_study, crossref_work, pubmed_missing, pubmed_summary

DOI = "10.1056/nejmoa2034577"
PMID = "30857948"
NCT = "NCT04368728"
ADDRESSES = {
    Kind.DOI: (DOI, f"/crossref/works/{DOI.replace('/', '%2F')}"),
    Kind.PMID: (PMID, f"/pubmed/esummary.fcgi?id={PMID}"),
    Kind.NCT: (NCT, f"/ct/studies/{NCT}"),
}


def test_a_doi_is_filled_from_crossref(services):
    services.answer(ADDRESSES[Kind.DOI][1], crossref_work(DOI))
    metadata = resolvers.resolve(Kind.DOI, DOI)
    assert metadata.title == "Safety and Efficacy of a Vaccine"
    assert metadata.container == "The New England Journal of Medicine"
    assert metadata.year == 2020
    assert metadata.authors == "Polack F, Thomas S, Kitchin N, et al."
    assert metadata.review == "peer_reviewed"


def test_a_preprint_doi_says_so(services):
    services.answer(ADDRESSES[Kind.DOI][1], crossref_work(DOI, type="posted-content", subtype="preprint"))
    metadata = resolvers.resolve(Kind.DOI, DOI)
    assert (metadata.study_type, metadata.review) == ("preprint", "preprint")


def test_a_pmid_is_filled_from_pubmed_esummary(services):
    services.answer(
        ADDRESSES[Kind.PMID][1], pubmed_summary(PMID, pubtype=["Journal Article", "Randomized Controlled Trial"])
    )
    metadata = resolvers.resolve(Kind.PMID, PMID)
    assert metadata.title == "Aspirin and the heart"
    assert metadata.container == "Lancet (London, England)"
    assert (metadata.year, metadata.authors, metadata.study_type) == (2019, "Smith J, Jones K", "rct")
    assert services.requests[0]["path"].startswith("/pubmed/esummary.fcgi?db=pubmed&id=30857948&retmode=json")


def test_an_nct_number_is_filled_from_clinicaltrials_gov(services):
    services.answer(ADDRESSES[Kind.NCT][1], clinicaltrials_study(NCT))
    metadata = resolvers.resolve(Kind.NCT, NCT)
    assert metadata.title == "A Phase 3 Vaccine Trial"
    assert metadata.container == "ClinicalTrials.gov (Example Pharma)"
    assert (metadata.year, metadata.study_type) == (2020, "rct")


def test_lookups_name_us_with_a_contact_address(services, settings):
    settings.EVIDENCE_CONTACT_EMAIL = "science-desk@example.org"
    services.answer(ADDRESSES[Kind.DOI][1], crossref_work(DOI))
    resolvers.resolve(Kind.DOI, DOI)
    assert "mailto:science-desk@example.org" in services.requests[0]["user_agent"]


def test_answers_are_cached(services):
    services.answer(ADDRESSES[Kind.DOI][1], crossref_work(DOI))
    assert resolvers.resolve(Kind.DOI, DOI) == resolvers.resolve(Kind.DOI, DOI)
    assert len(services.requests) == 1


@pytest.mark.parametrize("kind", [Kind.DOI, Kind.PMID, Kind.NCT])
def test_an_unknown_identifier_is_not_found(services, kind):
    identifier, address = ADDRESSES[kind]
    if kind == Kind.PMID:
        services.answer(address, pubmed_missing(identifier))  # E-utilities answers 200 with an error
    with pytest.raises(resolvers.NotFound, match="does not know this identifier"):
        resolvers.resolve(kind, identifier)


@pytest.mark.parametrize("kind", [Kind.DOI, Kind.PMID, Kind.NCT])
def test_a_malformed_answer_is_a_failed_lookup(services, kind):
    identifier, address = ADDRESSES[kind]
    services.answer(address, raw=b"<html>maintenance</html>")
    with pytest.raises(resolvers.LookupFailed, match="could not read"):
        resolvers.resolve(kind, identifier)


@pytest.mark.parametrize("kind", [Kind.DOI, Kind.PMID, Kind.NCT])
def test_a_json_answer_of_the_wrong_shape_is_a_failed_lookup(services, kind):
    identifier, address = ADDRESSES[kind]
    services.answer(address, raw=b'["not", "a", "record"]')
    with pytest.raises(resolvers.LookupFailed, match="could not read"):
        resolvers.resolve(kind, identifier)


@pytest.mark.parametrize("kind", [Kind.DOI, Kind.PMID, Kind.NCT])
def test_a_server_error_is_a_failed_lookup_and_not_cached(services, kind):
    identifier, address = ADDRESSES[kind]
    services.answer(address, {"error": "boom"}, status=500)
    for _ in range(2):
        with pytest.raises(resolvers.LookupFailed, match=r"answered with an error \(500\)"):
            resolvers.resolve(kind, identifier)
    assert len(services.requests) == 2


@pytest.mark.parametrize("kind", [Kind.DOI, Kind.PMID, Kind.NCT])
def test_a_slow_service_is_given_up_on(services, settings, kind):
    settings.EVIDENCE_HTTP_TIMEOUT = 0.2
    identifier, address = ADDRESSES[kind]
    services.answer(address, {}, delay=1.0)
    with pytest.raises(resolvers.LookupFailed, match="did not answer in time"):
        resolvers.resolve(kind, identifier)


def test_an_unreachable_service_is_a_failed_lookup():
    with pytest.raises(resolvers.LookupFailed, match="could not be reached"):
        resolvers.resolve(Kind.DOI, DOI)
