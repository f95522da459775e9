"""Another request's write, committed in the middle of ours: for lost-update tests (PostgreSQL).

`write_meanwhile(write)` runs `write` in a thread on its own database connection and waits up to a
second for it to commit. Called between our read and our save, it commits at once when we hold no
lock (and our save then writes over it); it waits for our commit when we locked the row.
"""

import threading

import pytest
from django.db import connection, connections

# Row locks are what is tested; SQLite's IMMEDIATE transactions serialize every writer instead.
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SQLite serializes writers)")


class Meanwhile:
    def __init__(self):
        self.started = threading.Event()
        self.done = threading.Event()
        self.error = None

    def run(self, write):
        try:
            write()
        except Exception as error:  # reported by finish(), on the test's thread
            self.error = error
        finally:
            connections.close_all()
            self.done.set()

    def finish(self):
        """Wait for the other write to end (once ours has committed); re-raise what it raised."""
        assert self.done.wait(timeout=10), "the other write never finished"
        if self.error is not None:
            raise self.error


def write_meanwhile(write, meanwhile=None):
    """Start `write` on another connection (once per `meanwhile`) and give it a second to commit."""
    meanwhile = meanwhile or Meanwhile()
    if not meanwhile.started.is_set():
        meanwhile.started.set()
        threading.Thread(target=meanwhile.run, args=(write,)).start()
        meanwhile.done.wait(timeout=1)
    return meanwhile


def before_first_call(monkeypatch, owner, name, write, *, when=lambda *args, **kwargs: True):
    """Patch `owner.name` so that `write` commits meanwhile just before its first call for which
    `when(*args, **kwargs)` holds; returns the Meanwhile to finish() after our side is done."""
    meanwhile = Meanwhile()
    real = getattr(owner, name)

    def patched(*args, **kwargs):
        if when(*args, **kwargs):
            write_meanwhile(write, meanwhile)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, patched)
    return meanwhile
