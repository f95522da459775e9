"""Whole-page cache for anonymous readers, and the Cache-Control of every response.

Where it sits (settings.MIDDLEWARE): after the request log and the view count, before
everything else. So:

- a cache hit costs no session lookup, no database query and no template, and skips
  the middleware a stored page does not need: it already carries the headers they
  added (the security headers, X-Frame-Options, Content-Security-Policy, Vary);
- static files (WhiteNoise, inside) and HTTPS redirects (SecurityMiddleware, inside)
  pass straight through;
- on the way out of a miss, every inner middleware has finished, so what is
  stored is exactly what the reader got (minus per-request headers).

Who is served from the cache: GET/HEAD to a public path, from anyone who does not carry
a real signed-in session. Signed-in staff are known by a marker cookie (SIGNED_IN_COOKIE)
set when they sign in: a keyed hash of their session cookie, checked without touching
the session store. A made-up session or messages cookie proves nothing: such a request
is served, and rendered, as for any reader (those cookies are dropped before the inner
middleware sees them). Query parameters: PAGE_CACHE_QUERY_PARAMS select content and are
part of the key; PAGE_CACHE_PASSTHROUGH_PARAMS (WordPress's "/?p=123") are answered
uncached; any other parameter (tracking or made up) is dropped, and the canonical page
is served. What is stored: 200 responses that set no cookie and did not ask not to be
cached. The key covers scheme, host, path, the kept query parameters and the generation
tokens of the scopes the page depends on (articles.changes decides which;
newsroom.pagecache keeps them), so any content change reaches every worker and server
sharing the cache within PAGE_CACHE_TOKEN_SECONDS.

A page that used the CSP nonce is stored with it; each hit gets a fresh nonce,
replaced in the header and the body, so a nonce is never served twice.
"""

import math
import time
from functools import lru_cache
from urllib.parse import unquote_plus, urlencode

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import QueryDict
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.cache import get_conditional_response
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import http_date, parse_http_date_safe

from articles import changes, fragments, freshness

from . import pagecache, ready_pages
from .db_router import replica_reads

PRIVATE = "private, no-store"
NO_STORE = "no-store"
# Headers that belong to one response, not to the page: never stored.
PER_RESPONSE_HEADERS = {"cache-control", "age", "date", "set-cookie", "x-request-id", "x-page-cache", "content-length"}
# What django.utils.cache.get_conditional_response reads from a request.
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
MAX_QUERY_LENGTH = 200
UNKNOWN = object()
SIGNED_IN_COOKIE = "signed_in"
# Cookies that only mean something for a signed-in user: a stranger's are not looked at.
SESSION_ONLY_COOKIES = ("messages", SIGNED_IN_COOKIE)


def signed_in_marker(session_key):
    """The marker cookie's value for a session: unforgeable without the secret key."""
    return salted_hmac("newsroom.middleware.signed-in", session_key, algorithm="sha256").hexdigest()


def carries_signed_in_session(request):
    """True when the request carries a session cookie and the marker made for it at sign-in."""
    if SIGNED_IN_COOKIE not in request.META.get("HTTP_COOKIE", ""):
        return False  # no marker cookie: nothing to parse or compare
    cookies = request.COOKIES
    marker = cookies.get(SIGNED_IN_COOKIE)
    session_key = cookies.get(settings.SESSION_COOKIE_NAME)
    return bool(marker and session_key) and constant_time_compare(marker, signed_in_marker(session_key))


def query_names(raw):
    """The parameter names in a raw query string, decoded as request.GET decodes them; values unread."""
    if not raw.isascii():  # the server's ISO-8859-1 text of the bytes sent
        try:
            raw = raw.encode("iso-8859-1").decode(settings.DEFAULT_CHARSET)
        except UnicodeDecodeError:
            pass  # QueryDict keeps such a query as ISO-8859-1 too
    for field in raw.split("&"):
        if field:
            name = field.partition("=")[0]
            yield unquote_plus(name) if "%" in name or "+" in name else name


@lru_cache(maxsize=4096)
def scopes_for_path(path):
    """(scopes of the page at `path`, those of them it is assembled with); resolving costs more than a hit."""
    try:
        match = resolve(path)
    except Resolver404:
        view_name, kwargs = "", {}
    else:
        view_name, kwargs = match.view_name, match.kwargs
    return tuple(changes.scopes_for_page(view_name, kwargs)), frozenset(changes.assembled_scopes(view_name))


