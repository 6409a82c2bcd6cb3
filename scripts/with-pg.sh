#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server.
#
#   scripts/with-pg.sh COMMAND [ARGS...]
#
# Starts a fresh cluster (scripts/pg-cluster.sh) in a new temporary directory,
# exports STRATA_TEST_PG_URL / STRATA_TEST_PG_ADMIN_URL (and the other
# variables in DIR/env), runs COMMAND, then stops the cluster and removes the
# directory -- on success, failure, Ctrl-C or TERM alike. Exits with COMMAND's
# exit code. If the server cannot start, COMMAND is NOT run and the exit code
# is 1 (so a CI test run fails instead of silently skipping).
#
# STRATA_PG_TMPDIR picks where the temporary directory goes (default /tmp; it
# must be traversable by the postgres user and short, for the unix socket).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cluster="$here/pg-cluster.sh"

if [ $# -lt 1 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

dir=$(mktemp -d "${STRATA_PG_TMPDIR:-/tmp}/strata-pg.XXXXXX") || {
  echo "PostgreSQL test server could not start: mktemp -d failed" >&2
  exit 1
}
chmod 755 "$dir"   # world-traversable: the server runs as the postgres user

# shellcheck disable=SC2317  # invoked via trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if ! bash "$cluster" stop "$dir"; then
    echo "with-pg: warning: could not stop/remove the test cluster in $dir" >&2
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
  reason=$(printf '%s\n' "$start_out" | sed -n 's/^pg-cluster: error: //p' | tail -n1)
  echo "PostgreSQL test server could not start: ${reason:-pg-cluster.sh start exited $start_rc}" >&2
  exit 1
fi
[ -z "$start_out" ] || printf '%s\n' "$start_out" >&2

if [ ! -f "$dir/env" ]; then
  echo "PostgreSQL test server could not start: $dir/env was not written" >&2
  exit 1
fi
# shellcheck disable=SC1091
. "$dir/env"
if [ -z "${STRATA_TEST_PG_URL:-}" ]; then
  echo "PostgreSQL test server could not start: STRATA_TEST_PG_URL missing from $dir/env" >&2
  exit 1
fi

"$@"
exit $?
