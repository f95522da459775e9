"""Test overlay: production settings with a throwaway key, fast hashing and a private cache.

The suite never reads .env: a developer's local values (local mode, a secret, a database)
would change what the tests check. NEWSROOM_ENV_FILE is emptied here, before anything else,
so the processes the tests start (manage.py, gunicorn) skip it too.
"""

import os

os.environ["NEWSROOM_ENV_FILE"] = ""
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from newsroom.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
PUBLIC_FETCH_MODE = "raise"
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Every request reads the shared cache: tests change tokens and entries behind the process' back.
PAGE_CACHE_TOKEN_SECONDS = 0
PAGE_CACHE_LOCAL_BYTES = 0
# Tests sign staff in with force_login, which proves no second factor; the two-factor tests
# turn this on themselves, and tests/newsroom/test_security_2fa.py checks production's default (on).
REQUIRE_2FA_FOR_ADMINS = False
# No test reaches the internet: outside services answer from a closed local port unless a test
# starts its own stand-in and points the setting at it.
UNREACHABLE = "http://127.0.0.1:9"
CROSSREF_API_URL = PUBMED_API_URL = CLINICALTRIALS_API_URL = UNREACHABLE
OEMBED_PROVIDERS_BASE_URLS = {name: f"{UNREACHABLE}/{name}" for name in OEMBED_PROVIDERS_BASE_URLS}  # noqa: F405
