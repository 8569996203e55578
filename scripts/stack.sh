#!/usr/bin/env bash
# The project's stack: Python 3.7 venv, Odoo 11 + OCA wheels, a private PostgreSQL 15 cluster,
# lessc and wkhtmltopdf, odoo.conf, the demo and test databases.
# Every step installs only what is missing, so a second run is quick.
# Usage: scripts/stack.sh setup|run|stop|test|lint|test-fast|core-tests|bench|load|pg-bounce|db-template|conf|acceptance-db|drop-db|
#        backup|restore|rotate-logs|logrotate-conf
set -euo pipefail
# Everything we write (secrets, filestore, logs, dumps) is for our own user only.
umask 077

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

VENV="$ROOT/.venv"
LOCAL="$ROOT/.local"
LOG_DIR="$LOCAL/log"
RUN_DIR="$LOCAL/run"
PG_DIR="$LOCAL/pg"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
LOCAL_PG_PORT="${LOCAL_PG_PORT:-54329}"
ODOO_PORT="${ODOO_PORT:-8069}"
ODOO_DB="${ODOO_DB:-dealer_demo}"
ODOO_WORKERS="${ODOO_WORKERS:-0}"
# make test without ODOO_TEST_DB / ODOO_TEST_PORT takes a database and a port of its own
TEST_DB_GIVEN="${ODOO_TEST_DB:+1}"
TEST_PORT_GIVEN="${ODOO_TEST_PORT:+1}"
ODOO_TEST_DB="${ODOO_TEST_DB:-dealer_test}"
ODOO_TEST_PORT="${ODOO_TEST_PORT:-8169}"
OUR_ADDONS="automotive_presales,dms_connector,sales_monitor,automotive_configurator,dealer_privacy,dealer_ops,dealer_floor"
OUR_ADDON_DIRS=(addons/automotive_presales addons/dms_connector addons/sales_monitor addons/automotive_configurator
                addons/dealer_privacy addons/dealer_ops addons/dealer_floor)
# Generated secrets of the private cluster (mode 600): the password of the role Odoo logs in with
# and that of the cluster's superuser (used only to create that role).
PG_PASSWORD_FILE="$LOCAL/pg_password"
PG_SUPERUSER_PASSWORD_FILE="$LOCAL/pg_superuser_password"
# The addons whose Dutch (i18n/nl.po) is complete and held so by make lint, and whose .pot
# dealer_floor's test_translations holds to what Odoo extracts (all of ours)
export I18N_ADDONS="${I18N_ADDONS:-dealer_floor,automotive_presales,dms_connector,dealer_privacy,dealer_ops,automotive_configurator,sales_monitor}"

die() { echo "error: $*" >&2; exit 1; }
say() { echo "==> $*"; }
is_root() { [ "$(id -u)" = 0 ]; }

# A secret kept in FILE (made on first use, 32 random characters), readable by its owner only.
secret() {
    local file="$1"
    mkdir -p "$(dirname "$file")"
    if [ ! -s "$file" ]; then
        head -c 24 /dev/urandom | base64 | tr '+/' '-_' >"$file.$$"
        mv -f "$file.$$" "$file"
    fi
    chmod 600 "$file"
    cat "$file"
}

# A user who exports PGHOST uses their own PostgreSQL; otherwise we run one under .local/pg.
if [ -n "${PGHOST:-}" ]; then
    EXTERNAL_PG=1
    DB_HOST="$PGHOST"; DB_PORT="${PGPORT:-5432}"; DB_USER="${PGUSER:-$(id -un)}"; DB_PASSWORD="${PGPASSWORD:-False}"
else
    # The private cluster asks every connection for a password (scram-sha-256): the role odoo's
    # is generated in .local/pg_password; psql, pg_dump and Odoo (bin/odoo) read it from PGPASSWORD.
    EXTERNAL_PG=0
    DB_HOST=127.0.0.1; DB_PORT="$LOCAL_PG_PORT"; DB_USER=odoo; DB_PASSWORD=$(secret "$PG_PASSWORD_FILE")
    export PGHOST=127.0.0.1 PGPORT="$LOCAL_PG_PORT" PGUSER=odoo PGPASSWORD="$DB_PASSWORD"
fi
export PGDATABASE=postgres

apt_install() {
    is_root || die "missing system packages: $*; install them with: sudo apt-get install $*"
    say "apt-get install $*"
    if [ ! -f "$LOCAL/.apt-updated" ]; then
        apt-get update -qq >"$LOG_DIR/apt.log" 2>&1 || die "apt-get update failed, see .local/log/apt.log"
        touch "$LOCAL/.apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
        >>"$LOG_DIR/apt.log" 2>&1 || die "apt-get install $* failed, see .local/log/apt.log"
}

find_python37() {
    local candidate
    if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
    if command -v pyenv >/dev/null 2>&1; then
        for candidate in "$(pyenv root)"/versions/3.7*/bin/python3.7; do
            [ -x "$candidate" ] && { echo "$candidate"; return; }
        done
    fi
    command -v python3.7 2>/dev/null && return
    die "Python 3.7 not found: install it (e.g. 'pyenv install 3.7.16') or set PYTHON=/path/to/python3.7"
}

requirements_hash() { cat requirements.txt requirements-odoo.txt | sha1sum | cut -c1-12; }

site_packages() { echo "$VENV/lib/python3.7/site-packages"; }

ensure_venv() {
    local stamp="$VENV/.installed-$(requirements_hash)"
    [ -f "$stamp" ] && return
    local python
    python=$(find_python37)
    "$python" -c 'import sys; assert sys.version_info[:2] == (3, 7)' 2>/dev/null \
        || die "$python is not Python 3.7; set PYTHON=/path/to/python3.7"
    say "installing the Python environment in .venv (about 2 minutes)"
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
    local pip=("$VENV/bin/pip" install --quiet --disable-pip-version-check)
    {
        "${pip[@]}" "pip<24.1" "setuptools<68" wheel &&
        "${pip[@]}" -r requirements.txt &&
        "${pip[@]}" --no-deps -r requirements-odoo.txt
    } >"$LOG_DIR/pip.log" 2>&1 || die "pip install failed, see .local/log/pip.log"
    "$VENV/bin/python" scripts/prune_addons.py "$(site_packages)/odoo/addons" "$VENV/orphan-addons"
    touch "$stamp"
}

