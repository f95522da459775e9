"""What keeps the site and its editors safe: the secret key, hosts, HTTPS, headers, sign-in.

Local mode and DEBUG relax exactly what a laptop without TLS needs, all of it here.
"""

import os
from datetime import timedelta

from django.utils.csp import CSP

from newsroom.env import env_bool, env_int, env_list
from newsroom.settings.base import BASE_DIR, DEBUG, LOCAL_MODE, SITE_NAME
from richmedia.providers import FRAME_SOURCES as EMBED_FRAME_SOURCES

_HTTPS = not (DEBUG or LOCAL_MODE)
_BEHIND_PROXY = env_bool("BEHIND_PROXY", _HTTPS)

# --- Secret key -----------------------------------------------------------------------------
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
if _HTTPS and (not SECRET_KEY or len(SECRET_KEY) < 32 or SECRET_KEY.lower().startswith(INSECURE_KEY_PREFIXES)):
    SERVE_REFUSAL_REASON = (
        "DJANGO_SECRET_KEY must be set to a long random value when DEBUG is off "
        "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

# --- Hosts ----------------------------------------------------------------------------------
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if _HTTPS else "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# --- Security: HTTPS, cookies, headers ------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _BEHIND_PROXY else None
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
# Sessions live in the database by default, so any app server can serve any signed-in editor;
# "django.contrib.sessions.backends.cached_db" adds the shared cache in front.
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.db")

# The rich-text editor (Tiptap inside django-prose-editor) adds one <style> element with
# ProseMirror's base rules, which the strict policy would block on every admin article form.
# Exactly that text is allowed by its hash, nothing else inline; tests/newsroom/test_csp.py
# recomputes the hash, so a package update that changes the text fails there.
PROSE_EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, PROSE_EDITOR_STYLE_HASH],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # Embedded players, only once a reader presses play (richmedia.providers lists them).
    "frame-src": [CSP.SELF, *EMBED_FRAME_SOURCES],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Sign-in: passwords, lockout, two-factor ------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The lockout gate first (refuses locked-out sign-ins before a password is checked), then the usual backend.
AUTHENTICATION_BACKENDS = ["newsroom.security.SignInLockoutBackend", "django.contrib.auth.backends.ModelBackend"]
# Failed sign-ins are counted per username AND, separately, per client address: either one
# reaching the limit locks. By username stops slow guessing of one editor's password from
# many addresses; by address stops one machine trying many accounts. A username lock can be
# triggered by a stranger, so it always expires (cool-off), is not extended by further tries
# during the lockout, and an admin can lift it (Axes > Access attempts, or `manage.py axes_reset_username`).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 200
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
# No start-up banner in every manage.py command's output; failures and lockouts are still logged.
AXES_VERBOSE = False
# How many reverse proxies of ours add to X-Forwarded-For (0: trust only REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if _BEHIND_PROXY else 0)
# Two-factor sign-in (TOTP) is open to all staff and required of the Admin role (and superusers)
# unless this turns it off. Local mode (make serve's demo, the browser tests) leaves it off by
# default so the demo logins work without a phone; every admin page then says it is off.
REQUIRE_2FA_FOR_ADMINS = env_bool("REQUIRE_2FA_FOR_ADMINS", not LOCAL_MODE)
OTP_TOTP_ISSUER = SITE_NAME
# Nobody, not even an admin, can read another person's TOTP secret or QR code in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Rate limits (newsroom/ratelimit.py) --------------------------------------------------------
# Per client address (client_ip above): name -> (requests, seconds). Expensive public pages
# and forms that send mail; the proxy in front may limit too (deploy/nginx/).
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)
RATE_LIMIT_CACHE_ALIAS = "default"
RATE_LIMITS = {
    "search": (env_int("RATE_LIMIT_SEARCH_PER_MINUTE", 60), 60),
    "feeds": (env_int("RATE_LIMIT_FEEDS_PER_MINUTE", 60), 60),
    "newsletter_subscribe": (env_int("RATE_LIMIT_SUBSCRIBE_PER_HOUR", 10), 3600),
    "report_error": (env_int("RATE_LIMIT_REPORT_ERROR_PER_HOUR", 10), 3600),
}
