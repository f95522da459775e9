"""How much work a query does on SQLite, counted rather than timed."""

from django.db import connection


def sqlite_steps(run):
    """How many SQLite virtual machine instructions `run()` took (counted in tens)."""
    steps = [0]

    def count():
        steps[0] += 1
        return 0  # go on

    connection.ensure_connection()
    connection.connection.set_progress_handler(count, 10)
    try:
        run()
    finally:
        connection.connection.set_progress_handler(None, 10)
    return steps[0]
