#!/usr/bin/env bash
# Round trip of realistic schemas (issues 8, 9): each tests/e2e/schemas/NAME.pg.sql
# (a `pg_dump -s` style dump), NAME.sqlite.sql and NAME.mysql.sql (a
# `mariadb-dump --no-data` style dump) is one case:
#   1. load it with the database's own client (psql / sqlite3 / mariadb) into database A;
#   2. `strata inspect -o models.yaml`, and `strata check` against A is clean;
#   3. database B, empty but for what strata does not manage (PostgreSQL: the
#      dump's SET preamble, schemas, extensions, domains, functions, composite
#      types and sequences no column owns, taken from the dump's own
#      `-- Name: …; Type: …` sections; see docs/decisions.md; MariaDB: B is
#      empty, and its views and triggers, which strata does not manage, are
#      neither written by inspect nor compared: the catalogs are tables only);
#   4. `strata revision --autogenerate` from an empty versions folder and
#      `strata upgrade head` onto B;
#   5. the catalogs of A and B agree on every managed object (canonical dumps
#      from catalog queries, diffed), and `strata check` against B is clean;
#   6. `strata downgrade base` leaves no managed object in B.
# Every case runs every step it can, and all failures are reported. A case
# listed in schemas/expected_failures.txt ("NAME.KIND.sql: reason") is
# expected to fail: it is reported as XFAIL, and one that passes fails the
# run (XPASS), so a mark is removed as soon as the feature lands.
# ROUNDTRIP_ONLY=REGEX runs only the matching case files; ROUNDTRIP_KEEP=1
# keeps the work folder (projects, catalogs, diffs) and prints where it is.
# Usage: roundtrip_test.sh PATH_TO_STRATA   (needs STRATA_TEST_PG_URL and STRATA_TEST_MYSQL_URL)
set -uo pipefail

