#!/usr/bin/env bash
# Throwaway MariaDB server for strata's tests.
#
#   scripts/mariadb-cluster.sh start DIR   create + start a server in DIR, write DIR/env
#   scripts/mariadb-cluster.sh stop  DIR   stop it (shutdown, then TERM, then KILL) and remove DIR
#   scripts/mariadb-cluster.sh status DIR  exit 0 if the server in DIR is running
#   scripts/mariadb-cluster.sh halt DIR [fast|immediate]  stop the server, keeping DIR
#                                          (fast: SHUTDOWN; immediate: SIGKILL, a crash)
#   scripts/mariadb-cluster.sh resume DIR  start a halted server again, on its port
#
# The server listens on 127.0.0.1 only (port picked from 33060 upward) and on a
# unix socket inside DIR. After `start`, DIR/env contains
#   export STRATA_TEST_MYSQL_URL=mysql://strata:strata-test-pw@127.0.0.1:PORT/strata_test
# plus STRATA_TEST_MYSQL_PORT, STRATA_TEST_MYSQL_SOCKET (root over the socket,
# no password: for the harness only).
#
# As root the server runs as the `mysql` system user (via runuser); as any
# other user it runs as that user. Tuned for speed, not safety
# (innodb_flush_log_at_trx_commit=0 etc.): never point it at data you care about.
#
# Environment knobs:
#   STRATA_MYSQL_OS_USER      OS user to run the server as when invoked as root (default: mysql)
#   STRATA_MYSQL_PORT_BASE    first port to try (default: 33060)
#   STRATA_MYSQL_START_TIMEOUT  seconds to wait for the server (default: 60)
#   STRATA_MYSQL_DURABLE=1    innodb_flush_log_at_trx_commit=1, so a commit
#                             survives a SIGKILL of the server (kept for resume)
set -euo pipefail

PROG=mariadb-cluster
DB_USER=strata
DB_PASSWORD=strata-test-pw
DB_NAME=strata_test
MARKER=.strata-mariadb-cluster
PORT_BASE=${STRATA_MYSQL_PORT_BASE:-33060}
PORT_TRIES=50
START_TIMEOUT=${STRATA_MYSQL_START_TIMEOUT:-60}

# Keep the caller's client settings from leaking into our own client calls.
unset MYSQL_HOST MYSQL_TCP_PORT MYSQL_PWD MYSQL_UNIX_PORT 2>/dev/null || true

log() { echo "$PROG: $*" >&2; }
die() { echo "$PROG: error: $*" >&2; exit 1; }
usage() { echo "usage: $0 {start|stop|status|halt|resume} DIR" >&2; exit 2; }

need() {
  command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] ||
    die "$1 not found; run scripts/install-deps.sh (packages mariadb-server, mariadb-client)"
}

OS_USER=""
init_user() {
  if [ "$(id -u)" -eq 0 ]; then
    OS_USER=${STRATA_MYSQL_OS_USER:-mysql}
    id -u "$OS_USER" >/dev/null 2>&1 ||
      die "running as root but there is no '$OS_USER' user to run the server (install mariadb-server, or set STRATA_MYSQL_OS_USER)"
  fi
}

as_server() {
  if [ -n "$OS_USER" ]; then
    (cd "$DIR" && runuser -u "$OS_USER" -- "$@")
  else
    (cd "$DIR" && "$@")
  fi
}

abspath() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1; }

