#!/usr/bin/env bash
# Branched, merged and depends_on graphs on a live database: upgrade,
# downgrade and stamp with every target form (ids, heads, base, +N/-N,
# REV+N/REV-N, LABEL@+N/-N, LABEL@head/base, several revisions, --purge),
# `history -i` and `current`; the version rows after each step must be what
# Alembic leaves (checked against Alembic itself when it is installed). The
# steps and expected values live in branches_db.py. SQLite, PostgreSQL and
# MariaDB.
# Usage: branches_db_test.sh PATH_TO_STRATA
set -uo pipefail

if [ $# -lt 1 ]; then echo "usage: $0 PATH_TO_STRATA" >&2; exit 2; fi
strata=$(realpath "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3) || { echo "FAIL: python3 is needed" >&2; exit 1; }

. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
require_pg
require_mysql

tmp=$(mktemp -d "${TMPDIR:-/tmp}/strata-e2e-branches.XXXXXX")
# SQLite files in memory when possible: every commit's fsync adds up.
shm=$(mktemp -d /dev/shm/strata-e2e-branches.XXXXXX 2>/dev/null) || shm="$tmp"
prefix="strata_e2e_br_$$_"
cleanup() {
  # branches_db.py drops its databases; this catches an interrupted run.
  local db
  for db in $(psql -X -A -t -q "$STRATA_TEST_PG_URL" -c "SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%'" 2>/dev/null); do
    psql -X -q "$STRATA_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  for db in $(my_admin -N -B -e "SHOW DATABASES LIKE '${prefix}%'" 2>/dev/null); do
    my_admin -e "DROP DATABASE IF EXISTS \`$db\`" >/dev/null 2>&1 || true
  done
  rm -rf "$tmp" "$shm"
}
trap cleanup EXIT

rc=0
# The Alembic cross-check runs once, on SQLite: version rows do not depend
# on the backend.
# -W ignore: Alembic 1.8 warns about `downgrade -1` from several heads.
env -u PYTHONPATH -u PYTHONHOME "$python" -W ignore "$here/branches_db.py" --strata "$strata" \
  --workdir "$shm/sqlite" --backend sqlite || rc=1
env -u PYTHONPATH -u PYTHONHOME "$python" -W ignore "$here/branches_db.py" --strata "$strata" \
  --workdir "$tmp/postgresql" --backend postgresql --no-oracle \
  --pg-admin-url "$STRATA_TEST_PG_URL" --pg-prefix "$prefix" || rc=1
env -u PYTHONPATH -u PYTHONHOME "$python" -W ignore "$here/branches_db.py" --strata "$strata" \
  --workdir "$tmp/mysql" --backend mysql --no-oracle \
  --my-admin-url "$STRATA_TEST_MYSQL_URL" --my-prefix "$prefix" || rc=1
[ $rc -eq 0 ] && echo "all checks passed" || echo "some checks failed"
exit $rc