ensure_tools() {
    local packages=()
    command -v wkhtmltopdf >/dev/null 2>&1 || packages+=(wkhtmltopdf)
    command -v pdftotext >/dev/null 2>&1 || packages+=(poppler-utils)
    command -v npm >/dev/null 2>&1 || packages+=(npm)
    [ -x "$PG_BIN/initdb" ] || [ "$EXTERNAL_PG" = 1 ] || packages+=(postgresql)
    command -v psql >/dev/null 2>&1 || packages+=(postgresql-client)
    command -v logrotate >/dev/null 2>&1 || packages+=(logrotate)
    if [ "${WITH_BROWSER:-0}" = 1 ]; then
        command -v chromium >/dev/null 2>&1 || packages+=(chromium)
        command -v chromedriver >/dev/null 2>&1 || packages+=(chromium-driver)
    fi
    [ ${#packages[@]} -eq 0 ] || apt_install "${packages[@]}"
    [ -x "$PG_BIN/initdb" ] || [ "$EXTERNAL_PG" = 1 ] \
        || die "PostgreSQL 15 binaries not found in $PG_BIN; install postgresql-15 or set PG_BIN"
    if [ ! -x "$LOCAL/node/node_modules/.bin/lessc" ]; then
        say "installing lessc (npm less@3.9.0) in .local/node"
        mkdir -p "$LOCAL/node"
        npm install --silent --no-audit --no-fund --prefix "$LOCAL/node" less@3.9.0 \
            >"$LOG_DIR/npm.log" 2>&1 || die "npm install less failed, see .local/log/npm.log"
    fi
}

# Commands that manage the private cluster run as the postgres user when we are root
# (initdb refuses root) and as ourselves otherwise.
as_pg_owner() {
    if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

port_in_use() {
    "$VENV/bin/python" - "$1" <<'EOF'
import socket, sys
sock = socket.socket()
# as Odoo and PostgreSQL do: a port left in TIME_WAIT by a finished run is free
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    sock.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)
EOF
}

# As root, the cluster belongs to the postgres user, who must be able to enter the repo. When a
# parent folder is closed to other users, the cluster lives in /var/tmp and .local/pg links there.
# Its folder is named after the repo's path and the clone's superuser password: a new clone at the
# same path (CI) makes a cluster of its own instead of starting the one an earlier clone left,
# whose superuser password it cannot know.
pg_home() {
    if is_root && ! runuser -u postgres -- test -x "$LOCAL" 2>/dev/null; then
        echo "$(pg_home_prefix)-$(secret "$PG_SUPERUSER_PASSWORD_FILE" | sha1sum | cut -c1-10)"
    else
        echo "$PG_DIR"
    fi
}
pg_home_prefix() { echo "/var/tmp/dealer-crm-pg-$(echo "$ROOT" | sha1sum | cut -c1-10)"; }

# Clusters in /var/tmp that earlier clones at this path left (their .local is gone with its
# passwords): stopped and removed before this clone makes its own.
remove_orphan_clusters() {
    local orphan
    for orphan in "$(pg_home_prefix)" "$(pg_home_prefix)"-*; do
        [ -d "$orphan/data" ] && [ "$orphan" != "$PG_HOME" ] || continue
        say "removing the PostgreSQL cluster an earlier clone at this path left in $orphan"
        # a postmaster still serving it (by its pid file, checked against the process's command
        # line: a stale file's pid may be another process by now) gets an immediate shutdown
        local pid waited=0
        pid=$(head -1 "$orphan/data/postmaster.pid" 2>/dev/null || true)
        if [ -n "$pid" ] && grep -qF "$orphan/data" "/proc/$pid/cmdline" 2>/dev/null; then
            kill -QUIT "$pid" 2>/dev/null || true
            while grep -qF "$orphan/data" "/proc/$pid/cmdline" 2>/dev/null && [ "$waited" -lt 100 ]; do
                sleep 0.1; waited=$((waited + 1))
            done
        fi
        rm -rf "$orphan" 2>/dev/null || say "could not remove all of $orphan; remove it by hand"
    done
}
PG_HOME=""

pg_running() { [ -f "$PG_HOME/data/postmaster.pid" ] && as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_HOME/data" status >/dev/null 2>&1; }

# Runs psql as the cluster's superuser (only to create or repair the role odoo and to switch an
# older cluster from trust to passwords).
psql_superuser() {
    PGPASSWORD=$(secret "$PG_SUPERUSER_PASSWORD_FILE") psql -U postgres "$@"
}

ensure_pg() {
    if [ "$EXTERNAL_PG" = 1 ]; then
        psql -qAtc 'select 1' >/dev/null 2>&1 \
            || die "cannot connect to PostgreSQL at PGHOST=$PGHOST PGPORT=${PGPORT:-5432} as ${PGUSER:-$(id -un)}; check PG* variables"
        return
    fi
    PG_HOME=$(pg_home)
    if [ ! -f "$PG_HOME/data/PG_VERSION" ]; then
        [ "$PG_HOME" = "$PG_DIR" ] || remove_orphan_clusters
        say "creating the PostgreSQL cluster in .local/pg"
        mkdir -p "$PG_HOME/data" "$PG_HOME/run"
        chmod 700 "$PG_HOME"
        [ "$PG_HOME" = "$PG_DIR" ] || ln -sfn "$PG_HOME" "$PG_DIR"
        # initdb reads the superuser's password from a file the cluster's owner can read; it is
        # removed as soon as initdb has stored its hash
        local password_file="$PG_HOME/initdb-password"
        secret "$PG_SUPERUSER_PASSWORD_FILE" >"$password_file"
        if is_root; then
            chown -R postgres:postgres "$PG_HOME"
            runuser -u postgres -- test -w "$PG_HOME" || die "the postgres user cannot write to $PG_HOME"
        fi
        local status=0
        as_pg_owner "$PG_BIN/initdb" -D "$PG_HOME/data" -A scram-sha-256 --pwfile="$password_file" -U postgres \
            -E UTF8 --locale=C.UTF-8 >"$LOG_DIR/initdb.log" 2>&1 || status=$?
        rm -f "$password_file"
        [ "$status" = 0 ] || die "initdb failed, see .local/log/initdb.log"
    fi
    # the cluster's folder (data, sockets, its log) is its owner's only, also in clusters made before
    chmod 700 "$PG_HOME"
    [ ! -f "$PG_HOME/postgres.log" ] || chmod 600 "$PG_HOME/postgres.log"
    if ! pg_running; then
        port_in_use "$LOCAL_PG_PORT" \
            && die "port $LOCAL_PG_PORT (local PostgreSQL) is taken; free it or set LOCAL_PG_PORT"
        # no cluster-wide speed-ups (fsync=off would put the demo `make run` serves at risk):
        # test databases get synchronous_commit=off each (fast_test_db)
        # shared_buffers: a quarter of the memory, between 128 MB (PostgreSQL's default) and 2 GB, so
        # that the monitor's rollups and indexes stay in PostgreSQL's cache (bench/RESULTS.md)
        local memory_mb buffers_mb
        memory_mb=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo 2>/dev/null || echo 512)
        buffers_mb=$((memory_mb / 4)); [ "$buffers_mb" -lt 128 ] && buffers_mb=128
        [ "$buffers_mb" -gt 2048 ] && buffers_mb=2048
        # jit=off: the report views' queries are costed above the JIT threshold, and compiling them
        # took longer than running them (the lost sales ups pivot at 200,000 sales ups: 2.7 s of
        # JIT in 5.0 s; 2.1 s without, bench/RESULTS.md)
        local opts="-p $LOCAL_PG_PORT -k $PG_HOME/run -c listen_addresses=127.0.0.1 -c shared_buffers=${buffers_mb}MB"
        opts="$opts -c jit=off"
        as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_HOME/data" -l "$PG_HOME/postgres.log" -w -o "$opts" start \
            >/dev/null || die "PostgreSQL did not start, see .local/pg/postgres.log"
    fi
    require_pg_passwords
    if ! psql -qAtc 'select 1' >/dev/null 2>&1; then
        # no role odoo yet, or its password is not the one in .local/pg_password (a new clone of
        # .local, a deleted file): (re)set it as the superuser
        # (passwords reach psql through its environment, never its command line: `ps` shows that)
        ROLE_PASSWORD="$DB_PASSWORD" psql_superuser -q -v role=odoo >/dev/null <<'SQL' \
            || die "cannot log in to the local PostgreSQL as postgres: .local/pg_superuser_password does not match the cluster in .local/pg"
\getenv password ROLE_PASSWORD
select exists(select 1 from pg_roles where rolname = :'role') as has_role \gset
\if :has_role
alter role :"role" login createdb password :'password';
\else
create role :"role" login createdb password :'password';
\endif
SQL
    fi
}

# Clusters made before passwords were required trusted every local connection (any local account
# could connect as the superuser). While that still holds, give both roles their generated
# password, then switch every rule of pg_hba.conf to scram-sha-256 and reload.
require_pg_passwords() {
    local hba="$PG_HOME/data/pg_hba.conf"
    as_pg_owner grep -Eq '^[^#]*[[:space:]]trust([[:space:]]|$)' "$hba" || return 0
    say "the local PostgreSQL trusted local connections: giving its roles passwords (scram-sha-256)"
    SUPERUSER_PASSWORD=$(secret "$PG_SUPERUSER_PASSWORD_FILE") ROLE_PASSWORD="$DB_PASSWORD" psql -U postgres -q \
        -v role=odoo >/dev/null <<'SQL' || die "could not set the PostgreSQL passwords"
\getenv password SUPERUSER_PASSWORD
\getenv odoo_password ROLE_PASSWORD
set password_encryption = 'scram-sha-256';
alter role postgres password :'password';
select exists(select 1 from pg_roles where rolname = :'role') as has_role \gset
\if :has_role
alter role :"role" login createdb password :'odoo_password';
\else
create role :"role" login createdb password :'odoo_password';
\endif
SQL
    as_pg_owner sed -i -E 's/^([^#]*[[:space:]])trust([[:space:]]|$)/\1scram-sha-256\2/' "$hba"
    as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_HOME/data" reload >/dev/null || die "PostgreSQL did not reload pg_hba.conf"
    # the reload is asynchronous: wait until a connection without password is refused
    local waited=0
    while PGPASSWORD= PGPASSFILE=/dev/null psql -U postgres -w -qAtc 'select 1' >/dev/null 2>&1; do
        [ "$waited" -lt 50 ] || die "PostgreSQL still accepts connections without password after the reload"
        sleep 0.1; waited=$((waited + 1))
    done
}

stop_pg() {
    [ "$EXTERNAL_PG" = 1 ] && return
    PG_HOME=$(pg_home)
    pg_running && as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_HOME/data" -m fast stop >/dev/null && say "PostgreSQL stopped"
    return 0
}

admin_password() { secret "$LOCAL/admin_passwd"; }

# odoo.conf is committed (relative paths, nothing secret); what is secret or belongs to this
# machine goes to the git-ignored .local/odoo.local.conf, readable by its owner only. bin/odoo
# merges both (and PG*/ODOO_PORT from the environment) when Odoo starts.
write_conf() {
    local file="$LOCAL/odoo.local.conf" partial
    partial="$file.$$"
    (
        umask 077
        cat >"$partial" <<EOF
; Written by scripts/stack.sh on each run: the secret and machine-specific part of odoo.conf.
[options]
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
admin_passwd = $(admin_password)
EOF
    )
    chmod 600 "$partial"
    mv -f "$partial" "$file"
}

# .local holds secrets, the filestore (customers' documents), logs and dumps: for our user only.
# As root with the cluster inside .local (.local/pg a folder of the postgres user), postgres must
# still pass through .local: then it is 711 (enter, not list); every folder below it is 700.
# Files made before this rule (or by tools with their own umask) lose their group/other bits.
secure_local() {
    local dir
    if is_root && [ -d "$PG_DIR" ] && [ ! -L "$PG_DIR" ]; then chmod 711 "$LOCAL"; else chmod 700 "$LOCAL"; fi
    for dir in "$LOCAL/data" "$LOG_DIR" "$RUN_DIR" "$LOCAL/tmp" "$LOCAL/backups" "$LOCAL/artefacts"; do
        [ -d "$dir" ] || continue
        chmod 700 "$dir"
        find "$dir" -perm /077 ! -type l -exec chmod go-rwx {} +
    done
    find "$LOCAL" -maxdepth 1 -type f -perm /077 -exec chmod go-rwx {} +
}

setup() {
    mkdir -p "$LOG_DIR" "$RUN_DIR"
    secure_local
    ensure_tools
    ensure_venv
    export PATH="$VENV/bin:$LOCAL/node/node_modules/.bin:$PATH"
    export BROWSER_ARTEFACTS="$LOCAL/artefacts"
    write_conf
    ODOO_CONF=$("$ROOT/bin/odoo" --print-config)
}

odoo() { "$ROOT/bin/odoo" -c "$ROOT/odoo.conf" "$@"; }

# Values reach SQL as psql variables (-v name=value, then :'name' or :"name" in the statement),
# never pasted into its text. psql expands variables only in what it reads, hence the here-docs.
sql_value() {
    local query="$1"; shift
    psql -qAt "$@" <<<"$query"
}

db_exists() { sql_value "select 1 from pg_database where datname = :'db'" -v db="$1" | grep -q 1; }

# Modules our addons depend on that live outside addons/: they go in the template database.
external_depends() {
    "$VENV/bin/python" - "${OUR_ADDON_DIRS[@]}" <<'EOF'
import ast, os, sys
ours = {os.path.basename(path) for path in sys.argv[1:]}
deps = set()
for path in sys.argv[1:]:
    with open(os.path.join(path, "__manifest__.py")) as handle:
        deps.update(ast.literal_eval(handle.read()).get("depends", []))
print(",".join(sorted(deps - ours)))
EOF
}

# A database with every dependency installed (with demo data), copied for each fresh database.
ensure_template() {
    local modules name
    modules=$(external_depends)
    # named after what goes into it: the Odoo/OCA wheels and the modules (not the test tools)
    name="dealer_tmpl_$( (sha1sum <requirements-odoo.txt | cut -c1-12; echo "$modules") | sha1sum | cut -c1-10)"
    if ! db_exists "$name"; then
        say "building template database $name with $modules (about 4 minutes, once)"
        odoo -d "$name" -i "$modules" --stop-after-init --http-port "$ODOO_TEST_PORT" \
            --logfile "$LOG_DIR/template.log" || die "template build failed, see .local/log/template.log"
        if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOG_DIR/template.log"; then
            drop_db "$name"
            die "template build logged errors, see .local/log/template.log"
        fi
    fi
    TEMPLATE_DB="$name"
    lock_templates
}

# Template databases are copied, never served: they hold Odoo's admin/admin and demo/demo users, so
# nobody may connect to them (CREATE DATABASE ... TEMPLATE does not need to). Older templates too.
lock_templates() {
    local name
    for name in $(sql_value "select datname from pg_database where datname like 'dealer\_tmpl\_%' and datallowconn"); do
        psql -q -v db="$name" >/dev/null <<'SQL'
alter database :"db" allow_connections false;
SQL
    done
}

fresh_db_from_template() {
    copy_db "$TEMPLATE_DB" "$1"
}

# Database $1 (nobody connected) copied as $2 (replacing it), with its filestore: attachments of
# demo data live there. Database settings are not copied (ALTER DATABASE ... SET stays behind).
copy_db() {
    local source="$1" db="$2"
    drop_db "$db"
    psql -q -v db="$db" -v source="$source" >/dev/null <<'SQL'
create database :"db" template :"source";
SQL
    rm -rf "$LOCAL/data/filestore/$db"
    if [ -d "$LOCAL/data/filestore/$source" ]; then
        cp -r "$LOCAL/data/filestore/$source" "$LOCAL/data/filestore/$db"
    fi
}

drop_db() {
    PGOPTIONS="-c client_min_messages=warning" psql -q -v db="$1" >/dev/null <<'SQL'
drop database if exists :"db";
SQL
    # a database name is a folder name in the filestore, never a path
    case "$1" in */* | "" | . | ..) ;; *) rm -rf "$LOCAL/data/filestore/$1" ;; esac
}

# A test that leaves a transaction open must fail the run, not hang it: on test databases a
# statement waiting for a lock gives up after two minutes with an error naming the wait.
limit_lock_waits() {
    psql -q -v db="$1" >/dev/null <<'SQL'
alter database :"db" set lock_timeout = '120s';
SQL
}

# Test databases trade durability for speed on their own: a crash loses their last commits, never
# the demo's (the cluster keeps fsync on).
fast_test_db() {
    psql -q -v db="$1" >/dev/null <<'SQL'
alter database :"db" set synchronous_commit = off;
SQL
}

# A fingerprint of our addons' files: when it changed since the demo database was last
# updated, `make run` updates the addons before serving (new fields, views and data).
addons_fingerprint() {
    find addons -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-16
}

cmd_run() {
    setup
    ensure_pg
    port_in_use "$ODOO_PORT" && die "port $ODOO_PORT is taken; stop what uses it or set ODOO_PORT"
    if ! db_exists "$ODOO_DB"; then
        ensure_template
        say "creating database $ODOO_DB with the demo dealer group"
        fresh_db_from_template "$ODOO_DB"
        odoo -d "$ODOO_DB" -i "$OUR_ADDONS" --stop-after-init --http-port "$ODOO_PORT" \
            --logfile "$LOG_DIR/odoo.log" || die "installing our addons failed, see .local/log/odoo.log"
        addons_fingerprint >"$RUN_DIR/$ODOO_DB.addons"
    elif [ "$(cat "$RUN_DIR/$ODOO_DB.addons" 2>/dev/null)" != "$(addons_fingerprint)" ]; then
        say "our addons changed: updating them in $ODOO_DB"
        odoo -d "$ODOO_DB" -u "$OUR_ADDONS" --stop-after-init --http-port "$ODOO_PORT" \
            --logfile "$LOG_DIR/odoo.log" || die "updating our addons failed, see .local/log/odoo.log"
        addons_fingerprint >"$RUN_DIR/$ODOO_DB.addons"
    fi
    local extra=()
    [ "$ODOO_WORKERS" -gt 0 ] && extra+=(--workers "$ODOO_WORKERS")
    # Ctrl-C, kill and make stop end what runs beside Odoo with it
    trap stop_companions EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    start_dms_simulator
    start_log_rotation
    say "Odoo on http://127.0.0.1:$ODOO_PORT (database $ODOO_DB, log .local/log/odoo.log, rotated by logrotate); stop with Ctrl-C or make stop"
    # Odoo writes its log file itself (logrotate may rename it: Odoo reopens it); the terminal follows it
    touch "$LOG_DIR/odoo.log"
    tail -n 0 -F "$LOG_DIR/odoo.log" 2>/dev/null &
    COMPANION_PIDS+=($!)
    odoo -d "$ODOO_DB" --db-filter "^$ODOO_DB\$" --http-port "$ODOO_PORT" --logfile "$LOG_DIR/odoo.log" \
        --pidfile "$RUN_DIR/odoo.pid" "${extra[@]}"
}

# Processes make run starts beside Odoo (the log view, the rotation loop); the DMS simulator keeps
# its own pid file (make stop ends it too).
COMPANION_PIDS=()
stop_companions() {
    stop_dms_simulator
    local pid
    for pid in "${COMPANION_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
}

# Odoo's log is rotated by logrotate (daily, or at 100 MB; 14 kept, compressed): Odoo writes it with
# a WatchedFileHandler, which opens the new file after a rename, so nothing is lost and nothing
# restarts. make run rotates at start and every hour; on a server, install the configuration that
# `scripts/stack.sh logrotate-conf /path/to/odoo.log` prints into /etc/logrotate.d/ instead.
logrotate_conf() {
    local file
    echo "# Written by scripts/stack.sh (logrotate-conf): Odoo's log, reopened by Odoo after each rotation."
    for file in "$@"; do
        cat <<EOF
$file {
    daily
    maxsize 100M
    rotate 14
    compress
    delaycompress
    missingok
    notifempty
    create 0600
}
EOF
    done
}

rotate_logs() {
    command -v logrotate >/dev/null 2>&1 || { say "logrotate is missing: Odoo's log is not rotated"; return 0; }
    logrotate_conf "$LOG_DIR/odoo.log" >"$RUN_DIR/logrotate.conf"
    # the simulator's output is a file its shell holds open: copied, then emptied in place
    cat >>"$RUN_DIR/logrotate.conf" <<EOF
$LOG_DIR/dms-simulator.log {
    daily
    maxsize 20M
    rotate 3
    compress
    missingok
    notifempty
    copytruncate
}
EOF
    logrotate --state "$RUN_DIR/logrotate.state" "$RUN_DIR/logrotate.conf" \
        || say "logrotate failed (see above); the logs keep growing until it works"
}

start_log_rotation() {
    rotate_logs
    # the loop's sleep ends with it (a TERM while it waits)
    (
        trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
        while true; do
            sleep 3600 &
            sleeper=$!
            wait "$sleeper"
            rotate_logs
        done
    ) &
    COMPANION_PIDS+=($!)
}

# The demo's DMS: tools/dms_simulator.py pushes a moment every few seconds (DMS_SIMULATOR_RATE per
# second, dated now) to the demo backend `demo-dms`, with a key made for this run, and serves the
# demo's pull and the messages sent back on DMS_SIMULATOR_PORT (the backend's base URL is set to it);
# it starts with make run (the first pushes wait until Odoo serves) and stops with it or with make
# stop. DMS_SIMULATOR=0 make run serves without it.
DMS_SIMULATOR_PID="$RUN_DIR/dms-simulator-$ODOO_PORT.pid"
start_dms_simulator() {
    [ "${DMS_SIMULATOR:-1}" = 1 ] || return 0
    stop_dms_simulator
    local key port="${DMS_SIMULATOR_PORT:-8690}"
    key=$(DMS_SIMULATOR_PORT="$port" "$ROOT/bin/odoo" shell -c "$ROOT/odoo.conf" -d "$ODOO_DB" --no-http \
        --logfile "$LOG_DIR/odoo.log" 2>/dev/null <<'PY' | sed -n 's/^DMS-KEY //p'
import os
backend = env.ref("dms_connector.backend_demo", raise_if_not_found=False)
if backend and backend.active and backend.enabled:
    backend.write({"base_url": "http://127.0.0.1:%s" % os.environ["DMS_SIMULATOR_PORT"], "password": "demo-token",
                   "outbound_channel": "rest"})
    print("DMS-KEY " + backend.generate_api_key())
    env.cr.commit()
PY
) || true
    if [ -z "$key" ]; then
        say "no enabled demo DMS backend (demo-dms) in $ODOO_DB: the DMS simulator does not run"
        return 0
    fi
    if port_in_use "$port"; then
        say "port $port (DMS simulator) is taken: the simulator does not run; set DMS_SIMULATOR_PORT"
        return 0
    fi
    DMS_KEY="$key" "$VENV/bin/python" tools/dms_simulator.py --push "http://127.0.0.1:$ODOO_PORT/dms/demo-dms/moments" \
        --rate "${DMS_SIMULATOR_RATE:-0.2}" --batch 1 --count 0 --id-prefix "DEMO$(date +%s)" \
        --serve --port "$port" --token demo-token --moments 0 \
        >>"$LOG_DIR/dms-simulator.log" 2>&1 &
    echo $! >"$DMS_SIMULATOR_PID"
    # Ctrl-C, kill and make stop end the simulator with Odoo
    trap stop_dms_simulator EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    say "DMS simulator pushing moments to demo-dms and serving its pull on port $port (log .local/log/dms-simulator.log)"
}

stop_dms_simulator() {
    local pid
    if [ -f "$DMS_SIMULATOR_PID" ]; then
        pid=$(cat "$DMS_SIMULATOR_PID")
        # only our simulator: a stale file may name a process that reused the pid
        if ps -p "$pid" -o args= 2>/dev/null | grep -q "tools/dms_simulator.py --push"; then
            kill "$pid" 2>/dev/null || true
        fi
        rm -f "$DMS_SIMULATOR_PID"
    fi
}

# Odoo first, and only once it has exited PostgreSQL: a server still writing when the cluster
# goes down loses its last requests and logs connection errors.
cmd_stop() {
    local pid
    stop_dms_simulator
    if [ -f "$RUN_DIR/odoo.pid" ]; then
        pid=$(cat "$RUN_DIR/odoo.pid")
        if kill "$pid" 2>/dev/null; then
            local waited=0
            while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 60 ]; do sleep 0.5; waited=$((waited + 1)); done
            if kill -0 "$pid" 2>/dev/null; then
                kill -9 "$pid" 2>/dev/null || true
                say "Odoo did not stop within 30 s: killed"
            else
                say "Odoo stopped"
            fi
        fi
        rm -f "$RUN_DIR/odoo.pid"
    fi
    if [ -x "$VENV/bin/python" ]; then stop_pg; fi
}

# flake8 and pylint-odoo over our Python (configuration in .flake8 and .pylintrc); fails on any finding.
LINT_PATHS=(addons tests scripts load conftest.py bin/odoo)
cmd_lint() {
    ensure_venv
    "$VENV/bin/python" -c 'import pylint_odoo' 2>/dev/null \
        || die "pylint-odoo is missing from .venv: see requirements.txt"
    say "lint: flake8 and pylint-odoo"
    local status=0
    "$VENV/bin/flake8" "${LINT_PATHS[@]}" || status=1
    local python_packages=()
    for path in addons/*/__manifest__.py; do python_packages+=("$(dirname "$path")"); done
    "$VENV/bin/pylint" --rcfile=.pylintrc "${python_packages[@]}" tests scripts load conftest.py bin/odoo || status=1
    say "lint: every test module is imported by its tests/__init__.py (Odoo runs no other)"
    "$VENV/bin/python" scripts/test_census.py addons || status=1
    say "lint: no untranslated term in ${I18N_ADDONS}"
    "$VENV/bin/python" scripts/i18n.py check ${I18N_ADDONS//,/ } || status=1
    [ "$status" = 0 ] || die "lint found problems (above); make lint runs it alone"
}

free_port() {
    "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Two runs at once never share a database: without ODOO_TEST_DB each run makes its own and drops
# it at the end (KEEP_TEST_DB=1 keeps it); a name given twice is refused by a lock while in use.
claim_test_db() {
    if [ -z "$TEST_DB_GIVEN" ]; then
        ODOO_TEST_DB="dealer_test_$$"
        [ "${KEEP_TEST_DB:-0}" = 1 ] || trap 'drop_db "$ODOO_TEST_DB" || true' EXIT
    fi
    [ -n "$TEST_PORT_GIVEN" ] || ODOO_TEST_PORT=$(free_port)
    exec 9>"$RUN_DIR/test-$ODOO_TEST_DB.lock"
    flock -n 9 || die "another make test is using database $ODOO_TEST_DB; wait for it or set ODOO_TEST_DB"
}

# Lint, then two lanes side by side (one per core): Odoo's tests of our addons installed on a
# fresh copy of the template; and our addons installed without tests on a second copy, the
# plain-Python tests, then the acceptance tests of tests/ driving a real server on that copy.
cmd_test() {
    mkdir -p "$LOG_DIR"
    cmd_lint
    WITH_BROWSER=1 setup
    ensure_pg
    ensure_template
    claim_test_db
    port_in_use "$ODOO_TEST_PORT" && die "port $ODOO_TEST_PORT (test server) is taken; set ODOO_TEST_PORT"
    # globals: the EXIT trap runs after this function has returned
    ACCEPTANCE_DB="${ODOO_TEST_DB}_acceptance"
    BROWSER_DB="${ODOO_TEST_DB}_browser"
    local acceptance_db="$ACCEPTANCE_DB" browser_db="$BROWSER_DB" acceptance_port browser_port
    acceptance_port=$(free_port)
    browser_port=$(free_port)
    [ -n "$TEST_DB_GIVEN" ] || [ "${KEEP_TEST_DB:-0}" = 1 ] \
        || trap 'drop_db "$ODOO_TEST_DB" || true; drop_db "$ACCEPTANCE_DB" || true; drop_db "$BROWSER_DB" || true' EXIT
    say "testing on fresh databases $ODOO_TEST_DB (Odoo tests), $acceptance_db (acceptance tests)" \
        "and $browser_db (browser tests)"
    local db
    for db in "$ODOO_TEST_DB" "$acceptance_db"; do
        fresh_db_from_template "$db"
        limit_lock_waits "$db"
        fast_test_db "$db"
    done
    local log="$LOG_DIR/$ODOO_TEST_DB.log" install_log="$LOG_DIR/$acceptance_db.log"
    : >"$log"
    : >"$install_log"
    local lib_xml="$LOG_DIR/$ODOO_TEST_DB-pytest.xml" acceptance_xml="$LOG_DIR/$ODOO_TEST_DB-acceptance.xml"
    local browser_xml="$LOG_DIR/$ODOO_TEST_DB-browser.xml" browser_log="$LOG_DIR/$browser_db.log"
    rm -f "$lib_xml" "$acceptance_xml" "$browser_xml" "$LOG_DIR/acceptance-$acceptance_db"-*.log
    : >"$browser_log"
    local status_dir
    status_dir=$(mktemp -d "$RUN_DIR/test-status.XXXXXX")
    # Three lanes: Odoo's run of our addons' tests (the browser files skipped there), the
    # plain-Python and acceptance tests, and the browser tests with pytest-odoo on a copy of the
    # acceptance database as installed. One Odoo run uses less than a core (it waits on
    # PostgreSQL and on Chromium), so the lanes share the two cores of a CI machine.
    (
        status=0
        DEALER_BROWSER_TESTS_ELSEWHERE=1 odoo -d "$ODOO_TEST_DB" -i "$OUR_ADDONS" --test-enable \
            --stop-after-init --http-port "$ODOO_TEST_PORT" --logfile "$log" || status=$?
        echo "$status" >"$status_dir/odoo"
    ) &
    local odoo_lane=$!
    (
        status=0
        while [ ! -e "$status_dir/installed" ]; do sleep 2; done
        if [ "$(cat "$status_dir/installed")" = 0 ]; then
            browser_tests "$browser_db" "$browser_port" "$browser_log" "$browser_xml" || status=$?
        else
            status=1
            echo "no browser tests: installing our addons on $acceptance_db failed" >&2
        fi
        echo "$status" >"$status_dir/browser"
    ) &
    local browser_lane=$!
    (
        # pytest's exit status and junit file both go to the report: a crash or a missing file fails the run
        status=0
        "$VENV/bin/pytest" -p no:odoo -p no:cacheprovider -q --junitxml "$lib_xml" addons/*/lib/tests load/tests || status=$?
        echo "$status" >"$status_dir/lib"
        status=0
        odoo -d "$acceptance_db" -i "$OUR_ADDONS" --stop-after-init --http-port "$acceptance_port" \
            --logfile "$install_log" || status=$?
        if [ "$status" = 0 ]; then
            # the browser lane's database: the installed one, copied before any test touches it
            copy_db "$acceptance_db" "$browser_db" && limit_lock_waits "$browser_db" \
                && fast_test_db "$browser_db" || status=$?
        fi
        echo "$status" >"$status_dir/installed"
        if [ "$status" = 0 ]; then
            say "acceptance tests (tests/) over HTTP on $acceptance_db"
            ODOO_ACCEPTANCE_DB="$acceptance_db" ODOO_ACCEPTANCE_PORT="$acceptance_port" \
                "$VENV/bin/pytest" -p no:odoo -p no:cacheprovider -q -rf --junitxml "$acceptance_xml" \
                tests || status=$?
        else
            echo "installing our addons on $acceptance_db failed, see $install_log" >&2
        fi
        echo "$status" >"$status_dir/acceptance"
    ) &
    local acceptance_lane=$!
    wait "$odoo_lane" "$acceptance_lane" "$browser_lane" || true
    local status lib_status acceptance_status browser_status
    status=$(cat "$status_dir/odoo" 2>/dev/null || echo 1)
    lib_status=$(cat "$status_dir/lib" 2>/dev/null || echo 1)
    acceptance_status=$(cat "$status_dir/acceptance" 2>/dev/null || echo 1)
    browser_status=$(cat "$status_dir/browser" 2>/dev/null || echo 1)
    rm -rf "$status_dir"
    # the servers the acceptance and browser tests drove (and the install before them) log
    # ERROR/CRITICAL lines only for a real fault too
    local server_logs=("--server-log=$install_log" "--server-log=$browser_log") server_log
    for server_log in "$LOG_DIR/acceptance-$acceptance_db"-*.log; do
        [ -f "$server_log" ] && server_logs+=("--server-log=$server_log")
    done
    "$VENV/bin/python" scripts/test_report.py "${server_logs[@]}" "$log" "$status" \
        "Plain-Python tests=$lib_xml:$lib_status" "Acceptance tests=$acceptance_xml:$acceptance_status" \
        "Browser tests (pytest-odoo)=$browser_xml:$browser_status"
}

# Our addons' browser test files (tests/test_browser_*.py) with pytest-odoo on database $1, its
# test server on port $2, Odoo's log to $3 and the results to the junit file $4.
browser_tests() {
    local db="$1" port="$2" log="$3" xml="$4" conf
    conf="$RUN_DIR/browser-$db.conf"
    # the merged configuration with this lane's port and log file (bin/odoo writes one per checkout)
    "$VENV/bin/python" - "$(ODOO_PORT="$port" "$ROOT/bin/odoo" --print-config)" "$conf" "$log" <<'PY'
import configparser, os, sys
parser = configparser.ConfigParser(interpolation=None)
parser.read(sys.argv[1])
parser["options"]["logfile"] = sys.argv[3]
with os.fdopen(os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
    parser.write(handle)
PY
    say "browser tests (pytest-odoo) on $db"
    ODOO_TEST_HTTP=1 "$VENV/bin/pytest" -p no:cacheprovider -p no:warnings -q -rf \
        --odoo-config="$conf" --odoo-database="$db" --odoo-log-level=info --junitxml "$xml" \
        addons/*/tests/test_browser_*.py
}

# Odoo's own suites of crm, sale, calendar, mail and account on a fresh database with our addons
# and their demo (make core-tests), run with pytest-odoo; scripts/core_tests.py holds the tests that
# contradict our rules by design, with the reason, and fails on any other failure.
CORE_SUITES=(crm sale calendar mail account)
cmd_core_tests() {
    mkdir -p "$LOG_DIR"
    WITH_BROWSER=1 setup
    ensure_pg
    ensure_template
    local db="${ODOO_CORE_DB:-dealer_core_$$}"
    [ -n "${ODOO_CORE_DB:-}" ] || [ "${KEEP_TEST_DB:-0}" = 1 ] || trap 'drop_db "$db" || true' EXIT
    port_in_use "$ODOO_TEST_PORT" && die "port $ODOO_TEST_PORT (test server) is taken; set ODOO_TEST_PORT"
    local log="$LOG_DIR/$db.log" xml="$LOG_DIR/$db-core.xml"
    if [ -z "${ODOO_CORE_DB:-}" ] || ! db_exists "$db"; then
        say "core suites: a fresh database $db with our addons"
        fresh_db_from_template "$db"
        limit_lock_waits "$db"
        fast_test_db "$db"
        odoo -d "$db" -i "$OUR_ADDONS" --stop-after-init --http-port "$ODOO_TEST_PORT" --logfile "$log" \
            || die "installing our addons on $db failed, see $log"
    fi
    local paths=() suite status=0
    for suite in "${CORE_SUITES[@]}"; do paths+=("$(site_packages)/odoo/addons/$suite/tests"); done
    say "core suites: ${CORE_SUITES[*]} (log $log)"
    rm -f "$xml"
    ODOO_PORT="$ODOO_TEST_PORT" ODOO_TEST_HTTP=1 "$VENV/bin/pytest" -p no:cacheprovider -p no:warnings -q \
        --odoo-config="$ODOO_CONF" --odoo-database="$db" --odoo-log-level=warn --junitxml "$xml" \
        "${paths[@]}" >>"$log" 2>&1 || status=$?
    "$VENV/bin/python" scripts/core_tests.py "$xml" "$status"
}

# A database with our addons and their demo data, for the acceptance tests run on their own
# (`pytest tests/`); tests/conftest.py drops it again with drop-db.
cmd_acceptance_db() {
    local db="$1" port="${2:-$ODOO_TEST_PORT}"
    setup
    ensure_pg
    ensure_template
    fresh_db_from_template "$db"
    limit_lock_waits "$db"
    fast_test_db "$db"
    odoo -d "$db" -i "$OUR_ADDONS" --stop-after-init --http-port "$port" --logfile "$LOG_DIR/$db.log" \
        || die "installing our addons on $db failed, see .local/log/$db.log"
}

# An addon's terms exported by Odoo from a database where it is installed (ODOO_DB, the demo, by
# default; updated first so that its current i18n/nl.po is loaded): i18n/<addon>.pot with every
# term, i18n/nl.po with the Dutch kept and the new terms empty for the translator.
cmd_i18n_export() {
    local addon="$1" db="${I18N_DB:-$ODOO_DB}" folder
    folder="addons/$addon/i18n"
    [ -f "addons/$addon/__manifest__.py" ] || die "no addon $addon in addons/"
    setup
    ensure_pg
    db_exists "$db" || die "database $db does not exist: make run creates it, or set I18N_DB"
    mkdir -p "$folder"
    odoo -d "$db" -u "$addon" --stop-after-init --http-port "$ODOO_TEST_PORT" --logfile "$LOG_DIR/i18n.log" \
        || die "updating $addon in $db failed, see .local/log/i18n.log"
    odoo -d "$db" --i18n-export="$RUN_DIR/$addon.pot.po" --modules="$addon" --stop-after-init \
        --http-port "$ODOO_TEST_PORT" --logfile "$LOG_DIR/i18n.log" || die "export failed, see .local/log/i18n.log"
    mv "$RUN_DIR/$addon.pot.po" "$folder/$addon.pot"
    odoo -d "$db" --i18n-export="$folder/nl.po" -l nl_NL --modules="$addon" --stop-after-init \
        --http-port "$ODOO_TEST_PORT" --logfile "$LOG_DIR/i18n.log" || die "export failed, see .local/log/i18n.log"
    say "$folder/$addon.pot and $folder/nl.po written; then: scripts/i18n.py check $addon"
}

cmd_drop_db() {
    drop_db "$1"
}

# Quick loop on an existing database: update the addons, then run their tests with pytest-odoo
# (one junit file, the same report as make test).
cmd_test_fast() {
    WITH_BROWSER=1 setup
    ensure_pg
    local db="${1:-$ODOO_TEST_DB}" modules="${2:-$OUR_ADDONS}"
    local log="$LOG_DIR/$db-fast.log" xml="$LOG_DIR/$db-fast.xml"
    if ! db_exists "$db"; then
        ensure_template
        fresh_db_from_template "$db"
        fast_test_db "$db"
        odoo -d "$db" -i "$OUR_ADDONS" --stop-after-init --http-port "$ODOO_TEST_PORT" --logfile "$log" \
            || die "installing our addons on $db failed, see $log"
    fi
    limit_lock_waits "$db"
    : >"$log"
    local status=0
    odoo -d "$db" -u "$modules" --stop-after-init --http-port "$ODOO_TEST_PORT" --logfile "$log" || status=$?
    local paths=() module
    for module in ${modules//,/ }; do paths+=("addons/$module/tests"); done
    rm -f "$xml"
    local pytest_status=0
    if [ "$status" = 0 ]; then
        # HttpCase tests reach the server conftest.py starts on the test port
        ODOO_PORT="$ODOO_TEST_PORT" ODOO_TEST_HTTP=1 "$VENV/bin/pytest" -p no:cacheprovider -p no:warnings -q \
            --odoo-config="$("$ROOT/bin/odoo" --print-config)" --odoo-database="$db" --odoo-log-level=warn \
            --junitxml "$xml" "${paths[@]}" || pytest_status=$?
    fi
    "$VENV/bin/python" scripts/test_report.py --no-odoo-tests "$log" "$status" \
        "Odoo tests (pytest-odoo)=$xml:$pytest_status"
}

cmd_bench() {
    setup
    ensure_pg
    ensure_template
    local db="${BENCH_DB:-dealer_bench}"
    # BENCH_REUSE=1 keeps an existing bench database (updating our addons) so that a benchmark
    # may reuse the data it generated before (bench/bench_monitor.py)
    if [ "${BENCH_REUSE:-}" = 1 ] && db_exists "$db"; then
        odoo -d "$db" -u "$OUR_ADDONS" --stop-after-init --logfile "$LOG_DIR/bench.log" \
            || die "updating our addons for the benchmark failed, see .local/log/bench.log"
    else
        fresh_db_from_template "$db"
        odoo -d "$db" -i "$OUR_ADDONS" --stop-after-init --logfile "$LOG_DIR/bench.log" \
            || die "installing our addons for the benchmark failed, see .local/log/bench.log"
    fi
    "$VENV/bin/python" scripts/bench.py --config "$ODOO_CONF" --database "$db" ${ONLY:+--only "$ONLY"}
}

# make backup [DB=...]: a database (default $ODOO_DB) and its filestore in one file under
# .local/backups (BACKUP_DIR=...); make restore FILE=... [DB=...] into a new database, checked
# against the backup (scripts/backup.py). Both work on a fresh clone: make sets everything up.
cmd_backup() {
    setup
    ensure_pg
    "$VENV/bin/python" scripts/backup.py backup --config "$ODOO_CONF" --database "${1:-$ODOO_DB}" \
        --output-dir "${BACKUP_DIR:-$LOCAL/backups}"
}

cmd_restore() {
    local file="${1:-}" db="${2:-}"
    [ -n "$file" ] || die "usage: make restore FILE=path/to/backup.tar [DB=new_database_name]"
    setup
    ensure_pg
    "$VENV/bin/python" scripts/backup.py restore --config "$ODOO_CONF" "$file" ${db:+--database "$db"}
}

# make load [FAULTS=1] [LOAD_MINUTES=10]: a dealer group's working day on its own database
# (LOAD_DB, default dealer_load; LOAD_REUSE=1 keeps the group of the last run): the group generated
# (load/prepare.py), Odoo with LOAD_WORKERS (4) HTTP workers, the job runner and the crons on
# LOAD_PORT (default ODOO_TEST_PORT; long polling on LOAD_PORT + 3), the DMS simulator serving a
# backlog for the pull on DMS_SIMULATOR_PORT, then load/run.py drives it for LOAD_MINUTES and writes
# bench/LOAD.md. With FAULTS=1 the filestore is a size-limited tmpfs (root only) and the four faults
# happen during the run (load/faults.py). Everything started here stops when the run ends.
LOAD_SERVER_PID=""
LOAD_SIMULATOR_PID=""
LOAD_FILESTORE=""
LOAD_FILESTORE_COPY=""
stop_load() {
    local pid waited=0
    [ -z "$LOAD_SIMULATOR_PID" ] || kill "$LOAD_SIMULATOR_PID" 2>/dev/null || true
    # the server runs in a session of its own: its workers and long-polling process stop with it
    if [ -n "$LOAD_SERVER_PID" ]; then
        kill -TERM -- "-$LOAD_SERVER_PID" 2>/dev/null || true
        while kill -0 -- "-$LOAD_SERVER_PID" 2>/dev/null && [ "$waited" -lt 60 ]; do sleep 0.5; waited=$((waited + 1)); done
        kill -KILL -- "-$LOAD_SERVER_PID" 2>/dev/null || true
    fi
    # the documents written during the run go back to the filestore on disk
    if [ -n "$LOAD_FILESTORE" ] && mountpoint -q "$LOAD_FILESTORE"; then
        rm -f "$LOAD_FILESTORE/load-ballast"
        cp -a "$LOAD_FILESTORE/." "$LOAD_FILESTORE_COPY/"
        umount "$LOAD_FILESTORE"
        cp -a "$LOAD_FILESTORE_COPY/." "$LOAD_FILESTORE/"
    fi
    [ -z "$LOAD_FILESTORE_COPY" ] || rm -rf "$LOAD_FILESTORE_COPY"
}

# The filestore of the load database on a tmpfs 64 MB larger than what it holds: a disk that can
# be filled to its limit during the run without touching the machine's disks.
limit_filestore() {
    local folder="$1" used
    is_root || { say "not root: the filestore stays on disk and the disk-full fault is not run"; return 0; }
    mkdir -p "$folder"
    used=$(du -sm "$folder" | cut -f1)
    LOAD_FILESTORE_COPY=$(mktemp -d "$LOCAL/tmp/load-filestore.XXXXXX")
    cp -a "$folder/." "$LOAD_FILESTORE_COPY/"
    mount -t tmpfs -o "size=$((used + 64))m,mode=0700" tmpfs "$folder" || die "could not mount a tmpfs on $folder"
    LOAD_FILESTORE="$folder"
    cp -a "$LOAD_FILESTORE_COPY/." "$folder/"
    rm -rf "${LOAD_FILESTORE_COPY:?}"/*
}

cmd_load() {
    setup
    ensure_pg
    ensure_template
    local db="${LOAD_DB:-dealer_load}" port="${LOAD_PORT:-$ODOO_TEST_PORT}" minutes="${LOAD_MINUTES:-10}"
    local simulator_port="${DMS_SIMULATOR_PORT:-8690}" workers="${LOAD_WORKERS:-4}"
    local state="$RUN_DIR/load-$db.json" log="$LOG_DIR/load-server.log" token
    local port_taken
    for port_taken in "$port" $((port + 3)) "$simulator_port"; do
        port_in_use "$port_taken" && die "port $port_taken is taken; set LOAD_PORT / DMS_SIMULATOR_PORT"
    done
    mkdir -p "$LOCAL/tmp"
    if [ "${LOAD_REUSE:-}" = 1 ] && db_exists "$db"; then
        if [ "$(cat "$RUN_DIR/$db.addons" 2>/dev/null)" != "$(addons_fingerprint)" ]; then
            say "load: our addons changed: updating them in $db (LOAD_REUSE=1)"
            odoo -d "$db" -u "$OUR_ADDONS" --stop-after-init --logfile "$LOG_DIR/load.log" \
                || die "updating our addons failed, see .local/log/load.log"
        fi
    else
        say "load: a fresh database $db with our addons"
        fresh_db_from_template "$db"
        odoo -d "$db" -i "$OUR_ADDONS" --stop-after-init --logfile "$LOG_DIR/load.log" \
            || die "installing our addons failed, see .local/log/load.log"
    fi
    addons_fingerprint >"$RUN_DIR/$db.addons"
    # the load runs with the cluster's settings, never a test database's (make test-fast sets some)
    psql -q -v db="$db" >/dev/null <<'SQL'
alter database :"db" reset all;
SQL
    trap stop_load EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    token=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    # the DMS's backlog for the scheduled pull: 30 pages of 500 moments, served as the pull asks
    "$VENV/bin/python" tools/dms_simulator.py --port "$simulator_port" --token "$token" --moments 15000 \
        --rate 0 >"$LOG_DIR/load-simulator.log" 2>&1 &
    LOAD_SIMULATOR_PID=$!
    say "load: generating the dealer group in $db (5 branches, 50 people, 20,000 sales ups, 200,000 moments)"
    "$VENV/bin/python" load/prepare.py --config "$ODOO_CONF" --database "$db" --state "$state" \
        --dms-url "http://127.0.0.1:$simulator_port" --dms-token "$token" || die "generating the group failed"
    [ "${FAULTS:-0}" = 1 ] && limit_filestore "$LOCAL/data/filestore/$db"
    say "load: Odoo with $workers workers on http://127.0.0.1:$port (log .local/log/load-server.log)"
    : >"$log"
    ODOO_PORT="$port" setsid "$ROOT/bin/odoo" -c "$ROOT/odoo.conf" -d "$db" --db-filter "^$db\$" \
        --workers "$workers" --logfile "$log" >"$LOG_DIR/load-server.out" 2>&1 &
    LOAD_SERVER_PID=$!
    local waited=0
    until curl -fsS -o /dev/null "http://127.0.0.1:$port/dealer/health" 2>/dev/null; do
        kill -0 "$LOAD_SERVER_PID" 2>/dev/null || die "Odoo exited before it served, see $log"
        [ "$waited" -lt 240 ] || die "Odoo did not serve within 2 minutes, see $log"
        sleep 0.5; waited=$((waited + 1))
    done
    local status=0 extra=()
    [ "${FAULTS:-0}" = 1 ] && extra=(--faults --server-pid "$LOAD_SERVER_PID" --filestore "$LOCAL/data/filestore/$db")
    "$VENV/bin/python" load/run.py --url "http://127.0.0.1:$port" --longpolling-url "http://127.0.0.1:$((port + 3))" \
        --database "$db" --state "$state" --minutes "$minutes" "${extra[@]}" || status=$?
    echo "LOAD server_error_lines $(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log" || true)"
    return "$status"
}

# PostgreSQL stopped (fast: every session ends) and started again after SECONDS: a fault of make load.
cmd_pg_bounce() {
    local seconds="${1:-10}"
    [ "$EXTERNAL_PG" = 1 ] && die "pg-bounce restarts the local cluster only"
    mkdir -p "$LOG_DIR"
    PG_HOME=$(pg_home)
    pg_running || die "the local PostgreSQL is not running"
    as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_HOME/data" -m fast stop >/dev/null || die "PostgreSQL did not stop"
    sleep "$seconds"
    ensure_pg
}

# Long property-based runs (make fuzz): the parsers with 20,000 cases per property, then the DMS push
# over HTTP with 2,000 random bodies, 4 clients pushing the same 10,000 moments, and 1,000 documents
# each built from the ADF 1.0 DTD and from STAR's JSON schemas (valid, then mutated).
cmd_fuzz() {
    setup
    ensure_pg
    HYPOTHESIS_PROFILE=fuzz "$VENV/bin/pytest" -p no:odoo -p no:cacheprovider -q addons/*/lib/tests
    DMS_HTTP_EXAMPLES=2000 DMS_CONCURRENT_MOMENTS=10000 DMS_GRAMMAR_EXAMPLES=1000 "$VENV/bin/pytest" -p no:odoo \
        -p no:cacheprovider -q tests/test_dms_push.py tests/test_dms_formats.py
}

case "${1:-}" in
    setup) setup ;;
    lint) mkdir -p "$LOG_DIR"; cmd_lint ;;
    run) cmd_run ;;
    stop) cmd_stop ;;
    test) cmd_test ;;
    test-fast) shift; cmd_test_fast "$@" ;;
    bench) cmd_bench ;;
    load) cmd_load ;;
    pg-bounce) cmd_pg_bounce "${2:-10}" ;;
    conf) setup; echo "$ODOO_CONF" ;;
    fuzz) cmd_fuzz ;;
    core-tests) cmd_core_tests ;;
    db-template) setup; ensure_pg; ensure_template; echo "$TEMPLATE_DB" ;;
    pg) setup; ensure_pg ;;
    acceptance-db) [ -n "${2:-}" ] || die "usage: scripts/stack.sh acceptance-db DB [PORT]"; cmd_acceptance_db "$2" "${3:-}" ;;
    drop-db) [ -n "${2:-}" ] || die "usage: scripts/stack.sh drop-db DB"; cmd_drop_db "$2" ;;
    backup) cmd_backup "${2:-}" ;;
    restore) cmd_restore "${2:-}" "${3:-}" ;;
    rotate-logs) mkdir -p "$LOG_DIR" "$RUN_DIR"; rotate_logs ;;
    logrotate-conf) shift; [ $# -gt 0 ] || die "usage: scripts/stack.sh logrotate-conf LOGFILE..."; logrotate_conf "$@" ;;
    i18n-export) [ -n "${2:-}" ] || die "usage: scripts/stack.sh i18n-export ADDON"; cmd_i18n_export "$2" ;;
    *) die "usage: scripts/stack.sh setup|run|stop|test|lint|test-fast [DB [MODULES]]|core-tests|bench|load|pg-bounce [SECONDS]|db-template|pg|acceptance-db DB [PORT]|drop-db DB|backup [DB]|restore FILE [DB]|rotate-logs|logrotate-conf LOGFILE...|i18n-export ADDON" ;;
esac