if [ $# -lt 1 ]; then echo "usage: $0 PATH_TO_STRATA" >&2; exit 2; fi
strata=$(realpath "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
schemas="$here/schemas"
python=/usr/bin/python3

. "$here/harness.sh"
for tool in sqlite3 psql mariadb "$python"; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed" >&2; exit 1; }
done
require_pg
require_mysql
e2e_harness roundtrip
if [ -n "${ROUNDTRIP_KEEP:-}" ]; then trap 'echo "# kept $tmp"' EXIT; fi

# expected_reason CASE: the manifest's reason for CASE, empty if none.
expected_reason() {
  sed -n "s/^$(printf '%s' "$1" | sed 's/[.]/[.]/g'):[[:space:]]*//p" "$schemas/expected_failures.txt" 2>/dev/null | head -1
}

# st DIR ARGS: strata in the project DIR; output in $tmp/st.out / st.err.
# st_rc is its exit code.
st() { local d=$1; shift; (cd "$d" && "$strata" "$@") >"$tmp/st.out" 2>"$tmp/st.err"; st_rc=$?; return $st_rc; }
st_says() { cat "$tmp/st.out" "$tmp/st.err" | sed 's/^/    | /' | head -25; }
# case_fail STEP WHAT: one failed step of the current case (shown at once).
case_fail() { echo "  FAIL $1: $2"; case_failures+=("$1: $2"); }
case_ok() { echo "  ok   $1"; }

# pg_unmanaged DUMP: what B needs before strata runs, out of the dump: the
# preamble before the first section, and the sections of kinds strata does
# not manage. A SEQUENCE section counts only when no SEQUENCE OWNED BY
# section gives it to a column and it is a CREATE SEQUENCE (identity
# columns' sequences are sections of kind SEQUENCE too).
pg_unmanaged() {
  awk '
    FNR == NR { if (match($0, /^-- Name: [^;]+; Type: SEQUENCE OWNED BY;/)) { n = $0; sub(/^-- Name: /, "", n); sub(/;.*/, "", n); owned[n] = 1 } next }
    /^-- Name: / {
      name = $0; sub(/^-- Name: /, "", name); sub(/;.*/, "", name)
      kind = $0; sub(/^.*; Type: /, "", kind); sub(/;.*/, "", kind)
      started = 1
      keep = (kind ~ /^(SCHEMA|EXTENSION|DOMAIN|FUNCTION|PROCEDURE|AGGREGATE|COLLATION|TEXT SEARCH (CONFIGURATION|DICTIONARY))$/)
      if (kind == "SEQUENCE" && !(name in owned)) keep = 2
      if (kind == "TYPE") keep = 3
      buf = ""; next
    }
    !started { print; next }
    keep == 1 { print; next }
    keep >= 2 { buf = buf $0 "\n"
                if ($0 ~ /;[[:space:]]*$/) {
                  if ((keep == 2 && buf ~ /CREATE SEQUENCE/) || (keep == 3 && buf !~ /AS ENUM/)) printf "%s", buf
                  buf = "" } }
  ' "$1" "$1"
}

# pg_schemas DUMP: the schemas strata is told to manage: public and each
# CREATE SCHEMA of the dump.
pg_schemas() { { echo public; sed -n 's/^CREATE SCHEMA \([a-z_0-9]*\);/\1/p' "$1"; } | paste -sd, -; }

# pg_catalog URL SCHEMAS: the managed objects, one normalised line each.
# Extension members (PostGIS's spatial_ref_sys), partitioned tables and
# their partitions (not managed, docs/decisions.md) and the version table
# are left out; positions are ranks, not attnums (a dump may have dropped columns).
pg_catalog() {
  local in="'$(printf '%s' "$2" | sed "s/,/','/g")'"
  psql -X -A -t -q -v ON_ERROR_STOP=1 "$1" <<SQL
WITH rel AS (
  SELECT c.oid, n.nspname || '.' || c.relname AS name, c.relkind::text AS relkind, c.relispartition, c.relpersistence::text AS relpersistence
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname IN ($in) AND c.relkind = 'r' AND NOT c.relispartition AND c.relname NOT IN ('alembic_version', 'strata_revisions')
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'))
SELECT line FROM (
  SELECT name AS k, 0 AS o, 'table ' || name || ' kind=' || relkind || ' persistence=' || relpersistence
         || coalesce(' comment=' || quote_literal(obj_description(oid, 'pg_class')), '') AS line
  FROM rel
  UNION ALL
  SELECT r.name, 1, '  column ' || rank() OVER (PARTITION BY r.oid ORDER BY a.attnum) || ' ' || a.attname || ' '
         || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
         || coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '')
         || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
         || CASE a.attgenerated WHEN 's' THEN ' generated stored' ELSE '' END
         || CASE WHEN a.attcollation <> 0 AND a.attcollation <> (SELECT typcollation FROM pg_type WHERE oid = a.atttypid)
                 THEN ' collate ' || (SELECT collname FROM pg_collation WHERE oid = a.attcollation) ELSE '' END
         || coalesce(' comment=' || quote_literal(col_description(r.oid, a.attnum)), '')
  FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef ad ON ad.adrelid = r.oid AND ad.adnum = a.attnum
  UNION ALL
  SELECT r.name, 2, '  constraint ' || co.conname || ' ' || co.contype::text || ' ' || pg_get_constraintdef(co.oid)
  FROM rel r JOIN pg_constraint co ON co.conrelid = r.oid
  UNION ALL
  SELECT r.name, 3, '  index ' || pg_get_indexdef(i.indexrelid)
  FROM rel r JOIN pg_index i ON i.indrelid = r.oid
  UNION ALL
  SELECT s.schemaname || '.' || s.sequencename, 4, 'sequence ' || s.schemaname || '.' || s.sequencename || ' ' || s.data_type
         || ' start ' || s.start_value || ' increment ' || s.increment_by || ' min ' || s.min_value || ' max ' || s.max_value
         || CASE WHEN s.cycle THEN ' cycle' ELSE '' END || ' owned by ' || d.refobjid::regclass::text || '.'
         || (SELECT attname FROM pg_attribute WHERE attrelid = d.refobjid AND attnum = d.refobjsubid)
  FROM pg_sequences s JOIN pg_depend d ON d.classid = 'pg_class'::regclass
       AND d.objid = (quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename))::regclass AND d.deptype IN ('a', 'i')
       AND d.refobjsubid > 0
  WHERE s.schemaname IN ($in)
  UNION ALL
  SELECT n.nspname || '.' || t.typname, 5, 'enum ' || n.nspname || '.' || t.typname || ' ('
         || (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) || ')'
         || coalesce(' comment=' || quote_literal(obj_description(t.oid, 'pg_type')), '')
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype = 'e' AND n.nspname IN ($in)
) facts ORDER BY k, o, line;
SQL
}

# my_catalog DATABASE: the tables' facts out of information_schema, one
# line each (no AUTO_INCREMENT counters; views and triggers left out).
my_catalog() {
  my_admin -N -B "$1" <<'SQL'
SELECT CONCAT('table ', TABLE_NAME, ' engine=', ENGINE, ' collation=', TABLE_COLLATION, ' comment=', QUOTE(TABLE_COMMENT))
  FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME NOT IN ('alembic_version', 'strata_revisions')
  ORDER BY TABLE_NAME;
SELECT CONCAT('  column ', TABLE_NAME, ' ', ORDINAL_POSITION, ' ', COLUMN_NAME, ' ', COLUMN_TYPE, ' null=', IS_NULLABLE,
              ' default=', IFNULL(COLUMN_DEFAULT, '-'), ' extra=', EXTRA, ' generated=', IFNULL(GENERATION_EXPRESSION, '-'),
              ' collation=', IFNULL(COLLATION_NAME, '-'), ' comment=', QUOTE(COLUMN_COMMENT))
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN
    (SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE')
    AND TABLE_NAME NOT IN ('alembic_version', 'strata_revisions')
  ORDER BY TABLE_NAME, ORDINAL_POSITION;
SELECT CONCAT('  index ', TABLE_NAME, ' ', INDEX_NAME, ' ', INDEX_TYPE, IF(NON_UNIQUE = 0, ' unique', ''), ' (',
              GROUP_CONCAT(CONCAT(COLUMN_NAME, IFNULL(CONCAT('(', SUB_PART, ')'), '')) ORDER BY SEQ_IN_INDEX), ')')
  FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT IN ('alembic_version', 'strata_revisions')
  GROUP BY TABLE_NAME, INDEX_NAME, INDEX_TYPE, NON_UNIQUE ORDER BY TABLE_NAME, INDEX_NAME;
SELECT CONCAT('  foreign key ', k.TABLE_NAME, ' ', k.CONSTRAINT_NAME, ' (', GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION),
              ') -> ', k.REFERENCED_TABLE_NAME, ' (', GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION),
              ') on delete ', r.DELETE_RULE, ' on update ', r.UPDATE_RULE)
  FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
    ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
  WHERE k.TABLE_SCHEMA = DATABASE() GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.REFERENCED_TABLE_NAME, r.DELETE_RULE, r.UPDATE_RULE
  ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME;
SELECT CONCAT('  check ', TABLE_NAME, ' ', CONSTRAINT_NAME, ' ', LEVEL, ' ', CHECK_CLAUSE)
  FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME;
SQL
}

