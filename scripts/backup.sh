#!/usr/bin/env bash
# Back up Newsroom: the database and the uploaded media, into one dated folder.
#
#   scripts/backup.sh                      # into backups/<UTC date-time>/
#   scripts/backup.sh /srv/backups/today   # into that folder
#
# Reads the same environment as the site: DATABASE_URL (PostgreSQL or SQLite; default
# sqlite:///db.sqlite3) and MEDIA_ROOT (default media/). Writes:
#   db.dump         PostgreSQL: pg_dump custom format (restore with pg_restore)
#   db.sqlite3      SQLite: an online .backup copy, consistent while the site runs
#   data.json.gz    every table as Django fixtures (natural keys): portable between databases
#   media.tar.gz    the media folder (uploads and their renditions)
#   SHA256SUMS      checksums restore.sh verifies first
# See docs/operations.md for the schedule, retention and the restore drill.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY="${PYTHON:-.venv/bin/python}"
DATABASE_URL="${DATABASE_URL:-sqlite:///$PWD/db.sqlite3}"
MEDIA_ROOT="${MEDIA_ROOT:-$PWD/media}"
dest="${1:-backups/$(date -u +%Y%m%d-%H%M%S)}"
# Backups hold personal data and unpublished stories: only their owner reads them.
umask 077
mkdir -p "$dest"
chmod 700 "$dest"

case "$DATABASE_URL" in
    postgres://*|postgresql://*)
        echo "==> pg_dump -> $dest/db.dump"
        # shellcheck source=scripts/pg_env.sh
        . scripts/pg_env.sh
        pg_dump --format=custom --no-owner --no-privileges --file "$dest/db.dump"
        ;;
    sqlite://*)
        db_path="${DATABASE_URL#sqlite://}"
        echo "==> sqlite3 .backup $db_path -> $dest/db.sqlite3"
        sqlite3 "$db_path" ".backup '$dest/db.sqlite3'"
        ;;
    *)
        echo "backup: unsupported DATABASE_URL scheme: ${DATABASE_URL%%:*}" >&2
        exit 2
        ;;
esac

echo "==> dumpdata -> $dest/data.json.gz"
DATABASE_URL="$DATABASE_URL" "$PY" manage.py dumpdata --natural-foreign --natural-primary \
    --exclude contenttypes --exclude auth.permission --exclude sessions --exclude admin.logentry \
    --exclude axes --output "$dest/data.json.gz"

echo "==> media $MEDIA_ROOT -> $dest/media.tar.gz"
if [ -d "$MEDIA_ROOT" ]; then
    tar -C "$MEDIA_ROOT" -czf "$dest/media.tar.gz" .
else
    tar -czf "$dest/media.tar.gz" --files-from /dev/null
fi

(cd "$dest" && sha256sum -- * | grep -v ' SHA256SUMS$' > SHA256SUMS)
echo "==> backup complete: $dest"
