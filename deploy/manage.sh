#!/usr/bin/env bash
# manage.py as the site runs it: as the newsroom user, with the site's environment.
# Installed as /usr/local/bin/newsroom-manage (docs/deploy.md, step 5):
#
#   newsroom-manage migrate
#   newsroom-manage rebuild_renditions
#
# Run as root, a command would create root-owned folders in the media folder that the
# site (the newsroom user) then cannot write to; this wrapper never runs manage.py as root.
# NEWSROOM_APP, NEWSROOM_USER and NEWSROOM_CONFIG change where it looks (a rehearsal).
set -euo pipefail

app="${NEWSROOM_APP:-/srv/newsroom/app}"
user="${NEWSROOM_USER:-newsroom}"
config="${NEWSROOM_CONFIG:-/etc/newsroom/newsroom.env}"

if [ "$(id -un)" = "$user" ]; then
    run=()
elif [ "$(id -u)" -eq 0 ]; then
    run=(runuser -u "$user" --)
else
    echo "newsroom-manage: run it as root or as $user" >&2
    exit 1
fi
if [ -r "$config" ]; then
    set -a
    # shellcheck disable=SC1090  # the site's own environment file
    . "$config"
    set +a
elif [ "${#run[@]}" -eq 0 ]; then
    # The newsroom user cannot read the root-only file: it relies on the caller's environment.
    echo "newsroom-manage: $config is not readable; using the environment as it is" >&2
fi
export DJANGO_SETTINGS_MODULE=newsroom.settings
cd "$app"
exec "${run[@]}" "$app/.venv/bin/python" manage.py "$@"
