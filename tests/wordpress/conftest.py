import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from richmedia import providers
from tests.support.wordpress import SITE_EXPORT, make_media_dir, run_import

# Nothing listens there: an embed's title lookup at save time fails fast instead of leaving the machine.
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _no_oembed_lookups(settings):
    settings.OEMBED_PROVIDERS_BASE_URLS = {
        provider.name: f"{UNREACHABLE}/{provider.name}" for provider in providers.PROVIDERS
    }
    settings.OEMBED_TIMEOUT = 1


@pytest.fixture
def media_dir(tmp_path):
    """The export's wp-content/uploads folder, with the files the fixture export expects (and two missing)."""
    return make_media_dir(tmp_path / "export")


@pytest.fixture
def imported(media_dir):
    """The fixture site imported once; returns the command's output."""
    return run_import(SITE_EXPORT, "--media-dir", str(media_dir))


# --- The old site, for --fetch-media: a local HTTP server on 127.0.0.2 ----------------------------

SERVER_ADDRESS = "127.0.0.2"


class OldSite:
    """Answers by path; counts every request."""

    def __init__(self):
        self.routes = {}
        self.requests = Counter()
        self.base = ""

    def file(self, path, body, content_type="image/jpeg"):
        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = answer

    def redirect(self, path, location):
        def answer(handler):
            handler.send_response(302)
            handler.send_header("Location", location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        self.routes[path] = answer

    def claims_size(self, path, size):
        """Announces `size` bytes and sends a little: a client that trusted it would wait or fill a disk."""

        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", "image/png")
            handler.send_header("Content-Length", str(size))
            handler.end_headers()
            handler.wfile.write(b"\x89PNG" + b"\0" * 1024)

        self.routes[path] = answer

    def streams(self, path, total):
        """No Content-Length: bytes until the connection closes, `total` of them."""

        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", "image/jpeg")
            handler.send_header("Connection", "close")
            handler.end_headers()
            chunk = b"\xff" * 65536
            for _ in range(total // len(chunk)):
                handler.wfile.write(chunk)

        self.routes[path] = answer

    def stalls(self, path, seconds):
        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Length", "100")
            handler.end_headers()
            handler.wfile.write(b"\xff" * 10)
            handler.wfile.flush()
            time.sleep(seconds)

        self.routes[path] = answer

    def respond(self, handler):
        self.requests[handler.path] += 1
        answer = self.routes.get(handler.path)
        if answer is None:
            handler.send_response(404)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        else:
            answer(handler)


@pytest.fixture
def old_site(settings):
    site = OldSite()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            try:
                site.respond(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the importer gave up, as it should

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((SERVER_ADDRESS, 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    site.base = f"http://{SERVER_ADDRESS}:{server.server_address[1]}"
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = [f"{SERVER_ADDRESS}/32"]
    settings.IMPORT_FETCH_TIMEOUT = 1
    settings.IMPORT_FETCH_DEADLINE = 5
    yield site
    server.shutdown()
    server.server_close()
