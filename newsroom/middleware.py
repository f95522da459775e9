"""Whole-page cache for anonymous readers, and the Cache-Control of every response.

Where it sits (settings.MIDDLEWARE): after SecurityMiddleware and WhiteNoise, before
sessions, CSRF, auth, messages, X-Frame-Options and CSP. So:

- a cache hit costs no session lookup, no database query and no template: the
  stored response already carries the headers the inner middleware added
  (X-Frame-Options, Content-Security-Policy, Vary);
- the outer middleware still runs on hits: the request log (request id), HTTPS
  redirect and HSTS, static files;
- on the way out of a miss, every inner middleware has finished, so what is
  stored is exactly what the reader got (minus per-request headers).

Who is served from the cache: GET/HEAD to a public path, from a client that sends
neither a session cookie (signed-in staff, who bypass the cache entirely) nor a
messages cookie, with no query parameters other than PAGE_CACHE_QUERY_PARAMS
(tracking parameters such as utm_* are ignored). What is stored: 200 responses that
set no cookie and did not ask not to be cached. The key covers scheme, host, path,
the kept query parameters and the generation tokens of the scopes the page depends on
(articles.changes decides which; newsroom.pagecache keeps them), so any content change
reaches every worker and server sharing the cache at once.

A page that used the CSP nonce is stored with it; each hit gets a fresh nonce,
replaced in the header and the body, so a nonce is never served twice.
"""

import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.cache import get_conditional_response
from django.utils.csp import CSP, generate_nonce
from django.utils.http import parse_http_date_safe

from articles import changes

from . import pagecache
from .db_router import replica_reads

PRIVATE = "private, no-store"
NO_STORE = "no-store"
# Headers that belong to one response, not to the page: never stored.
PER_RESPONSE_HEADERS = {"cache-control", "age", "date", "set-cookie", "x-request-id", "x-page-cache", "content-length"}
CSP_HEADERS = (str(CSP.HEADER_ENFORCE), str(CSP.HEADER_REPORT_ONLY))
MAX_QUERY_LENGTH = 200
UNKNOWN = object()


