"""Stored pages made ready to serve: assembled once per worker, not once per hit.

A stored page is served with the latest-stories list of the moment filled in, its
validators made for that list, and a fresh CSP nonce. All but the nonce are the same
for every hit until the page or the list changes, so each worker assembles a page once
and keeps it split at its stored nonce: a hit then joins the body around a new nonce
and sets the headers, nothing more.

Kept by the page's key, the latest-stories token it was assembled with and the time
the page was stored. The key and the token carry generation tokens, so a kept page is
as fresh as the stored one: a change gives new keys, and old ones are no longer asked for.
"""

from django.http import HttpResponse
from django.utils.csp import CSP, generate_nonce

from .pagecache import LocalPages

CSP_HEADERS = (str(CSP.HEADER_ENFORCE), str(CSP.HEADER_REPORT_ONLY))
CONTENT_TYPE = "Content-Type"


class ReadyPage:
    """A page as this worker serves it: body and CSP headers split at the nonce they were stored with."""

    __slots__ = ("status", "content_type", "body", "headers", "nonced", "size")

    def __init__(self, status, content, headers, nonce):
        self.status = status
        self.nonced = bool(nonce)
        self.body = content.split(nonce.encode()) if nonce else [content]
        self.content_type = None
        self.headers = []
        for name, value in headers:
            if name == CONTENT_TYPE:
                self.content_type = value
            else:
                self.headers.append((name, value.split(nonce) if nonce and name in CSP_HEADERS else [value]))
        self.size = len(content)

    def response(self):
        """A new response, with a nonce no other response had."""
        nonce = generate_nonce() if self.nonced else ""
        content = nonce.encode().join(self.body)
        response = HttpResponse(content, status=self.status, content_type=self.content_type)
        for name, parts in self.headers:
            response.headers[name] = nonce.join(parts)
        # As CommonMiddleware gives a rendered page: the server then sends it whole, not in chunks.
        response.headers["Content-Length"] = str(len(content))
        return response


_pages = LocalPages(size_of=lambda page: page.size)


def ready(key, entry, latest_token, assemble):
    """The ReadyPage of the stored `entry` under `key`, assembled by `assemble()` -> (content, headers) once."""
    kept_as = (key, latest_token, entry["stored_at"])
    page = _pages.get(kept_as)
    if page is None:
        content, headers = assemble()
        page = ReadyPage(entry["status"], content, headers, entry["nonce"])
        _pages.put(kept_as, page)
    return page
