import pytest
from django.core.exceptions import ValidationError

from evidence.identifiers import Kind, label, normalise, public_url


@pytest.mark.parametrize(
    "raw",
    ["10.1056/NEJMoa2034577", "doi:10.1056/nejmoa2034577", "DOI: 10.1056/NEJMoa2034577",
     "https://doi.org/10.1056/NEJMoa2034577", "http://dx.doi.org/10.1056/NEJMOA2034577", "  10.1056/NEJMoa2034577 "],
)  # fmt: skip
def test_every_way_of_writing_a_doi_is_stored_the_same(raw):
    assert normalise(Kind.DOI, raw) == "10.1056/nejmoa2034577"


@pytest.mark.parametrize("raw", ["33301246", "PMID: 33301246", "pmid 33301246", "033301246"])
def test_pubmed_ids_are_stored_as_numbers(raw):
    assert normalise(Kind.PMID, raw) == "33301246"


@pytest.mark.parametrize("raw", ["NCT04368728", "nct04368728", " NCT 04368728 "])
def test_nct_numbers_are_stored_upper_case(raw):
    assert normalise(Kind.NCT, raw) == "NCT04368728"


@pytest.mark.parametrize(
    ("kind", "raw"),
    [(Kind.DOI, "11.1056/x"), (Kind.DOI, "10.1056"), (Kind.DOI, "doi:"), (Kind.PMID, "PMC123"), (Kind.PMID, "0"),
     (Kind.NCT, "NCT123"), (Kind.NCT, "ISRCTN12345678"), (Kind.URL, "javascript:alert(1)"), (Kind.URL, "example.org"),
     ("isbn", "123")],
)  # fmt: skip
def test_malformed_identifiers_are_refused(kind, raw):
    with pytest.raises(ValidationError):
        normalise(kind, raw)


def test_readers_follow_each_kind_to_its_home():
    assert public_url(Kind.DOI, "10.1000/a<b>") == "https://doi.org/10.1000/a%3Cb%3E"
    assert public_url(Kind.PMID, "33301246") == "https://pubmed.ncbi.nlm.nih.gov/33301246/"
    assert public_url(Kind.NCT, "NCT04368728") == "https://clinicaltrials.gov/study/NCT04368728"
    assert public_url(Kind.URL, "https://example.org/report") == "https://example.org/report"
    assert label(Kind.DOI, "10.1/x") == "doi:10.1/x"
    assert label(Kind.PMID, "1") == "PMID 1"
