"""Downloading the old site's upload files (`import_wordpress --fetch-media`), as outside input.

An export names URLs anybody could have written, so a download may only reach the public
internet: http or https, to a host whose every address is public (no private, loopback,
link-local, multicast or reserved address) unless IMPORT_ALLOW_PRIVATE_ADDRESSES lists its
network. The connection goes to the address that was checked, so a name that resolves
differently a moment later cannot slip through, and each redirect is checked like the
first URL. A download stops at IMPORT_FETCH_MAX_BYTES (a larger Content-Length is refused
before a byte is read), at IMPORT_FETCH_TIMEOUT between two reads, and at
IMPORT_FETCH_DEADLINE in all. What arrives is only bytes in a temporary file: the image
checks and re-encoding of wordpress.media decide whether it is an image.
"""

import http.client
import ipaddress
import socket
import ssl
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 3
CHUNK = 64 * 1024
USER_AGENT = "Newsroom WordPress import"


class FetchError(Exception):
    """This file could not be downloaded; the message says why, for the import's report."""


def allowed_networks():
    networks = []
    for value in settings.IMPORT_ALLOW_PRIVATE_ADDRESSES:
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise FetchError(f"IMPORT_ALLOW_PRIVATE_ADDRESSES: {value!r} is not a network") from None
    return networks


# RFC 6052's well-known prefix: on an IPv6-only network DNS64 names an IPv4-only host 64:ff9b::a.b.c.d.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _public(ip):
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_loopback)


def _carried_ipv4(ip):
    """The IPv4 addresses an IPv6 address leads to: IPv4-mapped, NAT64, 6to4 and Teredo (server and client)."""
    if ip.version != 6:
        return []
    if ip.ipv4_mapped:
        return [ip.ipv4_mapped]
    if ip in NAT64:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.sixtofour:
        return [ip.sixtofour]
    return list(ip.teredo or [])


def check_address(address, networks):
    """Refuse an address that is not on the public internet, unless its network is allowed.

    An IPv6 address that leads to an IPv4 one is judged by that one too, whatever this Python's
    tables say of its prefix: a NAT64 address of a public host passes (an IPv6-only server reaches
    IPv4 sites so), one of a private host does not; 6to4 and Teredo never pass.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if any(ip in network for network in networks):
        return
    carried = _carried_ipv4(ip)
    for inner in carried:
        if not _public(inner) and not any(inner in network for network in networks):
            raise FetchError(f"{ip} leads to {inner}, which is not a public address")
    if carried and (ip.ipv4_mapped or ip in NAT64):
        return
    if carried:  # 6to4 or Teredo: a relay nobody needs for a download, refused on every Python
        raise FetchError(f"{ip} is a 6to4 or Teredo address, not a public address")
    if not _public(ip):
        raise FetchError(f"{ip} is not a public address")


def resolve(host, port, networks):
    """The first address of `host` once every one of its addresses has passed `check_address`."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host}: {error}") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"cannot resolve {host}")
    for address in addresses:
        check_address(address, networks)
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address while the request names the host."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, as for any https request.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def download(url, folder=None, *, max_bytes=None, accept="image/*"):
    """Fetch `url` into a new temporary file (in `folder`, if given); returns its Path. Raises FetchError.

    At most `max_bytes` (IMPORT_FETCH_MAX_BYTES unless given: video and audio take richmedia's upload limit).
    """
    networks = allowed_networks()
    deadline = time.monotonic() + settings.IMPORT_FETCH_DEADLINE
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url[:200]}: only http and https addresses are fetched")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError(f"{url[:200]}: bad port") from None
        address = resolve(parts.hostname, port, networks)
        connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(parts.hostname, port, address, settings.IMPORT_FETCH_TIMEOUT)
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": accept})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location", "")
                if not location:
                    raise FetchError(f"HTTP {response.status} without a Location")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchError(f"HTTP {response.status}")
            return _save_body(response, folder, deadline, max_bytes or settings.IMPORT_FETCH_MAX_BYTES)
        except (OSError, http.client.HTTPException) as error:
            reason = "timed out" if isinstance(error, TimeoutError) else str(error) or type(error).__name__
            raise FetchError(reason) from None
        finally:
            connection.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _save_body(response, folder, deadline, limit):
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{int(declared):,} bytes announced, more than the {limit:,} allowed")
    handle = tempfile.NamedTemporaryFile(dir=folder, delete=False, prefix="fetch-")  # noqa: SIM115 (kept on success)
    target = Path(handle.name)
    try:
        with handle:
            received = 0
            while chunk := response.read(CHUNK):
                received += len(chunk)
                if received > limit:
                    raise FetchError(f"more than the {limit:,} bytes allowed")
                if time.monotonic() > deadline:
                    raise FetchError(f"took longer than {settings.IMPORT_FETCH_DEADLINE:g} seconds")
                handle.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
