#!/usr/bin/env bash
# What newsroom-backup.service runs: scripts/backup.sh into a dated folder of the backups
# folder, a "latest" link to it once it is complete, then old backups pruned: kept
# BACKUP_KEEP_DAYS days (14), those taken on the first of a month kept a year.
#
#   BACKUP_DIR=/var/lib/newsroom-backups deploy/backup-nightly.sh
#
# The backups folder is BACKUP_DIR, else the unit's $STATE_DIRECTORY. Any failure exits
# non-zero, so the unit is marked failed; "latest" then still names the last good backup.
set -euo pipefail

app_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backup_dir="${BACKUP_DIR:-${STATE_DIRECTORY:?set BACKUP_DIR, or run as newsroom-backup.service}}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
stamp="$(date -u +%Y%m%d-%H%M%S)"

"$app_dir/scripts/backup.sh" "$backup_dir/$stamp"
ln -sfn "$stamp" "$backup_dir/latest"

# Folder names start with the date: YYYYMM01-… is the first of a month.
find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -name '20*' ! -name '??????01-*' \
    -mtime +"$keep_days" -exec rm -rf -- {} +
find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -name '??????01-*' -mtime +365 -exec rm -rf -- {} +
echo "==> kept: $(find "$backup_dir" -mindepth 1 -maxdepth 1 -type d | wc -l) backups in $backup_dir"
