#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for strata's tests.
#
#   scripts/pg-cluster.sh start DIR   create + start a cluster in DIR, write DIR/env
#   scripts/pg-cluster.sh stop  DIR   stop it (fast, then immediate, then kill) and remove DIR
#   scripts/pg-cluster.sh status DIR  exit 0 if the cluster in DIR is running
#   scripts/pg-cluster.sh halt DIR [fast|immediate]  stop the server, keeping DIR
#                                     (immediate: as a crash; default fast)
#   scripts/pg-cluster.sh resume DIR  start a halted server again, on its port
#
# The server listens on 127.0.0.1 only (port picked from 54320 upward) and on a
# unix socket inside DIR. Local socket connections are trusted; TCP connections
# need a password (scram-sha-256). After `start`, DIR/env contains
#   export STRATA_TEST_PG_URL=postgresql://strata:strata-test-pw@127.0.0.1:PORT/strata_test
#   export STRATA_TEST_PG_ADMIN_URL=... (same: the strata role is a superuser)
# plus STRATA_TEST_PG_PORT, STRATA_TEST_PG_HOST, STRATA_TEST_PG_SOCKET_DIR, STRATA_TEST_PG_DATA.
#
# As root the server runs as the `postgres` system user (via runuser); as any
# other user it runs as that user. The cluster is tuned for speed, not safety
# (fsync=off etc.): never point it at data you care about.
#
# Environment knobs:
#   PG_BINDIR            directory holding initdb/pg_ctl (default: newest /usr/lib/postgresql/*/bin)
#   STRATA_PG_OS_USER    OS user to run the server as when invoked as root (default: postgres)
#   STRATA_PG_PORT_BASE  first port to try (default: 54320)
#   STRATA_PG_START_TIMEOUT  seconds to wait for the server (default: 30)
#   STRATA_PG_DURABLE=1  synchronous_commit on, so a commit survives an
#                        immediate stop (a crash of the server, not of the OS)
set -euo pipefail

PROG=pg-cluster
DB_ROLE=strata
DB_PASSWORD=strata-test-pw
DB_NAME=strata_test
MARKER=.strata-pg-cluster
PORT_BASE=${STRATA_PG_PORT_BASE:-54320}
PORT_TRIES=50
START_TIMEOUT=${STRATA_PG_START_TIMEOUT:-30}

# Keep the caller's libpq settings from leaking into our own psql/pg_isready calls.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE \
      PGSERVICEFILE PGOPTIONS PGSSLMODE PGCONNECT_TIMEOUT PGTARGETSESSIONATTRS PGDATA 2>/dev/null || true

log()  { echo "$PROG: $*" >&2; }
die()  { echo "$PROG: error: $*" >&2; exit 1; }

usage() {
  echo "usage: $0 {start|stop|status|halt|resume} DIR" >&2
  exit 2
}

# --- locating the PostgreSQL binaries ---------------------------------------
find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then
    [ -x "$PG_BINDIR/initdb" ] || die "PG_BINDIR=$PG_BINDIR has no initdb"
    echo "$PG_BINDIR"; return
  fi
  local d best=""
  # Debian layout: /usr/lib/postgresql/<major>/bin; take the highest major version.
  # shellcheck disable=SC2012
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5V); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && best=$d
  done
  if [ -z "$best" ] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    best=$(dirname "$(command -v initdb)")
  fi
  [ -n "$best" ] || die "no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin and PATH); run scripts/install-deps.sh (packages postgresql, postgresql-client)"
  echo "$best"
}

# psql / pg_isready: prefer the server's own bindir, fall back to PATH (Debian's wrappers).
client_bin() {
  if [ -x "$BINDIR/$1" ]; then echo "$BINDIR/$1"
  elif command -v "$1" >/dev/null 2>&1; then command -v "$1"
  else die "$1 not found (install postgresql-client)"
  fi
}

# --- running things as the server's OS user ---------------------------------
OS_USER=""
init_user() {
  if [ "$(id -u)" -eq 0 ]; then
    OS_USER=${STRATA_PG_OS_USER:-postgres}
    id -u "$OS_USER" >/dev/null 2>&1 \
      || die "running as root but there is no '$OS_USER' user to run the server (install the postgresql package, or set STRATA_PG_OS_USER)"
    command -v runuser >/dev/null 2>&1 || die "running as root but runuser is missing (util-linux)"
  fi
}

