"""Each person's unread count, as the admin header shows it on every page: kept in the cache per person.

Counted (one indexed COUNT) when not kept, forgotten whenever that person is told something or reads.
"""

from django.core.cache import cache
from django.db import transaction

from .models import Notification

UNREAD_SECONDS = 300


def _key(user_pk):
    return f"notifications:unread:{user_pk}"


def unread_count(user):
    count = cache.get(_key(user.pk))
    if count is None:
        count = Notification.objects.for_user(user).unread().count()
        cache.set(_key(user.pk), count, UNREAD_SECONDS)
    return count


def forget(user_pks):
    """Forget the kept counts of these people, now and once the current transaction commits."""
    keys = [_key(pk) for pk in user_pks]
    if keys:
        cache.delete_many(keys)
        # A count taken by another request before the commit would miss the new rows: forget it again then.
        transaction.on_commit(lambda: cache.delete_many(keys))