def public_cache_control(upcoming_seconds):
    """Cache-Control for a public page, never promising freshness past a scheduled publication."""
    max_age = settings.PUBLIC_MAX_AGE
    s_maxage = settings.PUBLIC_S_MAXAGE
    stale = settings.PUBLIC_STALE_WHILE_REVALIDATE
    if upcoming_seconds is not None and upcoming_seconds < s_maxage:
        # A scheduled story goes live before a shared cache would refetch: no stale grace either.
        max_age, s_maxage, stale = min(max_age, upcoming_seconds), upcoming_seconds, 0
    value = f"public, max-age={max_age}, s-maxage={s_maxage}"
    if stale:
        value += f", stale-while-revalidate={stale}"
    return value


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._private_prefixes = None
        self.ignored_params = re.compile(settings.PAGE_CACHE_IGNORED_QUERY_PARAMS)

    # --- classification -------------------------------------------------------------------

    @property
    def private_prefixes(self):
        if self._private_prefixes is None:
            prefixes = list(settings.PAGE_CACHE_PRIVATE_PATHS)
            try:
                prefixes.append(reverse("admin:index"))
            except NoReverseMatch:
                pass
            self._private_prefixes = tuple(prefixes)
        return self._private_prefixes

    def kind_of(self, request):
        path = request.path_info
        if path.startswith(self.private_prefixes):
            return "private"
        if path.startswith(tuple(settings.PAGE_CACHE_UNCACHED_PATHS)):
            return "uncached"
        return "public"

    @staticmethod
    def may_be_signed_in(request):
        cookies = request.COOKIES
        return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies

    # --- the request ----------------------------------------------------------------------

    def __call__(self, request):
        kind = self.kind_of(request)
        if kind != "public" or request.method not in ("GET", "HEAD"):
            return self.finish(request, self.get_response(request), kind)
        if self.may_be_signed_in(request):
            response = self.get_response(request)
            response.headers.setdefault("X-Page-Cache", "bypass")
            return self.finish(request, response, kind)

        # Validate the Host header before using it in a key (CommonMiddleware, which
        # would otherwise do it, runs after this one): DisallowedHost answers 400.
        host = request.get_host()
        lookup = self.lookup(request, host)
        replica_ok = True
        if lookup is not None:
            key, upcoming, replica_ok = lookup
            entry = pagecache.get_page(key)
            if entry is not None and self.fresh(entry):
                return self.serve(request, entry, upcoming)
        else:
            key, upcoming = None, UNKNOWN
        if replica_ok:
            with replica_reads():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if key is not None and request.method == "GET" and self.storable(request, response):
            self.store(request, response, key, upcoming)
            response.headers.setdefault("X-Page-Cache", "miss")
        return self.finish(request, response, kind, upcoming)

    def lookup(self, request, host):
        """(cache key, seconds until the next scheduled publication, may read a replica), or None.

        None means "do not cache". Right after a change (REPLICA_LAG_SECONDS), the page is
        rendered from the primary: a replica a moment behind would render the old content
        and store it under the new generation.
        """
        kept = []
        for name, values in request.GET.lists():
            if self.ignored_params.match(name):
                continue
            if name not in settings.PAGE_CACHE_QUERY_PARAMS:
                return None
            kept.extend((name, value) for value in values)
        query = urlencode(sorted(kept))
        if len(query) > MAX_QUERY_LENGTH:
            return None
        state = changes.page_state(self.scopes_for(request.path_info))
        if state is None:
            return None
        upcoming = state.seconds_until_next_publication
        key = pagecache.page_key([request.scheme, host, request.path, query], state.tokens)
        replica_ok = time.time() - state.changed_at > settings.REPLICA_LAG_SECONDS
        return key, upcoming, replica_ok

    @staticmethod
    def scopes_for(path):
        try:
            match = resolve(path)
        except Resolver404:
            return changes.scopes_for_page("", {})
        return changes.scopes_for_page(match.view_name, match.kwargs)

    # --- storing and serving ------------------------------------------------------------

    @staticmethod
    def storable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # the page carries a CSRF token meant for this client only
        cache_control = response.get("Cache-Control", "").lower()
        return not any(word in cache_control for word in ("private", "no-store", "no-cache", "max-age=0"))

    @staticmethod
    def store(request, response, key, upcoming):
        seconds = settings.PAGE_CACHE_SECONDS
        if upcoming is not None:
            seconds = min(seconds, upcoming)
        if seconds <= 0:
            return
        nonce = getattr(request, "_csp_nonce", None)
        now = time.time()
        entry = {
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in PER_RESPONSE_HEADERS],
            "content": response.content,
            "nonce": str(nonce) if nonce else None,
            "stored_at": now,
            "expires_at": now + seconds,
        }
        pagecache.store_page(key, entry, seconds + 1)

    @staticmethod
    def fresh(entry):
        # Checked here as well as by the backend's timeout: the backend's clock (Redis')
        # is not this process' clock, and a scheduled publication must not wait for it.
        return entry["stored_at"] <= time.time() < entry["expires_at"]

    def serve(self, request, entry, upcoming):
        content = entry["content"]
        headers = entry["headers"]
        if entry["nonce"]:
            old, new = entry["nonce"], generate_nonce()
            content = content.replace(old.encode(), new.encode())
            headers = [(k, v.replace(old, new) if k in CSP_HEADERS else v) for k, v in headers]
        response = HttpResponse(content, status=entry["status"])
        for name, value in headers:
            response.headers[name] = value
        response.headers["Age"] = str(max(0, int(time.time() - entry["stored_at"])))
        response.headers["X-Page-Cache"] = "hit"
        response.headers["Cache-Control"] = public_cache_control(upcoming)
        # The view did not run, so neither did its ETag/Last-Modified check: do it here.
        etag = response.get("ETag")
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        if etag or last_modified:
            response = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
        return response

    # --- headers for every response ---------------------------------------------------

    def finish(self, request, response, kind, upcoming=UNKNOWN):
        if kind == "private" or response.cookies or self.signed_in(request):
            # Admin, preview, anything for a signed-in user or carrying a cookie: never kept
            # by a shared cache (proxy, CDN). A view's own private policy is kept as it is.
            cache_control = response.get("Cache-Control", "").lower()
            if "private" not in cache_control and "no-store" not in cache_control:
                response.headers["Cache-Control"] = PRIVATE
            return response
        if kind == "uncached":
            response.headers.setdefault("Cache-Control", NO_STORE)
            return response
        if request.method in ("GET", "HEAD") and response.status_code == 200 and "Cache-Control" not in response:
            if upcoming is UNKNOWN:
                state = changes.page_state(self.scopes_for(request.path_info))
                upcoming = state.seconds_until_next_publication if state is not None else None
            response.headers["Cache-Control"] = public_cache_control(upcoming)
        return response

    @staticmethod
    def signed_in(request):
        # request.user exists once AuthenticationMiddleware has run; reading it loads the
        # session only for clients that sent a session cookie.
        user = getattr(request, "user", None)
        if user is None or not PageCacheMiddleware.may_be_signed_in(request):
            return False
        return bool(user.is_authenticated)
