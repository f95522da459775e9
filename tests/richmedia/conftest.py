"""A local stand-in for the providers' oEmbed endpoints: no test touches the internet."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from richmedia import providers

# Nothing listens there: a test that forgets the fake endpoints fails to reach them, quickly.
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _offline_oembed(settings):
    settings.OEMBED_PROVIDERS_BASE_URLS = {p.name: f"{UNREACHABLE}/{p.name}" for p in providers.PROVIDERS}
    settings.OEMBED_TIMEOUT = 1


class FakeOembed:
    """Answers keyed by path (`/youtube`): a status, a content type, a body and a delay."""

    def __init__(self):
        self.answers = {}
        self.requests = []

    def answer(self, path, body=None, *, status=200, content_type="application/json", delay=0.0, raw=None):
        data = raw if raw is not None else json.dumps(body or {}).encode()
        self.answers[path] = (status, content_type, data, delay)

    def respond(self, handler):
        parts = urlsplit(handler.path)
        self.requests.append({"path": parts.path, "query": parse_qs(parts.query)})
        status, content_type, body, delay = self.answers.get(parts.path, (404, "application/json", b"{}", 0))
        time.sleep(delay)
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


@pytest.fixture
def oembed(settings):
    fake = FakeOembed()

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
    settings.OEMBED_PROVIDERS_BASE_URLS = {p.name: f"{base}/{p.name}" for p in providers.PROVIDERS}
    yield fake
    server.shutdown()
    server.server_close()
