#!/usr/bin/env bash
# Concurrency (SPEC §9): 8 and then 32 `strata upgrade head` processes started
# at once against one database never both apply a revision, and all exit 0
# (the ones that waited for the lock find nothing left to do). Every revision
# creates a table and logs itself into applied_log, so a revision applied
# twice shows up as a duplicate row (or as a failed run: "table already
# exists"). Then a downgrade racing an upgrade, and `stamp` racing
# `upgrade`: both take the run lock, so the database ends as one serial
# order of the two leaves it, never a mix (stamp c4 then upgrade head:
# version c5, c3 and c4 never run, applied_log c1 c2 c5, tables t1 t2 t5;
# upgrade head then stamp c4: version c4, c3..c5 run, applied_log c1..c5,
# tables t1..t5), and both exit 0.
# Runs on SQLite (a file database), on PostgreSQL ($STRATA_TEST_PG_URL) and on
# MariaDB ($STRATA_TEST_MYSQL_URL: GET_LOCK, DDL that commits by itself).
# Usage: concurrency_test.sh PATH_TO_STRATA
set -uo pipefail

if [ $# -lt 1 ]; then echo "usage: $0 PATH_TO_STRATA" >&2; exit 2; fi
strata=$(realpath "$1")

. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
require_pg
require_mysql
e2e_harness conc

# new_db BACKEND DIR: sets $url (a fresh, empty database) and $db_ref.
new_db() {
  if [ "$1" = sqlite ]; then
    db_ref="$2/app.db"; url="sqlite:///$db_ref"   # absolute: sqlite:////tmp/...
  elif [ "$1" = mysql ]; then
    my_create_db strata_e2e_conc
    url="$my_url"; db_ref="$my_db"
  else
    pg_create_db strata_e2e_conc
    url="${STRATA_TEST_PG_URL%/*}/$pg_db"; db_ref="$url"
  fi
}
# q SQL: rows as a|b, one per line.
q() {
  if [ "$backend" = sqlite ]; then sqlite3 -batch "$db_ref" "$1"
  elif [ "$backend" = mysql ]; then my_admin -N -B "$db_ref" -e "$1" | tr '\t' '|'
  else psql -X -A -t -q -v ON_ERROR_STOP=1 "$db_ref" -c "$1"; fi
}
# tables_of: the tables tN, space-separated (with a trailing space).
tables_of() {
  if [ "$backend" = sqlite ]; then
    q "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 't_' ORDER BY name" | tr '\n' ' '
  elif [ "$backend" = mysql ]; then
    q "SELECT table_name FROM information_schema.tables WHERE table_schema=DATABASE() AND table_name LIKE 't_' ORDER BY 1" | tr '\n' ' '
  else
    q "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename LIKE 't_' ORDER BY 1" | tr '\n' ' '
  fi
}
# fresh_db DIR: the backend's database empty again (exports DATABASE_URL).
fresh_db() {
  if [ "$backend" = sqlite ]; then rm -f "$db_ref" "$db_ref-journal" "$db_ref-wal" "$db_ref-shm"
  else new_db "$backend" "$1"; export DATABASE_URL="$url"; fi
}
# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
  if [ "$2" = "$3" ]; then ok "$1"
  else fail "$1: expected [$(printf '%s' "$2" | tr '\n' ' ')], got [$(printf '%s' "$3" | tr '\n' ' ')]"; fi
}

# --- the project ---------------------------------------------------------------
write_project() {
  local d=$1
  mkdir -p "$d/migrations/versions"
  cat >"$d/strata.yaml" <<'EOF'
script_location: migrations
database_url: ${DATABASE_URL}
EOF
  cat >"$d/migrations/versions/c1_log.yaml" <<'EOF'
revision: c1
down_revision: null
message: applied_log and t1
upgrade:
  - create_table:
      name: applied_log
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: rev, type: string(32), nullable: false}
  - create_table:
      name: t1
      columns:
        - {name: id, type: integer, primary_key: true}
  - execute: "INSERT INTO applied_log (rev) VALUES ('c1')"
