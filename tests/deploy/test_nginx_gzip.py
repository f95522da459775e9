"""nginx compresses what the app sends (HTML, feeds, JSON) for clients that accept gzip.

The app itself sends HTML uncompressed: nginx (deploy/nginx/newsroom-https.conf) does it, in
front of every response, for clients that say Accept-Encoding: gzip, with Vary: Accept-Encoding
so a shared cache keeps both forms apart. Compressing pages that carry a secret next to text an
attacker chose (BREACH) is safe here: Django masks its CSRF token anew in every response, and
public pages carry no secret at all.
"""

import gzip
import http.client
import http.server
import socket
import ssl
import subprocess
import threading
import time

import pytest

from tests.deploy.conftest import system_tool
from tests.deploy.test_nginx import installed  # noqa: F401 - the fixture: the shipped files, laid out

pytestmark = pytest.mark.slow

PAGE = ("<!doctype html><html lang=en><title>Newsroom</title>" + "<p>Salt and the heart.</p>" * 400).encode()
FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel>'
    + b"<item><title>Salt</title></item>" * 200
    + b"</channel></rss>"
)


class App(http.server.BaseHTTPRequestHandler):
    """Stands in for gunicorn: "/" is an HTML page, "/feed/" an RSS feed, both uncompressed."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        body, kind = (
            (FEED, "application/rss+xml; charset=utf-8")
            if self.path == "/feed/"
            else (PAGE, "text/html; charset=utf-8")
        )
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx_port(installed):  # noqa: F811 - the imported fixture
    """nginx with the shipped http-level file and https site on a free port, in front of App."""
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    conf = installed / "newsroom.conf"
    conf.write_text(conf.read_text().replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app.server_port};"))
    site = installed / "newsroom-https.conf"
    lines = [line for line in site.read_text().splitlines() if "listen [::]:" not in line]
    site.write_text("\n".join(lines).replace("listen 443 ssl", f"listen 127.0.0.1:{port} ssl"))
    main = installed / "nginx-gzip.conf"
    main.write_text(
        f"pid {installed}/nginx.pid;\nerror_log {installed}/error.log;\nevents {{}}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    include {conf};\n    include {site};\n}}\n"
    )
    nginx = subprocess.Popen([system_tool("nginx"), "-c", str(main), "-g", "daemon off;"], stderr=subprocess.PIPE)  # noqa: S603
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert nginx.poll() is None, nginx.stderr.read()
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.05)
        yield port
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        app.shutdown()


def fetch(port, path, **headers):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection("news.example.org", port, context=context, timeout=10)
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    connection.sock = context.wrap_socket(raw, server_hostname="news.example.org")
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, response.headers, response.read()


def test_html_is_sent_gzipped_to_clients_that_accept_it(nginx_port):
    status, headers, body = fetch(nginx_port, "/", **{"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert gzip.decompress(body) == PAGE
    assert len(body) < len(PAGE) / 10


def test_feeds_are_gzipped_too(nginx_port):
    status, headers, body = fetch(nginx_port, "/feed/", **{"Accept-Encoding": "gzip"})
    assert (status, headers["Content-Encoding"]) == (200, "gzip")
    assert gzip.decompress(body) == FEED


def test_a_client_that_does_not_accept_gzip_gets_the_page_as_it_is(nginx_port):
    status, headers, body = fetch(nginx_port, "/")
    assert status == 200
    assert "Content-Encoding" not in headers
    assert body == PAGE
