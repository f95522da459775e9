"""A local stand-in for Crossref, NCBI E-utilities and ClinicalTrials.gov: no test touches the internet."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

# Nothing listens there: a test that forgets the fake services fails to reach them, quickly.
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _offline_services(settings):
    settings.CROSSREF_API_URL = f"{UNREACHABLE}/crossref"
    settings.PUBMED_API_URL = f"{UNREACHABLE}/pubmed"
    settings.CLINICALTRIALS_API_URL = f"{UNREACHABLE}/ct"
    settings.EVIDENCE_CHECK_PAUSE_SECONDS = 0
    settings.EVIDENCE_HTTP_TIMEOUT = 2


class FakeServices:
    """Answers keyed by path, by path and `id` (esummary) or by path and `filter` (Crossref's works)."""

    def __init__(self):
        self.answers = {}
        self.requests = []

    def answer(self, key, body=None, *, status=200, delay=0.0, raw=None):
        self.answers[key] = (status, raw if raw is not None else json.dumps(body or {}).encode(), delay)

    def respond(self, handler):
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query)
        self.requests.append({"path": handler.path, "user_agent": handler.headers.get("User-Agent", "")})
        keys = [f"{parts.path}?id={query.get('id', [''])[0]}", f"{parts.path}?filter={query.get('filter', [''])[0]}"]
        status, body, delay = next(
            (self.answers[key] for key in [*keys, parts.path] if key in self.answers),
            (404, b'{"status":"error","message":"Resource not found."}', 0),
        )
        time.sleep(delay)
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


@pytest.fixture
def services(settings):
    fake = FakeServices()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            try:
                fake.respond(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the slow answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.CROSSREF_API_URL = f"{base}/crossref"
    settings.PUBMED_API_URL = f"{base}/pubmed"
    settings.CLINICALTRIALS_API_URL = f"{base}/ct"
    yield fake
    server.shutdown()
    server.server_close()


# Answers in the services' documented shapes.


def crossref_work(doi, title="Safety and Efficacy of a Vaccine", **extra):
    return {
        "status": "ok",
        "message-type": "work",
        "message": {
            "DOI": doi,
            "type": "journal-article",
            "title": [title],
            "container-title": ["The New England Journal of Medicine"],
            "publisher": "Massachusetts Medical Society",
            "issued": {"date-parts": [[2020, 12, 31]]},
            "author": [
                {"given": "Fernando P.", "family": "Polack", "sequence": "first"},
                {"given": "Stephen J.", "family": "Thomas", "sequence": "additional"},
                {"given": "Nicholas", "family": "Kitchin", "sequence": "additional"},
                {"given": "Judith", "family": "Absalon", "sequence": "additional"},
            ],
            **extra,
        },
    }


def crossref_updates(doi, *notices):
    """GET /works?filter=updates:<doi>: the notices that update `doi`, each with its update-to entry."""
    items = [
        {"DOI": f"10.9999/notice.{n}", "type": "journal-article", "update-to": [{"DOI": doi, "type": kind}]}
        for n, kind in enumerate(notices)
    ]
    return {"status": "ok", "message-type": "work-list", "message": {"total-results": len(items), "items": items}}


def pubmed_summary(pmid, title="Aspirin and the heart.", pubtype=("Journal Article",)):
    return {
        "header": {"type": "esummary", "version": "0.3"},
        "result": {
            "uids": [pmid],
            pmid: {
                "uid": pmid,
                "pubdate": "2019 Mar 5",
                "source": "Lancet",
                "fulljournalname": "Lancet (London, England)",
                "title": title,
                "authors": [{"name": "Smith J", "authtype": "Author"}, {"name": "Jones K", "authtype": "Author"}],
                "pubtype": list(pubtype),
            },
        },
    }


def pubmed_missing(pmid):
    return {
        "header": {"type": "esummary"},
        "result": {"uids": [pmid], pmid: {"uid": pmid, "error": "cannot get document summary"}},
    }


def clinicaltrials_study(nct):
    return {
        "protocolSection": {
            "identificationModule": {
                "nctId": nct,
                "briefTitle": "A Vaccine Trial",
                "officialTitle": "A Phase 3 Vaccine Trial",
            },
            "sponsorCollaboratorsModule": {"leadSponsor": {"name": "Example Pharma"}},
            "statusModule": {"startDateStruct": {"date": "2020-07"}},
            "designModule": {
                "studyType": "INTERVENTIONAL",
                "phases": ["PHASE3"],
                "designInfo": {"allocation": "RANDOMIZED"},
            },
        }
    }
