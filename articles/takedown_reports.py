"""Takedowns the page cache could not record, told to whoever made them.

articles.changes insists past a slow cache before giving up on a takedown; when it still
cannot record one (now or at commit), the failure is logged and collected here for the
person making the change (newsroom.change_report shows it to the editor).
"""

import contextvars
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings

logger = logging.getLogger("articles.changes")


@dataclass
class Report:
    """What a block of changes could not record; see reporting()."""

    unrecorded: list = field(default_factory=list)

    def message(self):
        if not self.unrecorded:
            return ""
        return (
            f"The cache could not be told in time: cached copies of {', '.join(self.unrecorded)} "
            f"may be served for up to {max(settings.PAGE_CACHE_SECONDS, settings.PUBLIC_S_MAXAGE)} seconds."
        )


_report = contextvars.ContextVar("articles_changes_report", default=None)


@contextmanager
def reporting():
    """Collect, for the person making the changes inside the block, takedowns the cache did not record."""
    report = Report()
    token = _report.set(report)
    try:
        yield report
    finally:
        _report.reset(token)


def on_failure(takedown):
    """What to do, once, when the cache does not record `takedown` (now or at commit)."""
    report = _report.get()
    told = []

    def failed():
        if told:
            return
        told.append(True)
        logger.error("Takedown not recorded in the page cache: %s; cached copies may be served.", takedown)
        if report is not None:
            report.unrecorded.append(takedown)

    return failed