# as_server CMD...: run CMD as the server's OS user, from inside DIR (the caller's
# cwd may not be readable by that user). Locale fixed so a bogus LANG can't break initdb.
as_server() {
  if [ -n "$OS_USER" ]; then
    (cd "$DIR" && LC_ALL=$PG_LOCALE LANG=$PG_LOCALE runuser -u "$OS_USER" -- "$@")
  else
    (cd "$DIR" && LC_ALL=$PG_LOCALE LANG=$PG_LOCALE "$@")
  fi
}

pick_locale() {
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then PG_LOCALE=C.UTF-8; else PG_LOCALE=C; fi
}

# --- helpers -------------------------------------------------------------------
abspath() {
  case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac
}

port_in_use() {
  # Something accepting on 127.0.0.1:$1? (bash /dev/tcp; no python/ss needed.)
  (exec 3<>"/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1
}

# PIDs of postgres processes whose command line mentions our data dir (covers a
# postmaster whose postmaster.pid was never written or was removed).
stray_pids() {
  local p cmd
  for p in /proc/[0-9]*; do
    cmd=$(tr "\0" " " 2>/dev/null <"$p/cmdline") || continue
    case $cmd in
      *postgres*"$DATA"*|*postmaster*"$DATA"*) echo "${p#/proc/}" ;;
    esac
  done
}

postmaster_pid() {
  [ -f "$DATA/postmaster.pid" ] && head -n1 "$DATA/postmaster.pid" 2>/dev/null | tr -dc 0-9
}

