# Shared by the e2e tests (sourced, not run): the PostgreSQL precondition,
# a temp folder removed on exit with the databases a test made, and the
# ok/fail counters. A test ends with `finish`.

# The server `make test` starts must be there: never skip PostgreSQL silently.
require_pg() {
  if [ -z "${STRATA_TEST_PG_URL:-}" ]; then
    echo "FAIL: STRATA_TEST_PG_URL is not set: PostgreSQL tests need the server that 'make test' starts (scripts/with-pg.sh)" >&2
    exit 1
  fi
  if ! psql -X -q -t -v ON_ERROR_STOP=1 "$STRATA_TEST_PG_URL" -c 'SELECT 1' >/dev/null 2>&1; then
    echo "FAIL: the PostgreSQL server of STRATA_TEST_PG_URL is unreachable" >&2
    exit 1
  fi
}

# e2e_harness NAME: sets $tmp, the counters, and the cleanup trap.
e2e_harness() {
  failures=0 backend="" step="" pg_dbs=()
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/strata-e2e-$1.XXXXXX")
  trap e2e_cleanup EXIT
}

e2e_cleanup() {
  local db
  for db in "${pg_dbs[@]}"; do
    psql -X -q "$STRATA_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$tmp"
}

fail() { echo "FAIL [$backend]${step:+ $step:} $*"; failures=$((failures + 1)); }
ok() { echo "ok [$backend]${step:+ $step:} $*"; }

# pg_create_db PREFIX: a fresh empty database, dropped on exit; sets $pg_db.
pg_create_db() {
  pg_db="${1}_$$_${RANDOM}"
  psql -X -q -v ON_ERROR_STOP=1 "$STRATA_TEST_PG_URL" -c "CREATE DATABASE $pg_db" >/dev/null || exit 1
  pg_dbs+=("$pg_db")
}
