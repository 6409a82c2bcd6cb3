#!/usr/bin/env bash
# PostgreSQL schemas: models in two schemas (include_schemas), a foreign key
# from a table of another schema to one in public, and a partial index.
# autogenerate -> upgrade -> check clean -> downgrade base leaves nothing.
# Usage: schemas_test.sh PATH_TO_STRATA (needs STRATA_TEST_PG_URL).
set -euo pipefail
strata=$(realpath "$1")
if [ -z "${STRATA_TEST_PG_URL:-}" ]; then
  echo "FAIL: STRATA_TEST_PG_URL is not set: this test needs the PostgreSQL server 'make test' starts" >&2
  exit 1
fi
db="strata_schemas_$$_$RANDOM"
work=$(mktemp -d)
cleanup() {
  psql -X -q "$STRATA_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql -X -q -v ON_ERROR_STOP=1 "$STRATA_TEST_PG_URL" -c "CREATE DATABASE $db" >/dev/null
export DATABASE_URL="${STRATA_TEST_PG_URL%/*}/$db"
psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -c 'CREATE SCHEMA billing' >/dev/null
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p migrations/versions
cat > strata.yaml <<'YAML'
script_location: migrations
database_url: ${DATABASE_URL}
include_schemas: [public, billing]
YAML
cat > migrations/models.yaml <<'YAML'
tables:
  - name: invoices
    schema: billing
    columns:
      - {name: id, type: biginteger, primary_key: true}
      - {name: user_id, type: integer, nullable: false, foreign_key: public.users.id}
      - {name: amount, type: "numeric(12,2)", nullable: false, server_default: "0"}
    indexes:
      - {columns: [user_id], where: "amount > 0"}
  - name: users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: "Weird \"Name\"", type: text, comment: "it's odd"}
YAML

"$strata" -q revision --autogenerate -m init --rev-id a1 >/dev/null
# The referred table is created first, though declared second.
order=$(grep -E '^      name: ' migrations/versions/a1_init.yaml | awk '{print $2}' | tr '\n' ' ')
[ "$order" = "users invoices " ] || fail "create order: $order"
"$strata" -q upgrade head || fail "upgrade head"
out=$("$strata" check) || fail "check after upgrade: $out"
[ "$out" = "No new upgrade operations detected." ] || fail "check said: $out"
n=$(psql -X -A -t "$DATABASE_URL" -c "SELECT count(*) FROM pg_indexes WHERE schemaname = 'billing' AND indexdef LIKE '%WHERE%'")
[ "$n" = 1 ] || fail "partial index missing ($n)"

# A change in the other schema is found and named with its schema.
sed -i 's/server_default: "0"}/server_default: "1"}/' migrations/models.yaml
set +e
out=$("$strata" check); rc=$?
set -e
[ "$rc" = 3 ] || fail "check exit $rc after a change"
[ "$out" = "Detected server default on column 'billing.invoices.amount'" ] || fail "check said: $out"

"$strata" -q downgrade base || fail "downgrade base"
left=$(psql -X -A -t "$DATABASE_URL" -c "SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'billing') AND tablename NOT IN ('alembic_version', 'strata_revisions')")
[ "$left" = 0 ] || fail "$left tables left after downgrade base"
echo "ok schemas_test"
