"""deploy/nginx/: the configuration the guide installs, read as text and checked by `nginx -t`.

`nginx -t` runs on the files as shipped, with only the paths outside the repository moved into
a scratch folder (the certificate a self-signed one, logs there): steps 6 and 8 of
docs/deploy.md each pass it, port 80 alone before any certificate exists.
"""

import http.client
import http.server
import re
import socket
import ssl
import subprocess
import threading
import time

import pytest

from tests.deploy.conftest import DEPLOY, system_tool

NGINX = DEPLOY / "nginx"


def text(name):
    return (NGINX / name).read_text()


def blocks(config, directive):
    """The bodies of every `directive ... { ... }` block at any depth (braces balanced)."""
    found = []
    for match in re.finditer(rf"(?m)^\s*{directive}\b[^{{;]*\{{", config):
        depth, start = 1, match.end()
        for index in range(start, len(config)):
            depth += {"{": 1, "}": -1}.get(config[index], 0)
            if depth == 0:
                found.append(config[start:index])
                break
    return found


def location(config, head):
    for match in re.finditer(rf"(?m)^\s*location {re.escape(head)} \{{", config):
        return blocks(config[match.start() :], "location")[0]
    raise AssertionError(f"no location {head}")


def test_every_access_log_of_the_site_leaves_query_strings_out():
    for name in ("newsroom-http.conf", "newsroom-https.conf"):
        logs = re.findall(r"access_log\s+([^;]+);", text(name))
        assert logs, name
        for log in logs:
            assert log == "off" or log.endswith(" newsroom"), (name, log)
    log_format = re.search(r"log_format newsroom(.*?);", text("newsroom.conf"), re.S).group(1)
    assert "$newsroom_log_uri" in log_format
    assert not re.search(r"\$(request|request_uri|args|query_string|http_referer|uri)\b", log_format)


def test_share_preview_and_newsletter_tokens_are_masked_in_the_access_log():
    log_map = next(b for b in blocks(text("newsroom.conf"), "map") if "$newsroom_log_uri" in b or "preview" in b)
    assert "/preview/shared/)[^/]+" in log_map and "[redacted]" in log_map
    assert "/newsletter/(?:confirm|unsubscribe)/[^/]*/)[^/]+" in log_map
    assert re.search(r"map \$uri \$newsroom_log_uri \{", text("newsroom.conf"))


def test_share_preview_requests_write_no_request_line_to_the_error_log():
    shared = location(text("newsroom-https.conf"), "/preview/shared/")
    assert re.search(r"error_log \S+ crit;", shared) and "proxy_pass http://newsroom_app;" in shared


def test_search_and_parameterised_feeds_are_limited_per_client():
    conf = text("newsroom.conf")
    for zone in ("newsroom_search", "newsroom_feeds"):
        assert re.search(rf"limit_req_zone \$binary_remote_addr zone={zone}:\d+m rate=\d+r/s;", conf), zone
    assert "limit_req_status 429;" in conf
    https = text("newsroom-https.conf")
    for head, zone in (("= /search/", "newsroom_search"), (r"~ ^/(?:section|tag|author)/[^/]+/feed/(?:atom/)?$",
                                                           "newsroom_feeds")):  # fmt: skip
        block = location(https, head)
        assert f"limit_req zone={zone} " in block and "error_page 429 @newsroom_too_many;" in block
        assert "proxy_pass http://newsroom_app;" in block
    too_many = location(https, "@newsroom_too_many")
    assert "add_header Retry-After" in too_many and "return 429" in too_many


def test_unknown_host_names_never_reach_the_app():
    http = text("newsroom-http.conf")
    default_80 = next(b for b in blocks(http, "server") if "default_server" in b)
    assert "return 444;" in default_80 and "proxy_pass" not in default_80
    https = text("newsroom-https.conf")
    default_443 = next(b for b in blocks(https, "server") if "default_server" in b)
    assert "ssl_reject_handshake on;" in default_443 and "proxy_pass" not in default_443


