#!/usr/bin/env bash
# A rehearsal of docs/deploy.md's one-machine path, with throwaway everything: a user
# (nr_ops_rehearsal), a database and role of that name, a private Redis, a self-signed
# certificate, loopback ports (app 8195, http 8180, https 8543), and a folder standing in
# for /, /srv and /etc. Each step runs the guide's commands on the committed code (a clone
# of this checkout), with the shipped files relocated into that folder, and checks what the
# step promises. Everything is removed at the end (KEEP=1 keeps the folder).
#
#   deploy/rehearse.sh [--python PATH]     # as root, PostgreSQL on 127.0.0.1:5432 (trust), nginx
#
# Where systemd is not PID 1 (a container), units are run as systemd would run them
# (EnvironmentFile read as root, User=, WorkingDirectory=, Environment=, ExecStartPre= then
# ExecStart=) and checked with systemd-analyze verify. certbot is not run: it needs a public
# name; a self-signed certificate takes its place. Output of a run: docs/deploy.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"
if [ "${1:-}" = "--python" ]; then python="${2:?--python needs a path}"; fi
HOST=news.example.org
user=nr_ops_rehearsal
db=nr_ops_rehearsal
app_port=8195 http_port=8180 https_port=8543 redis_port=6391
pg=(-h 127.0.0.1 -p 5432 -U postgres)

