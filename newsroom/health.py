"""Liveness and readiness endpoints for load balancers and process managers.

/healthz answers 200 as long as the process can run a view: no database, no cache,
so a database outage never gets healthy workers restarted in a loop.

/readyz answers 200 when this instance can serve readers: the database answers and
every migration on disk is applied (an instance started before `migrate` ran is not
ready). The cache is checked and reported in the body, but a cache outage does not
make the instance unready: pages then render uncached (newsroom.cache), which is
slower, not broken. 503 otherwise, with the reason in the JSON body.
"""

import logging
import secrets
import time

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("newsroom.health")


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


def check_database(alias=DEFAULT_DB_ALIAS):
    """{"ok": bool, ...}: the database answers a query and has no unapplied migration."""
    started = time.monotonic()
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"; the reason goes in the body
        logger.warning("Readiness: database %s unavailable: %s", alias, error)
        # A broken connection must not be reused by the next request of this thread.
        connection.close_if_unusable_or_obsolete()
        return {"ok": False, "error": type(error).__name__}
    result = {"ok": not pending, "ms": round((time.monotonic() - started) * 1000, 1)}
    if pending:
        result["error"] = "unapplied migrations"
        result["pending_migrations"] = len(pending)
    return result


def check_cache(alias="default"):
    """{"ok": bool, ...}: a value written to the cache can be read back."""
    started = time.monotonic()
    cache = caches[alias]
    key, value = "readyz:probe", secrets.token_hex(8)
    try:
        cache.set(key, value, 10)
        ok = cache.get(key) == value
    except Exception as error:  # noqa: BLE001 - a plain RedisCache raises; reported, not fatal
        return {"ok": False, "error": type(error).__name__}
    result = {"ok": ok, "ms": round((time.monotonic() - started) * 1000, 1)}
    if not ok:
        result["error"] = "cache did not keep a value (unreachable?)"
    return result


@never_cache
@require_safe
def readyz(request):
    database = check_database()
    cache = check_cache()
    ready = database["ok"]
    body = {"status": "ready" if ready else "unavailable", "database": database, "cache": cache}
    return JsonResponse(body, status=200 if ready else 503)