downgrade:
  - drop_table: {name: t1}
  - drop_table: {name: applied_log}
EOF
  cat >"$d/migrations/versions/c2_t2.yaml" <<'EOF'
revision: c2
down_revision: c1
message: t2
upgrade:
  - create_table:
      name: t2
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: v, type: text}
  - bulk_insert:
      table: applied_log
      rows:
        - {rev: c2}
  # make the window for a race wider
  - execute: {sql: "SELECT pg_sleep(0.3)", dialect: postgresql}
  - execute: {sql: "SELECT SLEEP(0.3)", dialect: mysql}
  - execute: {sql: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) SELECT count(*) FROM n", dialect: sqlite}
downgrade:
  - drop_table: {name: t2}
EOF
  cat >"$d/migrations/versions/c3_t3.yaml" <<'EOF'
revision: c3
down_revision: c2
message: t3
upgrade:
  - create_table:
      name: t3
      columns:
        - {name: id, type: integer, primary_key: true}
  - execute: "INSERT INTO applied_log (rev) VALUES ('c3')"
downgrade:
  - drop_table: {name: t3}
EOF
  cat >"$d/migrations/versions/c4_t4.yaml" <<'EOF'
revision: c4
down_revision: c3
message: t4
upgrade:
  - create_table:
      name: t4
      columns:
        - {name: id, type: integer, primary_key: true}
  - bulk_insert: {table: applied_log, rows: [{rev: c4}]}
  - execute: {sql: "SELECT pg_sleep(0.2)", dialect: postgresql}
  - execute: {sql: "SELECT SLEEP(0.2)", dialect: mysql}
downgrade:
  - drop_table: {name: t4}
EOF
  cat >"$d/migrations/versions/c5_t5.yaml" <<'EOF'
revision: c5
down_revision: c4
message: t5
upgrade:
  - create_table:
      name: t5
      columns:
        - {name: id, type: integer, primary_key: true}
  - execute: "INSERT INTO applied_log (rev) VALUES ('c5')"
downgrade:
  - drop_table: {name: t5}
EOF
}

