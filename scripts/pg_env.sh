# shellcheck shell=bash
# Sourced by backup.sh and restore.sh: exports DATABASE_URL as libpq's PG* variables
# (scripts/pg_env.py), so no password is ever on a command line. Needs $PY.
unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE
while IFS= read -r -d '' pg_assignment; do
    export "${pg_assignment?}"
done < <("$PY" scripts/pg_env.py)
unset pg_assignment
