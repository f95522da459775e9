"""Print DATABASE_URL as libpq's PG* variables, NUL-separated, for backup.sh and restore.sh.

pg_dump and pg_restore then read the password from their environment, which only their own
user can read, instead of a command line every local user can see in /proc. The URL is
parsed by dj_database_url, as the settings parse it, so percent-encoded passwords work.
"""

import os
import sys

import dj_database_url

database = dj_database_url.parse(os.environ["DATABASE_URL"])
variables = {
    "PGHOST": database.get("HOST"),
    "PGPORT": database.get("PORT"),
    "PGUSER": database.get("USER"),
    "PGPASSWORD": database.get("PASSWORD"),
    "PGDATABASE": database.get("NAME"),
}
for name, value in variables.items():
    if value:
        sys.stdout.write(f"{name}={value}\0")