sqlite_catalog() { env -u PYTHONPATH -u PYTHONHOME "$python" "$here/roundtrip_catalog.py" "$1"; }
# catalog URL: the canonical catalog of the current case's database at URL.
catalog() {
  if [ "$kind" = pg ]; then pg_catalog "$1" "$schemas_list"
  elif [ "$kind" = mysql ]; then my_catalog "${1##*/}"
  else sqlite_catalog "${1#sqlite:///}"; fi
}

# run_case FILE: the six steps on one schema file; sets case_failures.
run_case() {
  local file=$1 name kind dir a_url b_url a_cat b_cat schemas_list rel
  name=$(basename "$file"); kind=${name%.sql}; kind=${kind##*.}
  dir="$tmp/${name%.sql}"; mkdir -p "$dir/a/migrations/versions" "$dir/b/migrations/versions"
  case_failures=()
  backend=$kind
  # 1. A: the dump, loaded by the database's own client.
  if [ "$kind" = pg ]; then
    pg_create_db "strata_rt_a"; a_url="${STRATA_TEST_PG_URL%/*}/$pg_db"
    pg_create_db "strata_rt_b"; b_url="${STRATA_TEST_PG_URL%/*}/$pg_db"
    schemas_list=$(pg_schemas "$file")
    if ! psql -X -q -v ON_ERROR_STOP=1 "$a_url" -f "$file" >"$dir/load.out" 2>&1; then
      case_fail load "psql could not load the schema file (a broken case)"; sed 's/^/    | /' "$dir/load.out" | tail -5; return
    fi
    pg_unmanaged "$file" >"$dir/unmanaged.sql"
    if ! psql -X -q -v ON_ERROR_STOP=1 "$b_url" -f "$dir/unmanaged.sql" >"$dir/load.out" 2>&1; then
      case_fail load "psql could not load the unmanaged objects into B (a broken case)"; sed 's/^/    | /' "$dir/load.out" | tail -5; return
    fi
  elif [ "$kind" = mysql ]; then
    # Both databases get the dump's character set and collation: the
    # tables' defaults are the database's, which strata does not manage.
    my_create_db "strata_rt_a"; a_url="$my_url"; a_db=$my_db
    my_create_db "strata_rt_b"; b_url="$my_url"; b_db=$my_db
    schemas_list=""
    for db in "$a_db" "$b_db"; do my_admin -e "ALTER DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" || return; done
    if ! my_admin "$a_db" <"$file" >"$dir/load.out" 2>&1; then
      case_fail load "mariadb could not load the schema file (a broken case)"; sed 's/^/    | /' "$dir/load.out" | tail -5; return
    fi
  else
    a_url="sqlite:///$dir/a.db"; b_url="sqlite:///$dir/b.db"; schemas_list=""
    if ! sqlite3 -batch -bail "$dir/a.db" <"$file" >"$dir/load.out" 2>&1; then
      case_fail load "sqlite3 could not load the schema file (a broken case)"; sed 's/^/    | /' "$dir/load.out" | tail -5; return
    fi
  fi
  case_ok "load with $(case $kind in pg) echo psql ;; mysql) echo mariadb ;; *) echo sqlite3 ;; esac)"
  for side in a b; do
    rel=$([ $side = a ] && echo "$a_url" || echo "$b_url")
    { echo "script_location: migrations"; echo "database_url: \"$rel\""; echo "models: models.yaml"
      [ -n "$schemas_list" ] && echo "include_schemas: [$schemas_list]"; } >"$dir/$side/strata.yaml"
  done

  # 2. inspect A, check A.
  if ! st "$dir/a" inspect -o models.yaml; then case_fail inspect "strata inspect exited $st_rc"; st_says; return; fi
  case_ok "inspect ($(grep -c '^  - name: ' "$dir/a/models.yaml") tables)"
  if [ "$kind" = pg ]; then
    # An extension's tables (PostGIS's spatial_ref_sys) are the extension's,
    # not the models'; partitioned tables and partitions are not managed.
    local owned leaked=""
    for owned in $(psql -X -A -t -q "$a_url" -c "SELECT c.relname FROM pg_class c WHERE c.relnamespace::regnamespace::text
                     NOT IN ('pg_catalog', 'information_schema') AND (c.relkind IN ('p', 'v', 'm') OR c.relispartition OR EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                     AND d.objid = c.oid AND d.deptype = 'e')) ORDER BY 1"); do
      grep -q "^  - name: $owned\$" "$dir/a/models.yaml" && leaked+=" $owned"
    done
    if [ -n "$leaked" ]; then case_fail inspect "models.yaml names tables strata does not manage:$leaked"
    else case_ok "inspect leaves extension-owned, partitioned tables and views out"; fi
  elif [ "$kind" = mysql ]; then
    # Views and triggers are not managed: inspect writes none, check (below)
    # proposes no drop of them, and they are still there afterwards.
    local views triggers leaked=""
    views=$(my_admin -N -B "$a_db" -e "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()")
    triggers=$(my_admin -N -B "$a_db" -e "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")
    for owned in $views; do grep -q "^  - name: $owned\$" "$dir/a/models.yaml" && leaked+=" $owned"; done
    if [ -z "$views" ] || [ "$triggers" = 0 ]; then case_fail inspect "the case has no view or no trigger (a broken case)"
    elif [ -n "$leaked" ]; then case_fail inspect "models.yaml names views:$leaked"
    else case_ok "inspect leaves views ($(echo $views)) and $triggers trigger(s) out"; fi
  fi
  if st "$dir/a" check; then case_ok "check against A is clean"
  else case_fail "check A" "strata check against the inspected database exited $st_rc$([ $st_rc = 3 ] && echo ' (a false difference)')"; st_says; fi

  # 3-4. B: autogenerate from an empty versions folder, upgrade.
  cp "$dir/a/models.yaml" "$dir/b/models.yaml"
  if ! st "$dir/b" revision --autogenerate -m "initial schema" --rev-id r0001; then
    case_fail autogenerate "strata revision --autogenerate exited $st_rc"; st_says; return
  fi
  case_ok "revision --autogenerate"
  if ! st "$dir/b" upgrade head; then case_fail upgrade "strata upgrade head exited $st_rc"; st_says; return; fi
  case_ok "upgrade head onto B"

  # 5. the catalogs, and check B.
  if ! catalog "$a_url" >"$dir/cat.a" || ! catalog "$b_url" >"$dir/cat.b"; then case_fail catalog "the catalog query failed"
  elif [ ! -s "$dir/cat.a" ]; then case_fail catalog "A's catalog is empty (a broken case or catalog query)"
  elif diff -u "$dir/cat.a" "$dir/cat.b" >"$dir/cat.diff"; then case_ok "A and B have the same catalog ($(wc -l <"$dir/cat.a") facts)"
  else case_fail catalog "A (-) and B (+) differ:"; tail -n +3 "$dir/cat.diff" | grep '^[-+]' | sed 's/^/    /' | head -40; fi
  if st "$dir/b" check; then case_ok "check against B is clean"
  else case_fail "check B" "strata check after the upgrade exited $st_rc$([ $st_rc = 3 ] && echo ' (a false difference)')"; st_says; fi

  # 6. downgrade base: nothing managed left.
  if ! st "$dir/b" downgrade base; then case_fail downgrade "strata downgrade base exited $st_rc"; st_says; return; fi
  if ! catalog "$b_url" >"$dir/cat.down"; then case_fail downgrade "the catalog query failed"
  elif [ -s "$dir/cat.down" ]; then case_fail downgrade "managed objects are left after downgrade base:"; sed 's/^/    /' "$dir/cat.down" | head -20
  else case_ok "downgrade base leaves no managed object"; fi
}

start=$SECONDS
cases=0 passed=0 xfailed=0
for file in "$schemas"/*.pg.sql "$schemas"/*.sqlite.sql "$schemas"/*.mysql.sql; do
  [ -e "$file" ] || continue
  name=$(basename "$file")
  [[ -n "${ROUNDTRIP_ONLY:-}" && ! "$name" =~ ${ROUNDTRIP_ONLY} ]] && continue
  cases=$((cases + 1))
  reason=$(expected_reason "$name")
  echo "== $name${reason:+ (expected to fail: $reason)}"
  run_case "$file"
  backend=$name step=""
  if [ ${#case_failures[@]} -eq 0 ] && [ -z "$reason" ]; then ok "round trip"; passed=$((passed + 1))
  elif [ ${#case_failures[@]} -eq 0 ]; then fail "XPASS: the case passes; remove its line from schemas/expected_failures.txt"
  elif [ -n "$reason" ]; then echo "XFAIL [$name] ${case_failures[0]}"; xfailed=$((xfailed + 1))
  else fail "${#case_failures[@]} step(s) failed: $(printf '%s; ' "${case_failures[@]}" | cut -c1-300)"; fi
done
# A mark for a file that does not exist would never be noticed otherwise.
while IFS= read -r marked; do
  [ -e "$schemas/$marked" ] || { backend=manifest; fail "expected_failures.txt names $marked, which is no schema file"; }
done < <(sed -n 's/^\([^#][^:]*\):.*/\1/p' "$schemas/expected_failures.txt" 2>/dev/null)
backend=all step=""
echo "# $cases case(s) in $((SECONDS - start)) s: $passed passed, $xfailed expected failure(s), $failures failure(s)"
[ "$cases" -gt 0 ] || { echo "FAIL: no schema file ran"; exit 1; }
if [ "$failures" -ne 0 ]; then echo "$failures case(s) failed"; exit 1; fi
echo "all checks passed"
