# Shared by the e2e tests (sourced, not run): the PostgreSQL and MariaDB preconditions,
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

# The MariaDB server `make test` starts (scripts/with-mariadb.sh), likewise.
require_mysql() {
  if [ -z "${STRATA_TEST_MYSQL_URL:-}" ]; then
    echo "FAIL: STRATA_TEST_MYSQL_URL is not set: MariaDB tests need the server that 'make test' starts (scripts/with-mariadb.sh)" >&2
    exit 1
  fi
  if ! my_admin -e 'SELECT 1' >/dev/null 2>&1; then
    echo "FAIL: the MariaDB server of STRATA_TEST_MYSQL_URL is unreachable" >&2
    exit 1
  fi
}

# my_admin ARGS: the mariadb client as the test user, no database selected.
my_admin() {
  mariadb --no-defaults -h "$STRATA_TEST_MYSQL_HOST" -P "$STRATA_TEST_MYSQL_PORT" -u strata -pstrata-test-pw "$@"
}

# my_create_db PREFIX: a fresh empty MariaDB database, dropped on exit; sets
# $my_db and $my_url.
my_create_db() {
  my_db="${1}_$$_${RANDOM}"
  my_admin -e "CREATE DATABASE \`$my_db\`" || exit 1
  my_dbs+=("$my_db")
  my_url="${STRATA_TEST_MYSQL_URL%/*}/$my_db"
}

# e2e_harness NAME: sets $tmp, the counters, and the cleanup trap.
e2e_harness() {
  failures=0 backend="" step="" pg_dbs=() my_dbs=()
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/strata-e2e-$1.XXXXXX")
  trap e2e_cleanup EXIT
}

e2e_cleanup() {
  local db
  for db in "${pg_dbs[@]}"; do
    psql -X -q "$STRATA_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  for db in "${my_dbs[@]}"; do
    my_admin -e "DROP DATABASE IF EXISTS \`$db\`" >/dev/null 2>&1 || true
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