server_pid() { [ -f "$DIR/mariadbd.pid" ] && tr -dc 0-9 <"$DIR/mariadbd.pid" 2>/dev/null; }
is_running() {
  local pid
  pid=$(server_pid) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

print_server_log() {
  [ -f "$DIR/server.log" ] || return 0
  echo "----- $DIR/server.log (last 60 lines) -----" >&2
  tail -n 60 "$DIR/server.log" >&2 || true
  echo "----- end of server.log -----" >&2
}

# root over the unix socket, no password: the harness's own connection.
client() { mariadb --no-defaults --protocol=socket -S "$DIR/mysqld.sock" -u root "$@"; }

# launch PORT: mariadbd in the background on DIR's data; waits until it
# answers. Returns 2 when PORT was taken meanwhile (the server could not
# bind it: another server started there first).
launch() {
  local flush=0 logged=0 pid
  [ ! -f "$DIR/.durable" ] || flush=1
  [ ! -f "$DIR/server.log" ] || logged=$(wc -c <"$DIR/server.log")
  as_server /usr/sbin/mariadbd --no-defaults --datadir="$DIR/data" \
    --socket="$DIR/mysqld.sock" --port="$1" --bind-address=127.0.0.1 \
    --pid-file="$DIR/mariadbd.pid" --log-error="$DIR/server.log" \
    --innodb-flush-log-at-trx-commit=$flush --innodb-buffer-pool-size=64M \
    --innodb-log-file-size=16M --skip-log-bin --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_unicode_ci --max-connections=200 \
    >/dev/null 2>&1 &
  pid=$!

  local waited=0
  until client -e "SELECT 1" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      if tail -c +$((logged + 1)) "$DIR/server.log" 2>/dev/null | grep -q 'Address already in use'; then
        return 2
      fi
      print_server_log
      die "the server exited before accepting connections"
    fi
    sleep 0.2
    waited=$((waited + 1))
    if [ $waited -gt $((START_TIMEOUT * 5)) ]; then
      print_server_log
      die "server did not accept connections within ${START_TIMEOUT}s"
    fi
  done
}

start() {
  need mariadb-install-db
  need /usr/sbin/mariadbd
  need mariadb
  init_user
  mkdir -p "$DIR"
  touch "$DIR/$MARKER"
  [ -z "$OS_USER" ] || chown "$OS_USER" "$DIR"
  chmod 755 "$DIR"

  if ! as_server mariadb-install-db --no-defaults --datadir="$DIR/data" \
      --auth-root-authentication-method=normal --skip-test-db \
      ${OS_USER:+--user="$OS_USER"} >"$DIR/install.log" 2>&1; then
    tail -n 40 "$DIR/install.log" >&2
    die "mariadb-install-db failed (log above)"
  fi

  [ "${STRATA_MYSQL_DURABLE:-}" != 1 ] || touch "$DIR/.durable"
  # The first free port; on a lost race for it (another server bound it
  # first), the next one.
  local port=$PORT_BASE tries=0 rc
  while :; do
    while port_in_use "$port"; do
      port=$((port + 1)); tries=$((tries + 1))
      [ $tries -lt $PORT_TRIES ] || die "no free port in $PORT_BASE..$port on 127.0.0.1"
    done
    rc=0
    launch "$port" || rc=$?
    [ $rc -eq 2 ] || break
    log "port $port taken, trying the next one"
    port=$((port + 1)); tries=$((tries + 1))
    [ $tries -lt $PORT_TRIES ] || die "no free port in $PORT_BASE..$port on 127.0.0.1"
  done

  client <<SQL || die "could not create the test user and database"
CREATE DATABASE \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
CREATE USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'localhost' WITH GRANT OPTION;
SQL

  local url="mysql://$DB_USER:$DB_PASSWORD@127.0.0.1:$port/$DB_NAME"
  {
    echo "# written by scripts/mariadb-cluster.sh start $DIR"
    echo "export STRATA_TEST_MYSQL_URL='$url'"
    echo "export STRATA_TEST_MYSQL_HOST=127.0.0.1"
    echo "export STRATA_TEST_MYSQL_PORT=$port"
    echo "export STRATA_TEST_MYSQL_SOCKET='$DIR/mysqld.sock'"
  } >"$DIR/env"
  log "MariaDB $(client -N -e 'SELECT VERSION()') ready: mysql://$DB_USER:***@127.0.0.1:$port/$DB_NAME (env: $DIR/env)"
}

stop() {
  [ -d "$DIR" ] || return 0
  [ -f "$DIR/$MARKER" ] || die "$DIR was not made by $PROG; not removing it"
  if is_running; then
    local pid
    pid=$(server_pid)
    client -e "SHUTDOWN" >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null; do
      sleep 0.1
      waited=$((waited + 1))
      [ $waited -ne 100 ] || kill -TERM "$pid" 2>/dev/null || true
      [ $waited -ne 200 ] || kill -KILL "$pid" 2>/dev/null || true
      [ $waited -lt 250 ] || break
    done
  fi
  rm -rf "$DIR"
}

# halt [fast|immediate] / resume: the server stopped under its clients and
# started again (the fault suite), DIR and the data kept.
halt() {
  [ -f "$DIR/$MARKER" ] || die "$DIR was not made by $PROG"
  is_running || return 0
  local pid waited=0
  pid=$(server_pid)
  case ${1:-fast} in
    fast) client -e "SHUTDOWN" >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true ;;
    immediate) kill -KILL "$pid" 2>/dev/null || true ;;
    *) die "halt: mode must be fast or immediate, not '$1'" ;;
  esac
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.05
    waited=$((waited + 1))
    [ $waited -lt 1200 ] || die "the server (pid $pid) did not stop"
  done
}

resume() {
  [ -f "$DIR/$MARKER" ] && [ -f "$DIR/env" ] || die "$DIR was not made by $PROG"
  is_running && return 0
  init_user
  local port
  port=$(sed -n 's/^export STRATA_TEST_MYSQL_PORT=//p' "$DIR/env")
  launch "$port" || die "port $port was taken while the server was halted"
}

[ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$1" = halt ]; } || usage
DIR=$(abspath "$2")
case $1 in
  start) start ;;
  stop) stop ;;
  status) is_running ;;
  halt) halt "${3:-}" ;;
  resume) resume ;;
  *) usage ;;
esac
