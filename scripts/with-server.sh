#!/usr/bin/env bash
# Run a command against a throwaway database server.
#
#   scripts/with-server.sh KIND COMMAND [ARGS...]     KIND: pg | mariadb
#
# Starts a fresh server (scripts/pg-cluster.sh or scripts/mariadb-cluster.sh)
# in a new temporary directory, exports the variables of DIR/env
# (STRATA_TEST_PG_URL ..., STRATA_TEST_MYSQL_URL ...), runs COMMAND, then
# stops the server and removes the directory -- on success, failure, Ctrl-C
# or TERM alike. Exits with COMMAND's exit code. If the server cannot start,
# COMMAND is NOT run and the exit code is 1 (so a CI test run fails instead of
# silently skipping).
#
# STRATA_PG_TMPDIR picks where the temporary directory goes (default /tmp; it
# must be traversable by the server's user and short, for the unix socket).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
case ${1:-} in
  pg) cluster="$here/pg-cluster.sh" name=PostgreSQL url_var=STRATA_TEST_PG_URL ;;
  mariadb) cluster="$here/mariadb-cluster.sh" name=MariaDB url_var=STRATA_TEST_MYSQL_URL ;;
  *) echo "usage: $0 {pg|mariadb} COMMAND [ARGS...]" >&2; exit 2 ;;
esac
shift
if [ $# -lt 1 ]; then
  echo "usage: $0 {pg|mariadb} COMMAND [ARGS...]" >&2
  exit 2
fi

dir=$(mktemp -d "${STRATA_PG_TMPDIR:-/tmp}/strata-db.XXXXXX") || {
  echo "$name test server could not start: mktemp -d failed" >&2
  exit 1
}
chmod 755 "$dir"   # world-traversable: the server runs as its own system user

# shellcheck disable=SC2317  # invoked via trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if ! bash "$cluster" stop "$dir"; then
    echo "with-server: warning: could not stop/remove the $name test server in $dir" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

start_out=$(bash "$cluster" start "$dir" 2>&1)
start_rc=$?
if [ $start_rc -ne 0 ]; then
  [ -z "$start_out" ] || printf '%s\n' "$start_out" >&2
  reason=$(printf '%s\n' "$start_out" | sed -n 's/^[a-z-]*: error: //p' | tail -n1)
  echo "$name test server could not start: ${reason:-$(basename "$cluster") start exited $start_rc}" >&2
  exit 1
fi
[ -z "$start_out" ] || printf '%s\n' "$start_out" >&2

if [ ! -f "$dir/env" ]; then
  echo "$name test server could not start: $dir/env was not written" >&2
  exit 1
fi
# shellcheck disable=SC1091
. "$dir/env"
if [ -z "${!url_var:-}" ]; then
  echo "$name test server could not start: $url_var missing from $dir/env" >&2
  exit 1
fi

"$@"
exit $?
