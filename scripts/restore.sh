#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database and media folder of this
# environment (DATABASE_URL, MEDIA_ROOT), then apply migrations newer than the backup.
#
#   scripts/restore.sh backups/20261126-140000            # native dump (db.dump or db.sqlite3)
#   scripts/restore.sh --json backups/20261126-140000     # data.json.gz into an empty, migrated database
#
# The target must be the database you mean to overwrite: stop the site first (or point
# DATABASE_URL at a new database to test the backup). Checksums are verified before anything is touched.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY="${PYTHON:-.venv/bin/python}"
DATABASE_URL="${DATABASE_URL:-sqlite:///$PWD/db.sqlite3}"
MEDIA_ROOT="${MEDIA_ROOT:-$PWD/media}"
mode=native
if [ "${1:-}" = "--json" ]; then mode=json; shift; fi
src="${1:?usage: scripts/restore.sh [--json] BACKUP_DIR}"

echo "==> verifying checksums in $src"
(cd "$src" && sha256sum --check --quiet SHA256SUMS)

if [ "$mode" = json ]; then
    echo "==> migrate, then loaddata $src/data.json.gz"
    DATABASE_URL="$DATABASE_URL" "$PY" manage.py migrate --noinput -v0
    DATABASE_URL="$DATABASE_URL" "$PY" manage.py loaddata "$src/data.json.gz"
else
    case "$DATABASE_URL" in
        postgres://*|postgresql://*)
            echo "==> pg_restore $src/db.dump"
            pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
                --dbname "$DATABASE_URL" "$src/db.dump"
            ;;
        sqlite://*)
            db_path="${DATABASE_URL#sqlite://}"
            echo "==> sqlite3 $src/db.sqlite3 -> $db_path"
            sqlite3 "$src/db.sqlite3" ".backup '$db_path'"
            ;;
        *)
            echo "restore: unsupported DATABASE_URL scheme: ${DATABASE_URL%%:*}" >&2
            exit 2
            ;;
    esac
    DATABASE_URL="$DATABASE_URL" "$PY" manage.py migrate --noinput -v0
fi

echo "==> media -> $MEDIA_ROOT"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$src/media.tar.gz"
echo "==> restore complete"
