#!/usr/bin/env bash
# How old is the last complete backup? For monitoring (Nagios/Icinga-style exit codes):
#
#   deploy/backup-age.sh [BACKUP_DIR]     # default /var/lib/newsroom-backups
#
# Prints one line and exits 0 when the backup that "latest" names is complete (its
# SHA256SUMS exists) and younger than BACKUP_MAX_AGE_HOURS (26: a night plus slack),
# 2 otherwise. Run it as root or as the newsroom user (the folder is theirs, mode 700).
set -euo pipefail

backup_dir="${1:-/var/lib/newsroom-backups}"
max_hours="${BACKUP_MAX_AGE_HOURS:-26}"
sums="$backup_dir/latest/SHA256SUMS"

if [ ! -f "$sums" ]; then
    echo "CRITICAL: no complete backup in $backup_dir (no latest/SHA256SUMS)"
    exit 2
fi
age_seconds=$(( $(date +%s) - $(stat -c %Y "$sums") ))
age_hours=$(( age_seconds / 3600 ))
name="$(readlink "$backup_dir/latest")"
if [ "$age_seconds" -gt $(( max_hours * 3600 )) ]; then
    echo "CRITICAL: last backup $name is ${age_hours} h old (limit ${max_hours} h)"
    exit 2
fi
echo "OK: last backup $name is ${age_hours} h old"