run_backend() {
  backend=$1
  local d="$tmp/$backend"
  mkdir -p "$d"
  write_project "$d"
  new_db "$backend" "$d"
  export DATABASE_URL="$url"
  # $n runs at once, on a fresh database each time.
  local n round=0
  for n in 8 32; do
    round=$((round + 1))
    if [ "$round" -gt 1 ]; then fresh_db "$d"; fi
    local pids=() i rc
    rm -f "$d"/out.* "$d"/err.*
    for i in $(seq "$n"); do
      (cd "$d" && exec "$strata" upgrade head >"$d/out.$i" 2>"$d/err.$i") &
      pids+=($!)
    done
    for i in $(seq "$n"); do
      wait "${pids[$((i - 1))]}"; rc=$?
      if [ "$rc" != 0 ]; then
        fail "$n at once: process $i: strata upgrade head exited $rc, expected 0; stderr:"
        sed 's/^/    /' "$d/err.$i" | head -8
      fi
    done
    expect_eq "$n at once: applied_log holds one row per revision" \
      "$(printf 'c1|1\nc2|1\nc3|1\nc4|1\nc5|1')" \
      "$(q "SELECT rev, count(*) FROM applied_log GROUP BY rev ORDER BY rev")"
    expect_eq "$n at once: version table is exactly the head" "c5" \
      "$(q "SELECT version_num FROM alembic_version ORDER BY version_num")"
    # Across the $n runs, every revision was announced exactly once.
    local announced
    announced=$(cat "$d"/err.* | grep -o 'Running upgrade .*' | sort)
    expect_eq "$n at once: each 'Running upgrade' line printed once in total" \
      "$(printf 'Running upgrade  -> c1, applied_log and t1\nRunning upgrade c1 -> c2, t2\nRunning upgrade c2 -> c3, t3\nRunning upgrade c3 -> c4, t4\nRunning upgrade c4 -> c5, t5')" \
      "$announced"
    local cur
    cur=$(cd "$d" && "$strata" current 2>/dev/null)
    expect_eq "$n at once: strata current" "c5 (head)" "$cur"
  done

  # A downgrade racing an upgrade: the end state is one of the two, consistent.
  (cd "$d" && exec "$strata" downgrade c2 >"$d/out.d" 2>"$d/err.d") & local p1=$!
  (cd "$d" && exec "$strata" upgrade head >"$d/out.u" 2>"$d/err.u") & local p2=$!
  wait $p1; local rc1=$?
  wait $p2; local rc2=$?
  [ "$rc1" = 0 ] || { fail "racing downgrade c2 exited $rc1"; sed 's/^/    /' "$d/err.d" | head -5; }
  [ "$rc2" = 0 ] || { fail "racing upgrade head exited $rc2"; sed 's/^/    /' "$d/err.u" | head -5; }
  local v tables
  v=$(q "SELECT version_num FROM alembic_version")
  if [ "$backend" = sqlite ]; then
    tables=$(q "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 't_' ORDER BY name" | tr '\n' ' ')
  elif [ "$backend" = mysql ]; then
    tables=$(q "SELECT table_name FROM information_schema.tables WHERE table_schema=DATABASE() AND table_name LIKE 't_' ORDER BY 1" | tr '\n' ' ')
  else
    tables=$(q "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename LIKE 't_' ORDER BY 1" | tr '\n' ' ')
  fi
  case "$v" in
    c2) expect_eq "race: at c2, tables t1 t2 only" "t1 t2 " "$tables" ;;
    c5) expect_eq "race: at c5, tables t1..t5" "t1 t2 t3 t4 t5 " "$tables" ;;
    *) fail "race: version table holds [$v], expected c2 or c5" ;;
  esac

  # stamp c4 racing upgrade head from c2: both exit 0, and the end state is
  # one serial order's. Three times, on a fresh database each: started
  # together, stamp first by 50 ms, upgrade first by 50 ms.
  local first
  for first in none stamp upgrade; do
    fresh_db "$d"
    (cd "$d" && "$strata" upgrade c2 >/dev/null 2>&1) || fail "stamp race: upgrade c2 failed"
    [ "$first" = upgrade ] && { (cd "$d" && exec "$strata" upgrade head >"$d/out.u" 2>"$d/err.u") & p2=$!; sleep 0.05; }
    (cd "$d" && exec "$strata" stamp c4 >"$d/out.s" 2>"$d/err.s") & p1=$!
    [ "$first" = stamp ] && sleep 0.05
    [ "$first" = upgrade ] || { (cd "$d" && exec "$strata" upgrade head >"$d/out.u" 2>"$d/err.u") & p2=$!; }
    wait $p1; rc1=$?
    wait $p2; rc2=$?
    expect_eq "stamp race ($first first): both exit 0" "0 0" "$rc1 $rc2"
    [ "$rc1:$rc2" = 0:0 ] || sed 's/^/    /' "$d/err.s" "$d/err.u" | head -8
    local end
    end="$(q "SELECT version_num FROM alembic_version") $(q "SELECT rev FROM applied_log ORDER BY rev" | tr '\n' ' ')$(tables_of)"
    case "$end" in
      "c5 c1 c2 c5 t1 t2 t5 ") ok "stamp race ($first first): stamp then upgrade (c3, c4 never run)" ;;
      "c4 c1 c2 c3 c4 c5 t1 t2 t3 t4 t5 ") ok "stamp race ($first first): upgrade then stamp" ;;
      *) fail "stamp race ($first first): [$end] is no serial order of stamp c4 and upgrade head" ;;
    esac
  done

  unset DATABASE_URL
}

run_backend sqlite
run_backend postgresql
run_backend mysql

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