step() { printf '\n== %s\n' "$*"; }
ok() { printf 'ok: %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root: the rehearsal creates a user and runs services as it"
for tool in git curl openssl nginx psql createdb pg_isready redis-server runuser systemd-analyze; do
    command -v "$tool" >/dev/null || fail "$tool is missing"
done
pg_isready -q -h 127.0.0.1 -p 5432 || fail "PostgreSQL does not answer on 127.0.0.1:5432"
for port in $app_port $http_port $https_port $redis_port; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port is taken"; fi
done
id "$user" >/dev/null 2>&1 && fail "user $user exists: a rehearsal is running or was left behind"

root="$(mktemp -d /tmp/nr-rehearsal.XXXXXX)"
chmod 755 "$root"
srv="$root/srv/newsroom" app="$root/srv/newsroom/app" etc="$root/etc" ngx="$root/etc/nginx"
state="$root/var/lib/newsroom-backups" env_file="$root/etc/newsroom/newsroom.env"
curl_tls=(curl -sk --resolve "$HOST:$https_port:127.0.0.1")
site="https://$HOST:$https_port"

cleanup() {
    set +e
    [ -f "$root/gunicorn.pgid" ] && kill -TERM -- "-$(cat "$root/gunicorn.pgid")" 2>/dev/null
    [ -f "$root/run/nginx.pid" ] && kill -QUIT "$(cat "$root/run/nginx.pid")" 2>/dev/null
    [ -f "$root/redis.pgid" ] && kill -TERM -- "-$(cat "$root/redis.pgid")" 2>/dev/null
    for _ in $(seq 1 20); do pgrep -u "$user" >/dev/null 2>&1 || break; sleep 0.5; done
    for name in "$db" "${db}_restored"; do
        psql "${pg[@]}" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1
    done
    psql "${pg[@]}" -qc "DROP ROLE IF EXISTS $user" >/dev/null 2>&1
    userdel "$user" 2>/dev/null
    if [ "${KEEP:-}" = 1 ]; then echo "kept $root"; else rm -rf "$root"; fi
}
trap cleanup EXIT

# The shipped files as installed under $root: paths, ports and the upstream moved.
relocate() {
    local no_ipv6=()
    [ -s /proc/net/if_inet6 ] || no_ipv6=(-e '/listen \[::\]/d')
    sed -e "s#/srv/newsroom#$srv#g" -e "s#/etc/newsroom/#$etc/newsroom/#g" \
        -e "s#/etc/nginx/#$ngx/#g" -e "s#/etc/letsencrypt/#$etc/letsencrypt/#g" \
        -e "s#/var/www/letsencrypt#$root/var/www/letsencrypt#g" -e "s#/var/log/nginx/#$root/var/log/nginx/#g" \
        -e "s#127.0.0.1:8000#127.0.0.1:$app_port#g" \
        -e "s#listen 80\b#listen $http_port#; s#listen \[::\]:80\b#listen [::]:$http_port#" \
        -e "s#listen 443\b#listen $https_port#; s#listen \[::\]:443\b#listen [::]:$https_port#" \
        "${no_ipv6[@]}" "$@"
}

unit_value() { sed -n "s/^$1=//p" "$2"; }

# Runs a unit's command as systemd would: its environment file read as root, then its user.
unit_run() {
    local unit=$1 command=$2
    # shellcheck disable=SC2016  # the single-quoted script is expanded by the inner shell
    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin ${LD_LIBRARY_PATH:+LD_LIBRARY_PATH=$LD_LIBRARY_PATH} \
        ${STATE_DIRECTORY:+STATE_DIRECTORY=$STATE_DIRECTORY} \
        UNIT_ENV_FILE="$(unit_value EnvironmentFile "$unit")" UNIT_ENV="$(unit_value Environment "$unit")" \
        UNIT_DIR="$(unit_value WorkingDirectory "$unit")" UNIT_USER="$(unit_value User "$unit")" \
        UNIT_UMASK="$(unit_value UMask "$unit")" UNIT_COMMAND="$command" \
        bash -c 'set -a; . "$UNIT_ENV_FILE"
                 while read -r pair; do [ -n "$pair" ] && export "$pair"; done <<<"$UNIT_ENV"
                 set +a; cd "$UNIT_DIR"; umask "${UNIT_UMASK:-0022}"
                 eval "exec runuser -u \"\$UNIT_USER\" -- $UNIT_COMMAND"'
}

start_gunicorn() {
    local unit="$etc/systemd/system/newsroom.service"
    unit_run "$unit" "$(unit_value ExecStartPre "$unit")" || fail "ExecStartPre refused to start the app"
    setsid bash -c "$(declare -f unit_run unit_value); unit_run '$unit' '$(unit_value ExecStart "$unit")'" \
        >>"$root/gunicorn.log" 2>&1 &
    echo $! >"$root/gunicorn.pgid"
    for _ in $(seq 1 60); do
        curl -sf -H "Host: $HOST" "http://127.0.0.1:$app_port/readyz" >/dev/null && return 0
        sleep 0.5
    done
    cat "$root/gunicorn.log" >&2
    fail "gunicorn did not answer /readyz"
}

stop_gunicorn() {
    kill -TERM -- "-$(cat "$root/gunicorn.pgid")"
    rm -f "$root/gunicorn.pgid"
    for _ in $(seq 1 40); do
        curl -s "http://127.0.0.1:$app_port/healthz" >/dev/null || return 0
        sleep 0.5
    done
    fail "gunicorn did not stop"
}

header() { grep -i "^$1:" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }

step "1. System packages and a user"
useradd --system --home-dir "$srv" --shell /usr/sbin/nologin "$user"
mkdir -p "$srv/media" "$etc/newsroom" "$root/var/www/letsencrypt" "$root/var/log/nginx" "$root/run" \
    "$ngx"/{conf.d,snippets,sites-available,sites-enabled} "$etc/systemd/system" "$root/usr/local/bin"
ok "user $user, folders under $root"
setsid redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    >"$root/redis.log" 2>&1 &
echo $! >"$root/redis.pgid"

step "2. Database and cache"
db_password="$("$python" -c 'import secrets; print(secrets.token_urlsafe(24))')"
psql "${pg[@]}" -qc "CREATE ROLE $user LOGIN PASSWORD '$db_password'"
createdb "${pg[@]}" --owner "$user" "$db"
ok "role and database $db, password of ${#db_password} URL-safe characters"

step "3. The code, its virtual environment, and newsroom-manage"
git clone -q "$repo" "$app"
"$python" -c 'import sys; assert sys.version_info >= (3, 12), "Newsroom needs Python >= 3.12, this is " + sys.version'
if ! runuser -u "$user" -- "$python" -c '' 2>/dev/null; then
    # This interpreter lives where the site's user cannot reach (root's home): a copy, as an
    # operator of Debian 12 would install a Python of their own.
    base="$("$python" -c 'import sys; print(sys.base_prefix)')"
    cp -a "$base" "$root/python"
    export LD_LIBRARY_PATH="$root/python/lib"
    python="$root/python/bin/python3"
    ok "interpreter copied from $base (readable by $user)"
fi
(cd "$app" && "$python" -m venv .venv && .venv/bin/python -m pip install -q -r requirements.txt 2>/dev/null)
(cd "$app" && mkdir -p var staticfiles && chown -R "$user:$user" "$srv/media" var staticfiles)
relocate "$app/deploy/manage.sh" >"$root/usr/local/bin/newsroom-manage"
chmod 755 "$root/usr/local/bin/newsroom-manage"
manage() { NEWSROOM_USER="$user" "$root/usr/local/bin/newsroom-manage" "$@"; }
ok "$("$app/.venv/bin/python" --version) in $app/.venv; newsroom-manage installed"

step "4. Settings"
secret_key="$("$app/.venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
relocate -e "s#^DJANGO_SECRET_KEY=.*#DJANGO_SECRET_KEY=$secret_key#" \
    -e "s#change-me-to-the-database-password@127.0.0.1:5432/newsroom#$db_password@127.0.0.1:5432/$db#" \
    -e "s#^DATABASE_URL=postgres://newsroom:#DATABASE_URL=postgres://$user:#" \
    -e "s#^REDIS_URL=.*#REDIS_URL=redis://127.0.0.1:$redis_port/0#" \
    -e "s#^SITE_URL=.*#SITE_URL=$site#" \
    "$app/deploy/newsroom.env.example" >"$env_file"
chmod 600 "$env_file"
# shellcheck disable=SC1090  # the environment file just written
(set -a; . "$env_file"; set +a; [ "$SITE_NAME" = "Newsroom Health" ]) || fail "sourcing the environment file"
ok "environment file mode $(stat -c %a "$env_file"), sourced by a shell: SITE_NAME=\"Newsroom Health\""

step "5. Prepare, check and start the app"
cd "$app"
manage check --deploy 2>&1 | tail -n 1 | grep -q "no issues" || fail "check --deploy"
ok "check --deploy: no issues"
manage migrate --noinput -v0
manage collectstatic --noinput -v0
admin_password="$("$python" -c 'import secrets; print(secrets.token_urlsafe(16))')"
DJANGO_SUPERUSER_PASSWORD="$admin_password" manage createsuperuser --noinput --username rehearsal \
    --email rehearsal@example.org >/dev/null
ok "migrated, static files collected, superuser created, all as $user"
relocate -e "s#^User=newsroom#User=$user#; s#^Group=newsroom#Group=$user#" \
    deploy/newsroom.service >"$etc/systemd/system/newsroom.service"
systemd-analyze verify --man=no "$etc/systemd/system/newsroom.service" || fail "systemd-analyze verify newsroom.service"
ok "systemd-analyze verify newsroom.service"
cp "$env_file" "$root/placeholder.env"
sed -i "s#^DJANGO_SECRET_KEY=.*#DJANGO_SECRET_KEY=change-me-to-the-generated-key#" "$root/placeholder.env"
sed "s#^EnvironmentFile=.*#EnvironmentFile=$root/placeholder.env#" "$etc/systemd/system/newsroom.service" \
    >"$root/placeholder.service"
if unit_run "$root/placeholder.service" "$(unit_value ExecStartPre "$root/placeholder.service")" 2>"$root/refused.log"; then
    fail "ExecStartPre accepted a placeholder secret key"
fi
ok "with the example's placeholder key the start fails: $(tail -n 1 "$root/refused.log")"
start_gunicorn
readyz="$(curl -s -H "Host: $HOST" "http://127.0.0.1:$app_port/readyz")"
echo "$readyz" | grep -q '"status": "ready"' || fail "/readyz: $readyz"
ok "/readyz: $readyz"
"$app/.venv/bin/python" -c '
import json, sys
lines = [line for line in open(sys.argv[1]) if line.strip()]
for line in lines: json.loads(line)
print(f"ok: gunicorn log: {len(lines)} lines, every one JSON")' "$root/gunicorn.log" || fail "gunicorn log lines are not all JSON"

step "6. nginx on port 80"
cat >"$ngx/nginx.conf" <<EOF
# Stands in for Debian's /etc/nginx/nginx.conf: the same includes, files under $root.
pid $root/run/nginx.pid;
error_log $root/var/log/nginx/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log $root/var/log/nginx/access.log;
    include $ngx/conf.d/*.conf;
    include $ngx/sites-enabled/*;
}
EOF
relocate deploy/nginx/newsroom.conf >"$ngx/conf.d/newsroom.conf"
for snippet in newsroom_proxy.conf newsroom_headers.conf; do relocate "deploy/nginx/$snippet" >"$ngx/snippets/$snippet"; done
relocate deploy/nginx/newsroom-http.conf | sed "s/news\.example\.org/$HOST/g" >"$ngx/sites-available/newsroom-http"
ln -sf "$ngx/sites-available/newsroom-http" "$ngx/sites-enabled/newsroom-http"
nginx -t -c "$ngx/nginx.conf" 2>&1 | grep -q "test is successful" || fail "nginx -t, port 80 alone"
ok "nginx -t with port 80 alone, no certificate yet"
nginx -c "$ngx/nginx.conf"
status="$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Host: $HOST" "http://127.0.0.1:$http_port/x?q=1")"
[[ $status == "301 https://$HOST/x?q=1" ]] || fail "port 80 redirect: $status"
ok "port 80: $status"
mkdir -p "$root/var/www/letsencrypt/.well-known/acme-challenge"
echo token-rehearsal >"$root/var/www/letsencrypt/.well-known/acme-challenge/t"
challenge="$(curl -s -H "Host: $HOST" "http://127.0.0.1:$http_port/.well-known/acme-challenge/t")"
[ "$challenge" = token-rehearsal ] || fail "ACME webroot: $challenge"
ok "port 80 serves the ACME webroot"
if curl -s -H "Host: unknown.example" "http://127.0.0.1:$http_port/" >/dev/null; then fail "an unknown host got an answer on port 80"; fi
ok "port 80: an unknown host name gets no answer"

step "7. The certificate (self-signed here: certbot needs a public name)"
mkdir -p "$etc/letsencrypt/live/$HOST"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$HOST" \
    -keyout "$etc/letsencrypt/live/$HOST/privkey.pem" -out "$etc/letsencrypt/live/$HOST/fullchain.pem" 2>/dev/null
ok "certificate in $etc/letsencrypt/live/$HOST/"

step "8. nginx on port 443"
relocate deploy/nginx/newsroom-https.conf | sed "s/news\.example\.org/$HOST/g" >"$ngx/sites-available/newsroom-https"
ln -sf "$ngx/sites-available/newsroom-https" "$ngx/sites-enabled/newsroom-https"
nginx -t -c "$ngx/nginx.conf" 2>&1 | grep -q "test is successful" || fail "nginx -t, both servers"
nginx -c "$ngx/nginx.conf" -s reload 2>/dev/null
sleep 1
ok "nginx -t with both servers; reloaded"
home="$("${curl_tls[@]}" -D - -o "$root/home.html" "$site/")"
[[ $(head -n 1 <<<"$home") == *" 200"* ]] || fail "home page over TLS: $(head -n 1 <<<"$home")"
ok "home page over TLS: 200, HSTS: $(header strict-transport-security <<<"$home"), X-Request-ID: $(header x-request-id <<<"$home")"
readyz="$("${curl_tls[@]}" "$site/readyz")"
echo "$readyz" | grep -q '"status": "ready"' || fail "/readyz through nginx: $readyz"
ok "/readyz through nginx over TLS: ready"
if "${curl_tls[@]}" --resolve "unknown.example:$https_port:127.0.0.1" "https://unknown.example:$https_port/" >/dev/null 2>&1; then
    fail "an unknown host name got an answer on port 443"
fi
ok "port 443: an unknown host name's TLS handshake is refused"
"${curl_tls[@]}" -c "$root/cookies" -o "$root/login.html" "$site/admin/login/"
token="$(sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' "$root/login.html" | head -n 1)"
signin="$("${curl_tls[@]}" -b "$root/cookies" -c "$root/cookies" -o /dev/null -w '%{http_code}' \
    -H "Origin: $site" -H "Referer: $site/admin/login/" \
    --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode username=rehearsal \
    --data-urlencode "password=$admin_password" --data-urlencode next=/admin/ "$site/admin/login/?next=/admin/")"
[ "$signin" = 302 ] || fail "admin sign-in on port $https_port answered $signin (403: the CSRF origin check)"
ok "admin sign-in on port $https_port: 302, with no DJANGO_CSRF_TRUSTED_ORIGINS entry for the port"
mkdir -p "$srv/media/rehearsal"
printf '\xff\xd8\xff\xe0 rehearsal' >"$srv/media/rehearsal/picture.jpg"
printf '<script>alert(1)</script>' >"$srv/media/rehearsal/page.html"
chown -R "$user:$user" "$srv/media/rehearsal"
picture="$("${curl_tls[@]}" -D - -o /dev/null "$site/media/rehearsal/picture.jpg")"
[[ $(header content-type <<<"$picture") == image/jpeg && -z $(header content-disposition <<<"$picture") ]] \
    || fail "an image in media: $picture"
ok "media image: $(header content-type <<<"$picture"), inline, Cache-Control: $(header cache-control <<<"$picture"), HSTS: $(header strict-transport-security <<<"$picture")"
page="$("${curl_tls[@]}" -D - -o /dev/null "$site/media/rehearsal/page.html")"
[[ $(header content-disposition <<<"$page") == attachment ]] || fail "an HTML file in media: $page"
ok "media .html: $(header content-type <<<"$page"), Content-Disposition: attachment"
missing="$("${curl_tls[@]}" -D - -o /dev/null "$site/media/rehearsal/missing.jpg")"
[[ $(head -n 1 <<<"$missing") == *" 404"* && -z $(header cache-control <<<"$missing") ]] || fail "a media miss: $missing"
ok "media miss: 404 without Cache-Control"
"${curl_tls[@]}" -o /dev/null "$site/search/?q=rehearsal-private-term"
if grep -q rehearsal-private-term "$root"/var/log/nginx/*.log; then fail "a search term reached nginx's logs"; fi
ok "nginx's logs hold no query string"
stop_gunicorn
down="$("${curl_tls[@]}" -D - -o "$root/down.html" "$site/")"
[[ $(head -n 1 <<<"$down") == *" 503"* && $(header retry-after <<<"$down") == 30 ]] || fail "app stopped: $down"
grep -q "Temporarily unavailable" "$root/down.html" || fail "app stopped: no unavailable page"
ok "gunicorn stopped: 503, Retry-After: 30, the unavailable page"
start_gunicorn
ok "gunicorn started again"

step "9. Nightly backups (the timer's service, run as systemd would)"
for unit in newsroom-backup.service newsroom-backup.timer; do
    relocate -e "s#^User=newsroom#User=$user#; s#^Group=newsroom#Group=$user#" "deploy/$unit" >"$etc/systemd/system/$unit"
done
systemd-analyze verify --man=no "$etc/systemd/system/newsroom-backup.service" "$etc/systemd/system/newsroom-backup.timer" \
    || fail "systemd-analyze verify the backup units"
ok "systemd-analyze verify newsroom-backup.service newsroom-backup.timer"
install -d -o "$user" -g "$user" -m 700 "$state"   # StateDirectory=, as systemd makes it
unit="$etc/systemd/system/newsroom-backup.service"
STATE_DIRECTORY="$state" unit_run "$unit" "$(unit_value ExecStart "$unit")" >"$root/backup.log" 2>&1 \
    || { cat "$root/backup.log" >&2; fail "the backup service failed"; }
ok "backup as $user: $(tail -n 1 "$root/backup.log")"
ok "owner and mode of the backup: $(stat -c '%U %a' "$state/latest/")"
ok "$(runuser -u "$user" -- "$app/deploy/backup-age.sh" "$state")"

step "Restore into a new database and a scratch folder (docs/operations.md)"
createdb "${pg[@]}" -O "$user" "${db}_restored"
install -d -o "$user" -g "$user" -m 700 "$srv/restore-check"
(
    set -a
    # shellcheck disable=SC1090  # the environment file of step 4
    . "$env_file"
    set +a
    if DATABASE_URL="${DATABASE_URL%/*}/${db}_restored" runuser -u "$user" -- \
        scripts/restore.sh "$state/latest" >/dev/null 2>&1; then
        fail "restore.sh unpacked into the live media folder without --force"
    fi
    DATABASE_URL="${DATABASE_URL%/*}/${db}_restored" runuser -u "$user" -- \
        scripts/restore.sh --media-to "$srv/restore-check/media" "$state/latest" >"$root/restore.log" 2>&1 \
        || { cat "$root/restore.log" >&2; exit 1; }
) || fail "restore"
ok "restore.sh refused the live media folder without --force"
owners="$(psql "${pg[@]}" -d "${db}_restored" -tAc "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")"
[ "$owners" = "$user" ] || fail "restored tables are owned by: $owners"
ok "restored into ${db}_restored: every table owned by $user"
cmp -s "$srv/media/rehearsal/picture.jpg" "$srv/restore-check/media/rehearsal/picture.jpg" || fail "restored media"
ok "media restored into the scratch folder; live media untouched"

step "Management commands as root go through newsroom-manage"
uid="$(manage shell --no-imports -c 'import os; print(os.geteuid())')"
[ "$uid" = "$(id -u "$user")" ] || fail "newsroom-manage ran as uid $uid"
ok "newsroom-manage, called by root, runs manage.py as $user (uid $uid)"
manage rebuild_renditions >/dev/null
root_owned="$(find "$srv/media" -user root | head -n 3)"
[ -z "$root_owned" ] || fail "root-owned files in media: $root_owned"
ok "rebuild_renditions run by root left nothing root-owned in media"

step "Done"
ok "every step of docs/deploy.md's one-machine path checked (certbot excepted: self-signed here)"
