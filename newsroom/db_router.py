"""Send anonymous readers' queries to a read replica, everything else to the primary.

Enabled only when DATABASE_REPLICA_URL is set (settings add the "replica" alias and
this router). A replica lags the primary by a moment, so only reads that can afford
to be a moment old go there: the page-cache middleware marks anonymous GET/HEAD
requests with `replica_reads()`. Editors in the admin, every write, every request
of a signed-in user, management commands and tests read from the primary, so an
editor always sees what they just saved.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"

_replica_allowed = contextvars.ContextVar("newsroom_replica_reads", default=False)


@contextmanager
def replica_reads():
    """Within this block, reads may go to the replica (if one is configured)."""
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def replica_configured():
    return REPLICA in settings.DATABASES


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_allowed.get() and replica_configured():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary by replication, never by migrate.
        return db == PRIMARY
