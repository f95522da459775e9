"""Newsroom settings: one module, every value from the environment.

Safe by default: DEBUG is off, a real SECRET_KEY is required to serve, cookies are
secure and HTTPS is assumed. `NEWSROOM_LOCAL=1` (set by `make serve`) relaxes
only what a laptop without TLS needs; it never turns DEBUG on by itself.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


DEBUG = env_bool("DJANGO_DEBUG", False)
# Local mode: plain HTTP on a laptop, a generated secret, media served by the app.
LOCAL_MODE = env_bool("NEWSROOM_LOCAL", False)

# --- Secret key -----------------------------------------------------------------
INSECURE_KEY_PREFIXES = ("django-insecure", "change-me", "changeme", "secret")


def _local_secret_key():
    """A per-checkout random key for local mode, shared by all gunicorn workers."""
    from django.core.management.utils import get_random_secret_key

    path = BASE_DIR / "var" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and (DEBUG or LOCAL_MODE):
    SECRET_KEY = _local_secret_key()
# Serving (newsroom/wsgi.py, asgi.py) refuses to start while this names a problem; management
# commands that sign nothing (migrate, makemigrations, check) run without a key, and anything
# that signs with an empty key fails in Django itself.
SERVE_REFUSAL_REASON = None
if not DEBUG and not LOCAL_MODE:
    if not SECRET_KEY or len(SECRET_KEY) < 32 or SECRET_KEY.lower().startswith(INSECURE_KEY_PREFIXES):
        SERVE_REFUSAL_REASON = (
            "DJANGO_SECRET_KEY must be set to a long random value when DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )

# --- Hosts ------------------------------------------------------------------------
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if (DEBUG or LOCAL_MODE) else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_NAME = os.environ.get("SITE_NAME", "Newsroom Health")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_LANGUAGE = os.environ.get("SITE_LANGUAGE", "en")

# --- Applications -----------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "articles",
    "editorial",
    "images",
    "django.contrib.postgres",  # search: SearchVectorField and lookups (harmless on SQLite)
    "search",
    "wordpress",
]

MIDDLEWARE = [
    # First: every response, even a redirect, a static file or a cache hit, gets a request id and a log line.
    "newsroom.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions/CSRF/auth/CSP: a hit skips them all but still carries the headers they
    # added when the page was stored (X-Frame-Options, CSP); see newsroom/middleware.py.
    "newsroom.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last: old WordPress addresses answer 301 only where our own response is a 404.
    "wordpress.middleware.LegacyRedirectMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "articles.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many gunicorn workers share one file: wait for the write lock instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
# Optional read replica: anonymous readers' queries go there, everything else to "default"
# (newsroom/db_router.py). The test run mirrors it onto "default".
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]
# For this long after a content change, readers' pages render from the primary, not the replica.
REPLICA_LAG_SECONDS = env_int("REPLICA_LAG_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's RedisCache, but a Redis that is down or slow means "cache miss", not 500.
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                # Short: a slow Redis costs a request at most this, then is skipped for RETRY_AFTER s.
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
                "RETRY_AFTER": float(os.environ.get("REDIS_RETRY_AFTER", "5")),
            },
        }
    }
else:
    # A cache every gunicorn worker on this machine sees, so invalidation reaches all.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
        }
    }
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

# --- Auth -------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The app serves media itself only in local mode; production puts nginx or object storage in front.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG or LOCAL_MODE)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Security ---------------------------------------------------------------------------
_HTTPS = not (DEBUG or LOCAL_MODE)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", _HTTPS) else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
# The preload directive alone enrols nobody (that takes a submission to the browsers' list);
# it is on by default so `check --deploy` is clean. SECURE_HSTS_PRELOAD=0 leaves it out.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Logging ----------------------------------------------------------------------------
# One JSON object per line on stdout (LOG_FORMAT=text for people reading a terminal), each
# with the request id of the request it belongs to (newsroom/logging.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "newsroom.logging.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "text" if os.environ.get("LOG_FORMAT") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # RequestLogMiddleware writes one line per request; Django's own would repeat 4xx/5xx.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

# --- Newsroom ---------------------------------------------------------------------------
RELATED_STORIES_LIMIT = 6
LATEST_STORIES_LIMIT = 7
# How many recent articles per shared tag the related-stories ranking looks at.
RELATED_CANDIDATES_PER_TAG = env_int("RELATED_CANDIDATES_PER_TAG", 300)
# Related stories rank candidates by shared tags first and read only this many times the
# list's length of article rows (bench/: 7-9 ms to 0.5 ms at 100 000 articles on SQLite).
RELATED_SHORTLIST_FACTOR = env_int("RELATED_SHORTLIST_FACTOR", 8)
ARTICLES_PER_PAGE = 12
# List pages count at most this many stories (articles/pagination.py).
LIST_COUNT_CAP = env_int("LIST_COUNT_CAP", 10_000)
# Public querysets load missed relations for a whole page of rows at once ("peers");
# the test settings use "raise" so a lazy load on a public page fails the suite.
PUBLIC_FETCH_MODE = os.environ.get("PUBLIC_FETCH_MODE", "peers")

TAGGIT_CASE_INSENSITIVE = True

# --- Images (issue 4) -----------------------------------------------------------------
# Uploads are read by content with Pillow and refused past these limits with a form error.
IMAGE_MAX_UPLOAD_BYTES = env_int("IMAGE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Well under Pillow's own bomb threshold; images.apps sets PIL.Image.MAX_IMAGE_PIXELS to it.
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
# The stored master is re-encoded and scaled down to at most this many pixels on its longest side.
IMAGE_MASTER_MAX_SIDE = env_int("IMAGE_MASTER_MAX_SIDE", 4000)
# Image fields whose uploads get renditions (widths, WebP + JPEG, 16:9 and 1:1 crops).
IMAGE_FIELDS = ["articles.Article.hero_image", "articles.Author.photo", "images.BodyImage.file"]
# S3-compatible object storage for media (multi-server deployments), by settings alone:
# if os.environ.get("MEDIA_S3_BUCKET"):
#     STORAGES["default"] = {
#         "BACKEND": "storages.backends.s3.S3Storage",
#         "OPTIONS": {
#             "bucket_name": os.environ["MEDIA_S3_BUCKET"],
#             "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
#             "region_name": os.environ.get("MEDIA_S3_REGION") or None,
#             "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
#             "default_acl": None,
#             "querystring_auth": False,
#             "file_overwrite": True,
#             "object_parameters": {"CacheControl": "public, max-age=86400"},
#         },
#     }
#     # Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment.

# --- Editorial workflow (issue 3) ---------------------------------------------------------
# How long a signed preview link for an outside reviewer stays valid.
PREVIEW_LINK_MAX_AGE_HOURS = env_int("PREVIEW_LINK_MAX_AGE_HOURS", 72)
# The admin's "review due" filter lists articles whose medical review is older than this, or missing.
MEDICAL_REVIEW_MAX_AGE_DAYS = env_int("MEDICAL_REVIEW_MAX_AGE_DAYS", 365)

# --- Editorial history (issue 3: revisions, edit conflicts, corrections, redirects) -------
# Saves made anywhere in a request (services, bulk actions) name the signed-in user in their revision.
MIDDLEWARE = [*MIDDLEWARE, "editorial.middleware.CurrentUserMiddleware"]
# "Being edited by": a change form counts as open this long after its last 30-second ping.
EDITORIAL_PRESENCE_SECONDS = env_int("EDITORIAL_PRESENCE_SECONDS", 75)
# Groups that get the editorial permissions (corrections, restore, tag merge) after every migrate.
EDITORIAL_EDITOR_GROUPS = env_list("EDITORIAL_EDITOR_GROUPS", "Editor,Admin")

# --- Discovery and distribution (issue 5: search, feeds, sitemaps, head metadata) -------
# PostgreSQL text-search configuration (stemming, stop words) for the site search.
SEARCH_CONFIG = os.environ.get("SEARCH_CONFIG", "english")
SEARCH_RESULTS_PER_PAGE = env_int("SEARCH_RESULTS_PER_PAGE", 10)
# Matches counted (and paged through) at most; beyond it the page says "More than 1000 results".
SEARCH_MAX_COUNT = env_int("SEARCH_MAX_COUNT", 1000)
# Items in each RSS/Atom feed; articles per page of the article sitemap.
FEED_ITEMS = env_int("FEED_ITEMS", 30)
SITEMAP_PAGE_SIZE = env_int("SITEMAP_PAGE_SIZE", 5000)
# Publisher logo for structured data (a static file path) and the Google News window.
SITE_LOGO = os.environ.get("SITE_LOGO", "img/logo.png")
NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000

# --- Production: page cache, Cache-Control, health (issue 6) -----------------------------
# newsroom.apps wires the page-cache invalidation signals (newsroom/pagecache.py).
INSTALLED_APPS = [*INSTALLED_APPS, "newsroom.apps.NewsroomConfig"]
# Which cache holds pages and generation tokens: it must be shared by every worker and server.
PAGE_CACHE_ALIAS = "default"
# Query parameters that select different content; any other parameter skips the cache
# (the page still renders), except tracking ones, which are ignored altogether.
PAGE_CACHE_QUERY_PARAMS = {"page", "q", "section", "tag"}
PAGE_CACHE_IGNORED_QUERY_PARAMS = r"^(utm_[a-z]+|fbclid|gclid|msclkid|mc_cid|mc_eid)$"
# Always "private, no-store" (the admin's own prefix is added); never cached, "no-store".
PAGE_CACHE_PRIVATE_PATHS = ["/preview/"]
PAGE_CACHE_UNCACHED_PATHS = ["/healthz", "/readyz", "/media/"]
# The URL name of the article page: it gets its own invalidation scope.
PAGE_CACHE_ARTICLE_VIEW = "articles:article"
# Models whose rows show on one article's page (article FK): a change re-renders that page.
PAGE_CACHE_ARTICLE_CHILD_MODELS = ["editorial.Correction"]
# Cache-Control of public pages for anonymous readers: browsers, then shared caches (CDN).
PUBLIC_MAX_AGE = env_int("PUBLIC_MAX_AGE", 60)
PUBLIC_S_MAXAGE = env_int("PUBLIC_S_MAXAGE", 300)
PUBLIC_STALE_WHILE_REVALIDATE = env_int("PUBLIC_STALE_WHILE_REVALIDATE", 60)
# The rich-text editor (Tiptap inside django-prose-editor) adds one <style> element with
# ProseMirror's base rules; the strict policy blocks it (a CSP violation on every admin
# article form). Allow exactly that text by its hash, nothing else inline. A package update
# that changes it is caught by tests/test_production_csp.py, which recomputes the hash.
PROSE_EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
SECURE_CSP = {**SECURE_CSP, "style-src": [*SECURE_CSP["style-src"], PROSE_EDITOR_STYLE_HASH]}
# Sessions live in the database by default, so any app server can serve any signed-in editor;
# "django.contrib.sessions.backends.cached_db" adds the shared cache in front.
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.db")
# Media in S3-compatible object storage when several app servers share it (docs/deploy.md);
# needs boto3 (`pip install boto3`), credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
if os.environ.get("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MEDIA_S3_BUCKET"],
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            # As in the images block above: renditions are rebuilt in place.
            "file_overwrite": True,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }

# --- Security and reliability (issue 8: sign-in lockout, two-factor, database outages) ----
# Apps and middleware are added here rather than edited into the lists above; see newsroom/security.py.
INSTALLED_APPS = [*INSTALLED_APPS, "axes", "django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1, "newsroom.security.TwoFactorMiddleware")
# A NUL byte in the address is refused (400) before anything looks it up.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "newsroom.security.RejectNulMiddleware"
)
# Axes turns a locked-out sign-in into a 429 page; it must be last.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
# The lockout gate first (refuses locked-out sign-ins before a password is checked), then the usual backend.
AUTHENTICATION_BACKENDS = ["newsroom.security.SignInLockoutBackend", "django.contrib.auth.backends.ModelBackend"]
# Failed sign-ins are counted per username AND, separately, per client address: either one
# reaching the limit locks. By username stops slow guessing of one editor's password from
# many addresses; by address stops one machine trying many accounts. A username lock can be
# triggered by a stranger, so it always expires (cool-off), is not extended by further tries
# during the lockout, and an admin can lift it (Axes > Access attempts, or `manage.py axes_reset_username`).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = __import__("datetime").timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 200
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
# No start-up banner in every manage.py command's output; failures and lockouts are still logged.
AXES_VERBOSE = False
# How many reverse proxies of ours add to X-Forwarded-For (0: trust only REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_PROXY", _HTTPS) else 0)
# Two-factor sign-in (TOTP) is open to all staff; with this on, the Admin role must use it.
REQUIRE_2FA_FOR_ADMINS = env_bool("REQUIRE_2FA_FOR_ADMINS", False)
OTP_TOTP_ISSUER = SITE_NAME
# Nobody, not even an admin, can read another person's TOTP secret or QR code in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Database outages: a connection attempt gives up quickly so the 503 page is fast.
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 3))

# --- Benchmarks (issue 7) -------------------------------------------------------------
# /bench/baseline/: a bare view that bench/run.sh measures every page against. Off unless asked for.
BENCH_BASELINE_VIEW = env_bool("BENCH_BASELINE_VIEW", False)
