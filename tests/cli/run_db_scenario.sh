#!/usr/bin/env bash
# Runs a database scenario (tests/cli/db/*.txt) on one backend, so every
# runtime behaviour is checked on SQLite and on the real PostgreSQL alike.
# Scenarios read the URL as ${DATABASE_URL} in their strata.yaml and query
# the database with `dbq SQL`.
# Usage: run_db_scenario.sh STRATA_BINARY SCENARIO sqlite|postgresql|mysql
set -euo pipefail
bin=$1 scenario=$2 backend=$3
here=$(dirname "$(realpath "$0")")
export STRATA_TEST_BACKEND=$backend
case "$backend" in
  sqlite)
    export DATABASE_URL="sqlite:///app.db"  # relative to the scenario's folder
    exec bash "$here/run_scenario.sh" "$bin" "$scenario" ;;
  postgresql)
    if [ -z "${STRATA_TEST_PG_URL:-}" ]; then
      echo "FAIL: STRATA_TEST_PG_URL is not set: PostgreSQL tests need the server that 'make test' starts" >&2
      exit 1
    fi
    # A fresh database per scenario run.
    db="strata_t_$$_${RANDOM}"
    base="${STRATA_TEST_PG_URL%/*}"
    psql -X -q -v ON_ERROR_STOP=1 "$STRATA_TEST_PG_URL" -c "CREATE DATABASE $db" >/dev/null
    trap 'psql -X -q "$STRATA_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
    export DATABASE_URL="$base/$db"
    bash "$here/run_scenario.sh" "$bin" "$scenario" ;;
  mysql)
    if [ -z "${STRATA_TEST_MYSQL_URL:-}" ]; then
      echo "FAIL: STRATA_TEST_MYSQL_URL is not set: MariaDB tests need the server that 'make test' starts" >&2
      exit 1
    fi
    db="strata_t_$$_${RANDOM}"
    my() { mariadb --no-defaults -h "$STRATA_TEST_MYSQL_HOST" -P "$STRATA_TEST_MYSQL_PORT" -u strata -pstrata-test-pw -e "$1"; }
    my "CREATE DATABASE \`$db\`"
    trap 'my "DROP DATABASE IF EXISTS \`$db\`" >/dev/null 2>&1 || true' EXIT
    export STRATA_TEST_MYSQL_DB=$db
    export DATABASE_URL="${STRATA_TEST_MYSQL_URL%/*}/$db"
    bash "$here/run_scenario.sh" "$bin" "$scenario" ;;
  *) echo "unknown backend $backend" >&2; exit 2 ;;
esac
