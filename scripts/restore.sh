#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database of this environment
# (DATABASE_URL), then apply migrations newer than the backup, and unpack its media.
#
#   scripts/restore.sh BACKUP_DIR                     # native dump (db.dump or db.sqlite3)
#   scripts/restore.sh --json BACKUP_DIR              # data.json.gz into an empty database (migrated first)
#   scripts/restore.sh --media-to DIR BACKUP_DIR      # media into DIR instead of MEDIA_ROOT
#   scripts/restore.sh --force BACKUP_DIR             # allow unpacking into a media folder that has files
#
# The target must be the database you mean to overwrite: stop the site first (or point
# DATABASE_URL at a new database to test the backup). Media go to MEDIA_ROOT (or --media-to)
# only when that folder is empty or missing: the live media folder is written only with
# --force. Checksums and the media folder are checked before anything is touched.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY="${PYTHON:-.venv/bin/python}"
DATABASE_URL="${DATABASE_URL:-sqlite:///$PWD/db.sqlite3}"
media_dir="${MEDIA_ROOT:-$PWD/media}"
mode=native
force=no
usage="usage: scripts/restore.sh [--json] [--force] [--media-to DIR] BACKUP_DIR"
while [ $# -gt 0 ]; do
    case "$1" in
        --json) mode=json; shift ;;
        --force) force=yes; shift ;;
        --media-to) media_dir="${2:?$usage}"; shift 2 ;;
        -*) echo "$usage" >&2; exit 2 ;;
        *) break ;;
    esac
done
src="${1:?$usage}"

echo "==> verifying checksums in $src"
(cd "$src" && sha256sum --check --quiet SHA256SUMS)

if [ "$force" = no ] && [ -d "$media_dir" ] && [ -n "$(ls -A "$media_dir")" ]; then
    echo "restore: $media_dir already holds files (the live media?). Restore the media into an" >&2
    echo "empty folder with --media-to DIR, or pass --force to unpack over it." >&2
    exit 3
fi

if [ "$mode" = json ]; then
    echo "==> migrate, then loaddata $src/data.json.gz"
    DATABASE_URL="$DATABASE_URL" "$PY" manage.py migrate --noinput -v0
    DATABASE_URL="$DATABASE_URL" "$PY" manage.py loaddata "$src/data.json.gz"
else
    case "$DATABASE_URL" in
        postgres://*|postgresql://*)
            echo "==> pg_restore $src/db.dump"
            # shellcheck source=scripts/pg_env.sh
            . scripts/pg_env.sh
            pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
                --dbname "$PGDATABASE" "$src/db.dump"
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

echo "==> media -> $media_dir"
mkdir -p "$media_dir"
tar -C "$media_dir" -xzf "$src/media.tar.gz"
echo "==> restore complete"