@receiver(setting_changed)
def _forget_scopes_on_new_urls(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        scopes_for_path.cache_clear()


class Lookup:
    """Where a page is kept: its key (without the scopes it is assembled with), and the fragment's."""

    def __init__(self, state, scopes, apart, parts):
        self.state = state
        self.upcoming = state.seconds_until_next_publication
        tokens = dict(zip(scopes, state.tokens, strict=True))
        self.key = pagecache.page_key(parts, [token for scope, token in tokens.items() if scope not in apart])
        self.latest_apart = changes.LATEST in apart
        self.latest_token = tokens.get(changes.LATEST)
        self.latest_key = f"pagecache:fragment:latest:{self.latest_token}" if self.latest_apart else None

    @property
    def replica_ok(self):
        # Right after a change (REPLICA_LAG_SECONDS), render from the primary: a replica a
        # moment behind would render the old content and store it under the new generation.
        return time.time() - self.state.changed_at > settings.REPLICA_LAG_SECONDS

    def fetch(self):
        """(the stored page or None, the latest-stories fragment or None), in one round trip."""
        keys = [self.key, self.latest_key] if self.latest_apart else [self.key]
        found = pagecache.get_pages(keys)
        return found.get(self.key), found.get(self.latest_key)

    def build_latest(self):
        latest = fragments.build()
        pagecache.store_page(self.latest_key, latest, settings.PAGE_CACHE_SECONDS)
        return latest


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
        if path.startswith((*settings.PAGE_CACHE_UNCACHED_PATHS, settings.STATIC_URL)):
            return "uncached"
        return "public"

    @staticmethod
    def redirected_to_https(request):
        """SecurityMiddleware (inside) will redirect this request: nothing to look up."""
        return settings.SECURE_SSL_REDIRECT and not request.is_secure()

    # --- the request ----------------------------------------------------------------------

    def __call__(self, request):
        kind = self.kind_of(request)
        if kind != "public" or request.method not in ("GET", "HEAD") or self.redirected_to_https(request):
            return self.finish(request, self.get_response(request), kind)
        if carries_signed_in_session(request):
            response = self.get_response(request)
            response.headers.setdefault("X-Page-Cache", "bypass")
            return self.finish(request, response, kind)

        # Validate the Host header before using it in a key (CommonMiddleware, which
        # would otherwise do it, runs after this one): DisallowedHost answers 400.
        host = request.get_host()
        lookup = self.lookup(request, host)
        if lookup is None:
            self.as_stranger(request)
            return self.finish(request, self.get_response(request), kind)
        entry, latest = lookup.fetch()
        if entry is not None and self.fresh(entry):
            return self.serve(request, entry, lookup, latest)  # a stored page: cookies not even parsed

        self.as_stranger(request)
        request.latest_stories_apart = lookup.latest_apart
        request.page_state = lookup.state  # read by articles.freshness: one lookup per request
        if lookup.replica_ok:
            with replica_reads():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if request.method == "GET" and self.storable(request, response):
            self.store(request, response, lookup)
            response.headers.setdefault("X-Page-Cache", "miss")
        if lookup.latest_apart:
            self.put_latest_in(response, latest or lookup.build_latest())
        return self.finish(request, response, kind, lookup.upcoming)

    @staticmethod
    def as_stranger(request):
        """Drop cookies that only a signed-in session gives meaning to: this reader gets the public page."""
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or any(name in cookies for name in SESSION_ONLY_COOKIES):
            dropped = {settings.SESSION_COOKIE_NAME, *SESSION_ONLY_COOKIES}
            request.COOKIES = {name: value for name, value in cookies.items() if name not in dropped}

    def lookup(self, request, host):
        """Where this page is kept (a Lookup), or None: do not cache it."""
        query = self.canonical_query(request)
        if query is None:
            return None
        scopes, apart = scopes_for_path(request.path_info)
        state = changes.page_state(list(scopes))
        if state is None:
            return None
        return Lookup(state, scopes, apart, [request.scheme, host, request.path, query])

    @staticmethod
    def canonical_query(request):
        """The query string that selects this page's content, or None: answer uncached.

        Parameters that select nothing are dropped from the request itself, so the page
        rendered is the canonical one and can be stored under the canonical key. Only
        their names are read: request.GET is parsed only when a parameter is kept.
        """
        raw = request.META.get("QUERY_STRING")
        if not raw:
            return ""
        selecting = settings.PAGE_CACHE_QUERY_PARAMS
        passthrough = settings.PAGE_CACHE_PASSTHROUGH_PARAMS
        keeps = dropped = False
        for name in query_names(raw):
            if name in selecting:
                keeps = True
            elif name in passthrough:
                return None
            else:
                dropped = True
        query = ""
        if keeps:
            kept = [(name, value) for name, values in request.GET.lists() if name in selecting for value in values]
            query = urlencode(sorted(kept))
            if len(query) > MAX_QUERY_LENGTH:
                return None
        if dropped:
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query)
        return query

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
    def store(request, response, lookup):
        seconds = settings.PAGE_CACHE_SECONDS
        if lookup.upcoming is not None:
            seconds = min(seconds, lookup.upcoming)
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
            # The `latest` generation its validators (ETag, Last-Modified) were made with.
            "latest_token": lookup.latest_token,
        }
        pagecache.store_page(lookup.key, entry, seconds + 1)

    @staticmethod
    def fresh(entry):
        # Checked here as well as by the backend's timeout: the backend's clock (Redis')
        # is not this process' clock, and a scheduled publication must not wait for it.
        return entry["stored_at"] <= time.time() < entry["expires_at"]

    @staticmethod
    def put_latest_in(response, latest):
        """Replace the latest-stories placeholder of a rendered page with the list."""
        if response.streaming or not fragments.has_placeholder(response.content):
            return
        response.content = fragments.fill(response.content, latest)
        if response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))

    def serve(self, request, entry, lookup, latest):
        page = ready_pages.ready(
            lookup.key, entry, lookup.latest_token, lambda: self.assemble(request, entry, lookup, latest)
        )
        response = page.response()
        response.headers["Age"] = str(max(0, int(time.time() - entry["stored_at"])))
        response.headers["X-Page-Cache"] = "hit"
        response.headers["Cache-Control"] = public_cache_control(lookup.upcoming)
        # The view did not run, so neither did its ETag/Last-Modified check: do it here, for a
        # request that asks (most hits do not, and parsing the date costs as much as the rest).
        if any(header in request.META for header in CONDITIONAL_HEADERS):
            etag = response.get("ETag")
            last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
            if etag or last_modified:
                response = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
        return response

    @staticmethod
    def assemble(request, entry, lookup, latest):
        """(content, headers) of a stored page as served now: with the latest stories of the moment."""
        content, headers = entry["content"], entry["headers"]
        if lookup.latest_apart and fragments.has_placeholder(content):
            content = fragments.fill(content, latest or lookup.build_latest())
        stored_etag = any(name == "ETag" for name, _ in headers)
        if lookup.latest_apart and entry.get("latest_token") != lookup.latest_token and stored_etag:
            # Assembled with a newer list than the page was stored with: validators as a render would give.
            validators = {
                "ETag": freshness.etag_for(request, lookup.state),
                "Last-Modified": http_date(math.ceil(lookup.state.changed_at)),
            }
            headers = [(name, value) for name, value in headers if name not in validators] + list(validators.items())
        return content, headers

    # --- headers for every response ---------------------------------------------------

    def finish(self, request, response, kind, upcoming=UNKNOWN):
        signed_in = self.keep_marker(request, response)
        if kind == "private" or response.cookies or signed_in:
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
                state = changes.page_state(list(scopes_for_path(request.path_info)[0]))
                upcoming = state.seconds_until_next_publication if state is not None else None
            response.headers["Cache-Control"] = public_cache_control(upcoming)
        return response

    @staticmethod
    def keep_marker(request, response):
        """Set the signed-in marker for a signed-in user's session, drop it otherwise; True if signed in.

        request.user exists once AuthenticationMiddleware has run; reading it loads the
        session only for clients that sent a session cookie (or just signed in).
        """
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        session_key = session.session_key if session is not None else None
        signed_in = bool(user is not None and session_key and user.is_authenticated)
        marker = request.COOKIES.get(SIGNED_IN_COOKIE)
        if signed_in:
            value = signed_in_marker(session_key)
            if marker != value:
                response.set_cookie(
                    SIGNED_IN_COOKIE,
                    value,
                    max_age=settings.SESSION_COOKIE_AGE,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite=settings.SESSION_COOKIE_SAMESITE,
                )
        elif marker is not None and user is not None:
            response.delete_cookie(SIGNED_IN_COOKIE, samesite=settings.SESSION_COOKIE_SAMESITE)
        return signed_in