is_running() {
  local pid
  pid=$(postmaster_pid) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

print_server_log() {
  local f
  for f in "$DIR"/server.log*; do
    [ -f "$f" ] || continue
    echo "----- $f (last 80 lines) -----" >&2
    tail -n 80 "$f" >&2 || true
    echo "----- end of $f -----" >&2
  done
}

write_env() {
  local port=$1 url="postgresql://$DB_ROLE:$DB_PASSWORD@127.0.0.1:$1/$DB_NAME"
  local tmp="$DIR/env.tmp.$$"
  {
    echo "# written by scripts/pg-cluster.sh start $DIR"
    echo "export STRATA_TEST_PG_URL='$url'"
    echo "export STRATA_TEST_PG_ADMIN_URL='$url'"
    echo "export STRATA_TEST_PG_HOST=127.0.0.1"
    echo "export STRATA_TEST_PG_PORT=$port"
    echo "export STRATA_TEST_PG_SOCKET_DIR='$DIR'"
    echo "export STRATA_TEST_PG_DATA='$DATA'"
  } >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$DIR/env"
  log "PostgreSQL $PG_VERSION ready: postgresql://$DB_ROLE:***@127.0.0.1:$port/$DB_NAME (env: $DIR/env)"
}

# --- start -------------------------------------------------------------------
cmd_start() {
  BINDIR=$(find_bindir)
  PG_VERSION=$("$BINDIR/pg_ctl" --version 2>/dev/null | awk '{print $3}') || PG_VERSION=unknown
  init_user
  pick_locale

  # Already running here? Reuse it (idempotent start).
  if [ -f "$DIR/$MARKER" ] && is_running && [ -f "$DIR/env" ]; then
    local port
    port=$(sed -n 's/^export STRATA_TEST_PG_PORT=//p' "$DIR/env")
    log "cluster in $DIR already running"
    log "PostgreSQL $PG_VERSION ready: postgresql://$DB_ROLE:***@127.0.0.1:$port/$DB_NAME (env: $DIR/env)"
    return 0
  fi

  if [ -e "$DIR" ]; then
    [ -d "$DIR" ] || die "$DIR exists and is not a directory"
    if [ -f "$DIR/$MARKER" ]; then
      log "$DIR holds a stale cluster; wiping it"
      cmd_stop_quiet
    elif [ -n "$(ls -A "$DIR")" ]; then
      die "$DIR is not empty and was not made by this script; refusing to use it"
    fi
  fi

  # Unix socket paths are limited to ~107 bytes.
  [ ${#DIR} -le 80 ] || die "DIR path too long for a unix socket (${#DIR} > 80 chars): $DIR"

  mkdir -p "$DIR"
  : >"$DIR/$MARKER"
  if [ -n "$OS_USER" ]; then
    chown "$OS_USER:" "$DIR" "$DIR/$MARKER"
    chmod 755 "$DIR"
    as_server test -w "$DIR" -a -x "$DIR" 2>/dev/null \
      || die "user '$OS_USER' cannot reach $DIR (a parent directory is not traversable by it); use a directory under /tmp"
  else
    chmod 700 "$DIR"
  fi

  # initdb: bootstrap superuser is always named postgres; socket = trust, TCP = password.
  if ! as_server "$BINDIR/initdb" -D "$DATA" -U postgres -E UTF8 --locale="$PG_LOCALE" \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync --no-instructions \
        >"$DIR/initdb.log" 2>&1; then
    cat "$DIR/initdb.log" >&2 || true
    die "initdb failed in $DATA"
  fi

  # pg_hba: explicit and minimal (overwrites initdb's default).
  cat >"$DATA/pg_hba.conf" <<'EOF'
# written by scripts/pg-cluster.sh
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   scram-sha-256
host    all       all   ::1/128        scram-sha-256
EOF
  cat >>"$DATA/postgresql.conf" <<EOF

# --- scripts/pg-cluster.sh: throwaway test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
max_connections = 100
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = $([ "${STRATA_PG_DURABLE:-}" = 1 ] && echo on || echo off)
full_page_writes = off
logging_collector = off
EOF
  [ -z "$OS_USER" ] || chown "$OS_USER:" "$DATA/pg_hba.conf" "$DATA/postgresql.conf"

  # Start, walking up from PORT_BASE; retry on a lost race for the port.
  local port=$PORT_BASE tries=0 started=0 deadline
  deadline=$(( $(date +%s) + START_TIMEOUT ))
  while [ $tries -lt $PORT_TRIES ]; do
    tries=$((tries + 1))
    if port_in_use "$port" || [ -e "$DIR/.s.PGSQL.$port" ]; then
      port=$((port + 1)); continue
    fi
    rm -f "$DIR/server.log"
    local remaining=$(( deadline - $(date +%s) ))
    [ $remaining -ge 5 ] || remaining=5
    if as_server "$BINDIR/pg_ctl" start -D "$DATA" -l "$DIR/server.log" -w -t "$remaining" \
         -o "-p $port" >"$DIR/pg_ctl.log" 2>&1; then
      started=1; break
    fi
    if grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets' "$DIR/server.log" 2>/dev/null; then
      log "port $port taken, trying the next one"
      as_server "$BINDIR/pg_ctl" stop -D "$DATA" -m immediate >/dev/null 2>&1 || true
      port=$((port + 1)); continue
    fi
    break
  done
  if [ $started -ne 1 ]; then
    cat "$DIR/pg_ctl.log" >&2 2>/dev/null || true
    print_server_log
    die "PostgreSQL server did not start (data dir $DATA)"
  fi

  # Ready over TCP, as clients will connect?
  local isready ok=0
  isready=$(client_bin pg_isready)
  while :; do
    if "$isready" -q -h 127.0.0.1 -p "$port" -d postgres -t 2; then ok=1; break; fi
    [ "$(date +%s)" -lt "$deadline" ] || break
    sleep 0.2
  done
  if [ $ok -ne 1 ]; then
    print_server_log
    die "PostgreSQL server started but is not accepting TCP connections on 127.0.0.1:$port within ${START_TIMEOUT}s"
  fi

  # Role + database, over the trusted unix socket.
  local psql
  psql=$(client_bin psql)
  if ! "$psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$port" -U postgres -d postgres \
        -c "CREATE ROLE $DB_ROLE LOGIN CREATEDB SUPERUSER PASSWORD '$DB_PASSWORD'" \
        -c "CREATE DATABASE $DB_NAME OWNER $DB_ROLE" >"$DIR/setup.log" 2>&1; then
    cat "$DIR/setup.log" >&2 || true
    print_server_log
    die "could not create role '$DB_ROLE' / database '$DB_NAME'"
  fi

  write_env "$port"
}

# --- stop ----------------------------------------------------------------------
# Stop whatever runs from DIR and remove DIR. Never fails for "nothing to stop".
cmd_stop_quiet() {
  local pids bindir
  bindir=$(find_bindir 2>/dev/null) || bindir=""
  if [ -d "$DATA" ]; then
    # pg_ctl refuses to run as root, so it needs the server user when we are root.
    if is_running && [ -n "$bindir" ] && { [ "$(id -u)" -ne 0 ] || [ -n "$OS_USER" ]; }; then
      as_server "$bindir/pg_ctl" stop -D "$DATA" -m fast -w -t 30 >/dev/null 2>&1 \
        || as_server "$bindir/pg_ctl" stop -D "$DATA" -m immediate -w -t 15 >/dev/null 2>&1 \
        || true
    fi
    # Last resort: anything still running from this data dir gets SIGKILL.
    pids=$(stray_pids)
    if [ -n "$pids" ]; then
      log "killing leftover postgres processes: ${pids//$'\n'/ }"
      # shellcheck disable=SC2086
      kill -9 $pids 2>/dev/null || true
      sleep 0.5
    fi
  fi
  rm -rf -- "$DIR"
}

cmd_stop() {
  [ -e "$DIR" ] || return 0
  if [ ! -f "$DIR/$MARKER" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
    die "$DIR was not made by this script (no $MARKER); refusing to delete it"
  fi
  if [ "$(id -u)" -eq 0 ]; then
    OS_USER=${STRATA_PG_OS_USER:-postgres}
    { id -u "$OS_USER" >/dev/null 2>&1 && command -v runuser >/dev/null 2>&1; } || OS_USER=""
  fi
  pick_locale
  cmd_stop_quiet
  [ ! -e "$DIR" ] || die "could not remove $DIR"
}

cmd_status() {
  [ -f "$DIR/$MARKER" ] && is_running
}

# halt / resume: the server stopped under its clients and started again (the
# fault suite), DIR and the data kept.
cmd_halt() {
  [ -f "$DIR/$MARKER" ] || die "$DIR holds no cluster made by this script"
  local mode=${1:-fast}
  case $mode in fast|immediate) ;; *) die "halt: mode must be fast or immediate, not '$mode'" ;; esac
  BINDIR=$(find_bindir)
  init_user
  pick_locale
  is_running || return 0
  as_server "$BINDIR/pg_ctl" stop -D "$DATA" -m "$mode" -w -t 30 >/dev/null || die "pg_ctl stop -m $mode failed"
}

cmd_resume() {
  [ -f "$DIR/$MARKER" ] && [ -f "$DIR/env" ] || die "$DIR holds no cluster made by this script"
  BINDIR=$(find_bindir)
  init_user
  pick_locale
  is_running && return 0
  local port
  port=$(sed -n 's/^export STRATA_TEST_PG_PORT=//p' "$DIR/env")
  if ! as_server "$BINDIR/pg_ctl" start -D "$DATA" -l "$DIR/server.log" -w -t "$START_TIMEOUT" \
       -o "-p $port" >"$DIR/pg_ctl.log" 2>&1; then
    cat "$DIR/pg_ctl.log" >&2 2>/dev/null || true
    print_server_log
    die "PostgreSQL server did not start again on port $port"
  fi
}

# --- main ----------------------------------------------------------------------
[ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$1" = halt ]; } || usage
[ -n "$2" ] || usage
DIR=$(abspath "$2")
DIR=${DIR%/}
case $DIR in ""|/|/tmp|/var|/var/tmp|/root|/home|/usr|/work) die "refusing to use $DIR as a cluster directory" ;; esac
DATA=$DIR/data
PG_LOCALE=C
OS_USER=""

case $1 in
  start)  cmd_start ;;
  stop)   cmd_stop ;;
  status) cmd_status ;;
  halt)   cmd_halt "${3:-}" ;;
  resume) cmd_resume ;;
  *)      usage ;;
esac