def test_port_80_needs_no_certificate_and_serves_the_acme_webroot():
    http = text("newsroom-http.conf")
    assert "ssl" not in http.replace("https://", "")
    assert "root /var/www/letsencrypt;" in location(http, "/.well-known/acme-challenge/")


def test_the_app_sees_the_port_the_browser_used():
    assert "proxy_set_header Host $host$newsroom_port_suffix;" in text("newsroom_proxy.conf")
    port_map = next(b for b in blocks(text("newsroom.conf"), "map") if '"https:443"' in b)
    assert '"https:443" ""' in port_map and 'default     ":$server_port"' in port_map


def test_media_shows_only_images_inline_and_never_caches_a_miss():
    media = location(text("newsroom-https.conf"), "/media/")
    assert "default_type application/octet-stream;" in media
    assert 'add_header Content-Disposition "attachment" always;' in media
    assert "types { }" in media
    images = location(media, r"~* \.(?:jpe?g|png|gif|webp)$")
    assert "Content-Disposition" not in images
    assert not re.search(r"types \{[^}]*(html|svg|xml)", images)
    cache_control = re.findall(r"add_header Cache-Control ([^;]+);", media)
    assert cache_control == ['"public, max-age=2592000"']


def test_what_nginx_answers_itself_carries_hsts_and_nosniff():
    headers = text("newsroom_headers.conf")
    assert 'Strict-Transport-Security "max-age=31536000; includeSubDomains" always' in headers
    assert "X-Content-Type-Options nosniff always" in headers
    https = text("newsroom-https.conf")
    for head in ("/media/", "= /unavailable.html"):
        assert "include /etc/nginx/snippets/newsroom_headers.conf;" in location(https, head)


def test_a_stopped_app_gives_the_unavailable_page_with_retry_after():
    https = text("newsroom-https.conf")
    assert "error_page 502 504 =503 /unavailable.html;" in https
    page = location(https, "= /unavailable.html")
    assert "root /srv/newsroom/app/deploy/nginx;" in page and "Retry-After" in page
    assert "Temporarily unavailable" in text("unavailable.html")


# --- nginx -t ---------------------------------------------------------------------------


