"""deploy/nginx/: the configuration the guide installs, read as text and checked by `nginx -t`.

`nginx -t` runs on the files as shipped, with only the paths outside the repository moved into
a scratch folder (the certificate a self-signed one, logs there): steps 6 and 8 of
docs/deploy.md each pass it, port 80 alone before any certificate exists.
"""

import re
import subprocess

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
