"""Settings every part builds on: the mode, the site, the apps and their middleware, logging."""

import os
from pathlib import Path

from newsroom.env import env_bool

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# --- Mode -----------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", False)
# Local mode: plain HTTP on a laptop, a generated secret, media served by the app.
LOCAL_MODE = env_bool("NEWSROOM_LOCAL", False)

# --- Site -----------------------------------------------------------------------------------


def _served_address():
    """Where local mode serves the site: HOST and PORT, which gunicorn.conf.py binds."""
    host = os.environ.get("HOST") or "127.0.0.1"
    port = os.environ.get("PORT") or "8000"
    if ":" in host and not host.startswith("["):  # a bare IPv6 address
        host = f"[{host}]"
    return f"http://{host}:{port}"


SITE_NAME = os.environ.get("SITE_NAME", "Newsroom Health")
# Absolute links (feeds, sitemaps, canonical URLs) start with this.
SITE_URL = os.environ.get("SITE_URL", _served_address() if LOCAL_MODE else "http://127.0.0.1:8000").rstrip("/")
SITE_LANGUAGE = os.environ.get("SITE_LANGUAGE", "en")
# Publisher logo for structured data (a static file path).
SITE_LOGO = os.environ.get("SITE_LOGO", "img/logo.png")

# --- Applications ---------------------------------------------------------------------------
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
    "richmedia",
    "django.contrib.postgres",  # search: SearchVectorField and lookups (harmless on SQLite)
    "search",
    "wordpress",
    "evidence",
    "pages",
    "errorreports",
    "newsletter",
    "desk",
    "notifications",
    "mostread",
    "bench",
    "newsroom.apps.NewsroomConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    # First: every response, even a redirect, a static file or a cache hit, gets a request id and a log line.
    "newsroom.logging.RequestLogMiddleware",
    # Counts article views (no cookie, no address kept), page-cache hits included; see mostread/counting.py.
    "mostread.middleware.ViewCountMiddleware",
    # Before everything a hit does not need: the stored response already carries the headers
    # the middleware inside it added (security headers, X-Frame-Options, CSP); see newsroom/middleware.py.
    # No page with a NUL byte is ever stored (RejectNulMiddleware answers them all 400).
    "newsroom.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A NUL byte in the address is refused (400) before a view looks it up.
    "newsroom.security.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after auth: the user's verified device, then the admin's two-factor gate.
    "django_otp.middleware.OTPMiddleware",
    "newsroom.security.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: a takedown the shared cache could not record is told to the editor in words.
    "newsroom.change_report.ChangeReportMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Inside everything that shapes a response: old WordPress addresses answer 301 only where
    # our own response is a 404.
    "wordpress.middleware.LegacyRedirectMiddleware",
    # Saves made anywhere in a request (services, bulk actions) name the signed-in user in their revision.
    "editorial.middleware.CurrentUserMiddleware",
    # Axes turns a locked-out sign-in into a 429 page; it must be last.
    "axes.middleware.AxesMiddleware",
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
                "newsroom.chrome.chrome",
            ],
        },
    },
]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
# Our date formats (newsroom/formats/en): one format, naming the time zone, everywhere in the admin.
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Logging --------------------------------------------------------------------------------
# One JSON object per line on stdout (LOG_FORMAT=text for people reading a terminal), each
# with the request id of the request it belongs to (newsroom/logging.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "newsroom.logging.RequestIdFilter"},
        # Share-preview tokens never reach a log (newsroom.logging.redact).
        "redact": {"()": "newsroom.logging.RedactSecretsFilter"},
    },
    "formatters": {
        "json": {"()": "newsroom.logging.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id", "redact"],
            "formatter": "text" if os.environ.get("LOG_FORMAT") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # RequestLogMiddleware writes one line per request; Django's own would repeat 4xx/5xx.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # Requests for host names we do not serve get a 400 (in the request log); Django's
        # traceback for each would drown the log.
        "django.security.DisallowedHost": {"level": "CRITICAL"},
    },
}