@pytest.fixture
def installed(tmp_path):
    """The shipped files laid out as the guide installs them, under tmp_path."""
    subprocess.run(  # noqa: S603
        [system_tool("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=news.example.org", "-keyout", tmp_path / "privkey.pem", "-out", tmp_path / "fullchain.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    moved = {
        "/etc/nginx/snippets/": f"{tmp_path}/",
        "/etc/letsencrypt/live/news.example.org/": f"{tmp_path}/",
        "/var/log/nginx/": f"{tmp_path}/",
    }
    for name in ("newsroom.conf", "newsroom-http.conf", "newsroom-https.conf", "newsroom_proxy.conf",
                 "newsroom_headers.conf"):  # fmt: skip
        config = text(name)
        for old, new in moved.items():
            config = config.replace(old, new)
        (tmp_path / name).write_text(config)
    return tmp_path


def nginx_test(root, *sites):
    includes = "".join(f"    include {root / name};\n" for name in ("newsroom.conf", *sites))
    main = root / "nginx-main.conf"
    main.write_text(
        f"pid {root}/nginx.pid;\nerror_log {root}/error.log;\nevents {{}}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log {root}/access.log;\n{includes}}}\n"
    )
    nginx = system_tool("nginx")
    return subprocess.run([nginx, "-t", "-c", str(main)], capture_output=True, text=True)  # noqa: S603


def test_nginx_accepts_port_80_alone_before_any_certificate(installed):
    (installed / "fullchain.pem").unlink()
    result = nginx_test(installed, "newsroom-http.conf")
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_accepts_both_servers_once_the_certificate_exists(installed):
    result = nginx_test(installed, "newsroom-http.conf", "newsroom-https.conf")
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


# --- A running nginx ----------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Upstream(http.server.BaseHTTPRequestHandler):
    """Stands in for gunicorn: every GET is a 200."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def running(installed):
    """nginx with the shipped http-level file and https site, on a free port, in front of a stub app."""
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    port = free_port()
    conf = installed / "newsroom.conf"
    conf.write_text(conf.read_text().replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app.server_port};"))
    site = installed / "newsroom-https.conf"
    lines = [line for line in site.read_text().splitlines() if "listen [::]:" not in line]
    site.write_text("\n".join(lines).replace("listen 443 ssl", f"listen 127.0.0.1:{port} ssl"))
    main = installed / "nginx-main.conf"
    main.write_text(
        f"pid {installed}/nginx.pid;\nerror_log {installed}/error.log;\nevents {{}}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    include {conf};\n    include {site};\n}}\n"
    )
    nginx = subprocess.Popen(  # noqa: S603
        [system_tool("nginx"), "-c", str(main), "-g", "daemon off;"], stderr=subprocess.PIPE, text=True
    )
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
        yield port, installed
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        app.shutdown()


def connect(port, client="127.0.0.1"):
    """A kept-alive TLS connection as news.example.org from `client` (any 127.x address is this machine)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection("news.example.org", port, context=context, timeout=10)
    raw = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(client, 0))
    connection.sock = context.wrap_socket(raw, server_hostname="news.example.org")
    return connection


def get(connection, path):
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.headers, response.read()


def statuses(connection, path, times):
    return [get(connection, path)[0] for _ in range(times)]


@pytest.mark.slow
def test_nginx_answers_429_with_retry_after_past_the_burst_and_lets_others_and_later_requests_through(running):
    port, _ = running
    reader = connect(port)
    seen = statuses(reader, "/search/?q=heart", 30)
    # One request plus a burst of 20 pass; the bucket drains 2 a second, so a slow machine lets a few more by.
    first_refusal = seen.index(429)
    assert 21 <= first_refusal <= 25 and seen[:first_refusal] == [200] * first_refusal, seen
    status, headers, body = get(reader, "/search/?q=heart")
    assert (status, headers["Retry-After"]) == (429, "1") and b"Too many requests" in body
    assert get(connect(port, "127.0.0.2"), "/search/?q=heart")[0] == 200  # another client
    assert 429 in statuses(reader, "/tag/heart/feed/", 30)  # the feeds' own zone
    assert set(statuses(reader, "/feed/", 30)) == {200}  # the site feed is not limited
    time.sleep(1.1)  # the bucket drains 2 requests a second
    assert get(reader, "/search/?q=heart")[0] == 200


@pytest.mark.slow
def test_nginx_logs_share_preview_paths_with_the_token_masked(running):
    port, root = running
    assert get(connect(port), "/preview/shared/eyJsaW5rIjoxfQ:1vR:SecretSig/")[0] == 200
    log, deadline = "", time.monotonic() + 5
    while "/preview/" not in log and time.monotonic() < deadline:  # nginx writes the line after answering
        time.sleep(0.05)
        log = (root / "newsroom.access.log").read_text()
    assert "SecretSig" not in log and "eyJsaW5r" not in log
    assert '"GET /preview/shared/[redacted]/"' in log


@pytest.mark.slow
def test_nginx_logs_newsletter_links_with_the_token_masked(running):
    port, root = running
    links = ("/newsletter/confirm/12/eyJmIjoid2Vla2x5In0:1vR:SecretSig/", "/newsletter/unsubscribe/12/MTI:1vR:OtherSig")
    for path in links:
        assert get(connect(port), path)[0] == 200
    log, deadline = "", time.monotonic() + 5
    while log.count("/newsletter/") < 2 and time.monotonic() < deadline:  # nginx writes the line after answering
        time.sleep(0.05)
        log = (root / "newsroom.access.log").read_text()
    assert "SecretSig" not in log and "OtherSig" not in log and "eyJmIjoid2Vla2x5In0" not in log
    assert '"GET /newsletter/confirm/12/[redacted]/"' in log
    assert '"GET /newsletter/unsubscribe/12/[redacted]"' in log
