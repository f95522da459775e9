"""Where data lives: the database, the caches (page cache included), static files and media."""

import os
from pathlib import Path

import dj_database_url

from newsroom.env import env_bool, env_float, env_int
from newsroom.settings.base import BASE_DIR, DEBUG, LOCAL_MODE

# --- Database -------------------------------------------------------------------------------
_DB_CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 60)
_DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL")


def _primary_database(url):
    database = dj_database_url.parse(url, conn_max_age=_DB_CONN_MAX_AGE, conn_health_checks=True)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Many gunicorn workers share one file: wait for the write lock instead of failing.
        database.setdefault("OPTIONS", {}).update(
            {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
        )
    elif database["ENGINE"].startswith("django.db.backends.postgresql"):
        # In a database outage a connection attempt gives up quickly, so the 503 page is fast.
        database.setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 3))
    return database


def _replica_database(url):
    database = dj_database_url.parse(url, conn_max_age=_DB_CONN_MAX_AGE, conn_health_checks=True)
    # The test run has no replica of its own: it reads "default".
    return {**database, "TEST": {"MIRROR": "default"}}


# Optional read replica: anonymous readers' queries go there, everything else to "default"
# (newsroom/db_router.py).
DATABASES = {
    "default": _primary_database(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")),
    **({"replica": _replica_database(_DATABASE_REPLICA_URL)} if _DATABASE_REPLICA_URL else {}),
}
DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"] if _DATABASE_REPLICA_URL else []
# For this long after a content change, readers' pages render from the primary, not the replica.
REPLICA_LAG_SECONDS = env_int("REPLICA_LAG_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and page cache -------------------------------------------------------------------
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
# Short: a slow Redis costs a request at most this, then is skipped for REDIS_RETRY_AFTER seconds.
_REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.25"))
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's RedisCache, but a Redis that is down or slow means "cache miss", not 500.
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                "socket_connect_timeout": _REDIS_TIMEOUT,
                "socket_timeout": _REDIS_TIMEOUT,
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
# How long a worker trusts the generation tokens it read (seconds, at most 1): a change made
# by another worker or server reaches this one within that time. 0 reads them on every request.
PAGE_CACHE_TOKEN_SECONDS = min(env_float("PAGE_CACHE_TOKEN_SECONDS", 1.0), 1.0)
# Bytes of recently served pages each worker keeps in memory, in front of the shared cache
# (their keys carry the tokens, so they are as fresh as the tokens). 0 turns it off.
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_BYTES", 32 * 1024 * 1024)
# Which cache holds pages and generation tokens: it must be shared by every worker and server.
PAGE_CACHE_ALIAS = "default"
# Query parameters that select different content (part of the cache key). Any other
# parameter (utm_*, fbclid, made-up ones) is dropped and the canonical page is served.
PAGE_CACHE_QUERY_PARAMS = {"page", "q", "section", "tag"}
# Parameters a view or middleware answers by themselves, uncached (WordPress's "/?p=123", "/?page_id=45").
PAGE_CACHE_PASSTHROUGH_PARAMS = {"p", "page_id"}
# Always "private, no-store" (the admin's own prefix is added); never cached, "no-store".
PAGE_CACHE_PRIVATE_PATHS = ["/preview/"]
PAGE_CACHE_UNCACHED_PATHS = ["/healthz", "/readyz", "/media/"]
# Cache-Control of public pages for anonymous readers: browsers, then shared caches (CDN).
PUBLIC_MAX_AGE = env_int("PUBLIC_MAX_AGE", 60)
PUBLIC_S_MAXAGE = env_int("PUBLIC_S_MAXAGE", 300)
PUBLIC_STALE_WHILE_REVALIDATE = env_int("PUBLIC_STALE_WHILE_REVALIDATE", 60)

# --- Static files, media and storage --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The app serves media itself only in local mode; production puts nginx or object storage in front.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG or LOCAL_MODE)


def _s3_media_storage(bucket):
    """S3-compatible object storage, for several app servers sharing the media (docs/deploy.md).

    Needs boto3 (`pip install boto3`); credentials come from AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY in the environment.
    """
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            # Renditions are rebuilt in place under the same names.
            "file_overwrite": True,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }


STORAGES = {
    "default": (
        _s3_media_storage(os.environ["MEDIA_S3_BUCKET"])
        if os.environ.get("MEDIA_S3_BUCKET")
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Images ---------------------------------------------------------------------------------
# Uploads are read by content with Pillow and refused past these limits with a form error.
IMAGE_MAX_UPLOAD_BYTES = env_int("IMAGE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Well under Pillow's own bomb threshold; images.apps sets PIL.Image.MAX_IMAGE_PIXELS to it.
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
# The stored master is re-encoded and scaled down to at most this many pixels on its longest side.
IMAGE_MASTER_MAX_SIDE = env_int("IMAGE_MASTER_MAX_SIDE", 4000)
# Image fields whose uploads get renditions (widths, WebP + JPEG, 16:9 and 1:1 crops).
IMAGE_FIELDS = ["articles.Article.hero_image", "articles.Author.photo", "images.BodyImage.file"]
