#!/usr/bin/env bash
# Failures (SPEC §8, §9, §1): a failing statement in a revision exits 1,
# names the revision and the statement, and keeps nothing of that revision
# (its earlier statements are rolled back; the database stays at the last
# completed revision); with `transaction_per_migration: false` the whole run
# is rolled back. A failing downgrade keeps its revision. File errors stop
# before any database work (exit 2). Connection failures exit 1 with one line
# naming host and database, never the password; unsupported URL schemes are
# a clear error; `--url` overrides the configuration. SQLite, PostgreSQL and
# MariaDB; MariaDB commits each DDL statement at once (SPEC §10.1): the
# operations of the failed revision are undone by their inverses, and what
# has none (raw SQL, a downgrade's dropped rows) stays and is named in the
# error, statement by statement.
# Usage: failure_test.sh PATH_TO_STRATA
set -uo pipefail

if [ $# -lt 1 ]; then echo "usage: $0 PATH_TO_STRATA" >&2; exit 2; fi
strata=$(realpath "$1")

. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
require_pg
e2e_harness failure

# new_db: a fresh empty database; sets $url and exports DATABASE_URL.
new_db() {
  if [ "$backend" = sqlite ]; then
    url="sqlite:///$tmp/db-$RANDOM$RANDOM.db"
  elif [ "$backend" = mysql ]; then
    my_create_db strata_e2e_fail
    url="$my_url"
  else
    pg_create_db strata_e2e_fail
    url="${STRATA_TEST_PG_URL%/*}/$pg_db"
  fi
  export DATABASE_URL="$url"
}
q() {
  if [ "$backend" = sqlite ]; then sqlite3 -batch "${url#sqlite://}" "$1"
  elif [ "$backend" = mysql ]; then my_admin -N -B "${url##*/}" -e "$1"
  else psql -X -A -t -q -v ON_ERROR_STOP=1 "$url" -c "$1"; fi
}
has_table() {
  if [ "$backend" = sqlite ]; then q "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='$1'"
  elif [ "$backend" = mysql ]; then q "SELECT count(*) FROM information_schema.tables WHERE table_schema=DATABASE() AND table_name='$1'"
  else q "SELECT count(*) FROM pg_tables WHERE schemaname='public' AND tablename='$1'"; fi
}
# versions: the version rows, or "<no version table>".
versions() {
  if [ "$(has_table alembic_version)" = 1 ]; then q "SELECT version_num FROM alembic_version ORDER BY 1"
  else echo "<no version table>"; fi
}
expect_eq() {
  if [ "$2" = "$3" ]; then ok "$1"
  else fail "$1: expected [$(printf '%s' "$2" | tr '\n' ';')], got [$(printf '%s' "$3" | tr '\n' ';')]"; fi
}
# expect_in WHAT FILE TEXT: FILE contains TEXT (fixed string).
expect_in() {
  if grep -qF -- "$3" "$2"; then ok "$1"
  else fail "$1: $(basename "$2") lacks [$3]:"; sed 's/^/    /' "$2" | head -8; fi
}
# st ARGS: strata in the project; stdout > $tmp/out, stderr > $tmp/err; sets rc.
st() { (cd "$tmp/proj" && "$strata" "$@") >"$tmp/out" 2>"$tmp/err"; rc=$?; }

# --- the project ---------------------------------------------------------------
d="$tmp/proj" v="$tmp/proj/migrations/versions"
mkdir -p "$v"
write_config() {  # write_config [EXTRA_LINE]
  printf 'script_location: migrations\ndatabase_url: ${DATABASE_URL}\n%s\n' "${1:-}" >"$d/strata.yaml"
}
write_revisions() {
  rm -f "$v"/*
  cat >"$v/f1_one.yaml" <<'EOF'
revision: f1
down_revision: null
message: table one
upgrade:
  - create_table:
      name: t1
      columns:
        - {name: id, type: integer, primary_key: true}
  - bulk_insert: {table: t1, rows: [{id: 1}]}
downgrade:
  - drop_table: {name: t1}
EOF
  cat >"$v/f2_two.yaml" <<'EOF'
revision: f2
down_revision: f1
message: table two then a bad statement
upgrade:
  - create_table:
      name: t2
      columns:
        - {name: id, type: integer, primary_key: true}
  - execute: "INSERT INTO t1 (id) VALUES (2)"
  - execute: "SELECT * FROM no_such_table"
downgrade:
  - drop_table: {name: t2}
EOF
  cat >"$v/f3_three.yaml" <<'EOF'
revision: f3
down_revision: f2
message: table three
upgrade:
  - create_table:
      name: t3
      columns:
        - {name: id, type: integer, primary_key: true}
downgrade:
  - drop_table: {name: t3}
EOF
}
# f2 without its bad statement, and with a downgrade that fails half way.
fix_f2() {
  cat >"$v/f2_two.yaml" <<'EOF'
revision: f2
down_revision: f1
message: table two then a bad statement
upgrade:
  - create_table:
      name: t2
      columns:
        - {name: id, type: integer, primary_key: true}
  - execute: "INSERT INTO t1 (id) VALUES (2)"
downgrade:
  - drop_table: {name: t2}
  - execute: "DELETE FROM t1 WHERE id = 2"
  - execute: "DROP TABLE no_such_table_either"
EOF
}

run_backend() {
  backend=$1

  # 1. A failing statement, one transaction per revision.
  write_config; write_revisions; new_db
  st upgrade head
  cp "$tmp/err" "$tmp/err.f2"
  expect_eq "upgrade head with a failing f2: exit 1" 1 "$rc"
  expect_in "stderr names the failed revision" "$tmp/err" "f2"
  expect_in "stderr names the failing statement" "$tmp/err" "SELECT * FROM no_such_table"
  expect_in "stderr names the failing table (the database's message)" "$tmp/err" "no_such_table"
  if grep -q 'Running upgrade f2 -> f3' "$tmp/err"; then fail "f3 was attempted after f2 failed"; fi
  expect_eq "version rows: f1" "f1" "$(versions)"
  st current
  expect_eq "current: exit 0" 0 "$rc"
  expect_eq "current prints f1" "f1" "$(cat "$tmp/out")"
  expect_eq "f1's table t1 exists" 1 "$(has_table t1)"
  expect_eq "f2's table t2 was rolled back" 0 "$(has_table t2)"
  if [ "$backend" = mysql ]; then
    expect_in "MariaDB: the error says the version table stays" "$tmp/err.f2" "the version table still names the revisions before f2"
    expect_in "MariaDB: the error says t2 was undone" "$tmp/err.f2" "1 of 1 finished operation(s) were undone by their inverses"
    # The INSERT ran after the last DDL, in the transaction still open: the
    # rollback takes it back, and the error says so.
    expect_in "MariaDB: the error says the insert was rolled back" "$tmp/err.f2" 'rolled back with the transaction (they changed rows only, after the last DDL): execute'
    expect_eq "MariaDB: f2's insert into t1 was rolled back, as said" 1 "$(q 'SELECT count(*) FROM t1')"
  else
    expect_eq "f2's insert into t1 was rolled back" 1 "$(q 'SELECT count(*) FROM t1')"
  fi
  expect_eq "f3 not applied" 0 "$(has_table t3)"
  # Fixed, the run continues from f1.
  fix_f2
  st upgrade head
  expect_eq "after fixing f2: upgrade head exits 0" 0 "$rc"
  expect_eq "after fixing f2: runs f2 and f3 only" \
    "$(printf 'Running upgrade f1 -> f2, table two then a bad statement\nRunning upgrade f2 -> f3, table three')" \
    "$(grep -o 'Running upgrade.*' "$tmp/err")"
  expect_eq "version rows: f3" "f3" "$(versions)"
  # A failing downgrade keeps its revision and undoes its own first statements.
  st downgrade f1
  expect_eq "downgrade f1 with a failing f2 downgrade: exit 1" 1 "$rc"
  expect_in "stderr names the revision whose downgrade failed" "$tmp/err" "f2"
  expect_in "stderr names the failing statement" "$tmp/err" "no_such_table_either"
  expect_eq "f3's downgrade (before f2's) stays done: version rows f2" "f2" "$(versions)"
  expect_eq "t3 dropped by f3's downgrade" 0 "$(has_table t3)"
  expect_eq "t2 still there (f2's downgrade rolled back)" 1 "$(has_table t2)"
  if [ "$backend" = mysql ]; then
    expect_in "MariaDB: the downgrade's DELETE is named as not brought back" "$tmp/err" 'what `DELETE FROM t1 WHERE id = 2` did'
    expect_eq "MariaDB: t1 row 2 deleted, as said" 1 "$(q 'SELECT count(*) FROM t1')"
  else
    expect_eq "t1 row 2 still there (f2's downgrade rolled back)" 2 "$(q 'SELECT count(*) FROM t1')"
  fi

  # 2. The same failure with one transaction for the whole run.
  write_config "transaction_per_migration: false"; write_revisions; new_db
  st upgrade head
  expect_eq "transaction_per_migration false: exit 1" 1 "$rc"
  expect_in "transaction_per_migration false: stderr names f2" "$tmp/err" "f2"
  expect_in "transaction_per_migration false: stderr names the statement" "$tmp/err" "SELECT * FROM no_such_table"
  local vr; vr=$(versions)
  if [ "$backend" = mysql ]; then
    # f1's DDL committed as it ran: f1 stays, and the error says where the
    # version table stands; f2 is undone as in 1.
    expect_in "MariaDB, one transaction: the error says the version table stays" "$tmp/err" "the version table still names the revisions before f2"
    expect_eq "MariaDB, one transaction: f1 stays" "f1" "$vr"
    st current
    expect_eq "MariaDB, one transaction: current prints f1" "0:f1" "$rc:$(cat "$tmp/out")"
    expect_eq "MariaDB, one transaction: t1 stays" 1 "$(has_table t1)"
    q "DELETE FROM t1 WHERE id = 2"
  else
    if [ "$vr" = "<no version table>" ] || [ -z "$vr" ]; then ok "transaction_per_migration false: no revision recorded"
    else fail "transaction_per_migration false: version rows [$vr], expected none"; fi
    st current
    expect_eq "transaction_per_migration false: current prints nothing" "0:" "$rc:$(cat "$tmp/out")"
    expect_eq "transaction_per_migration false: t1 rolled back too" 0 "$(has_table t1)"
  fi
  expect_eq "transaction_per_migration false: t2 rolled back" 0 "$(has_table t2)"
  # The same from a database already at f1: back to f1, not further.
  write_config; write_revisions; rm -f "$v/f2_two.yaml" "$v/f3_three.yaml"
  st upgrade head
  expect_eq "upgrade to f1: exit 0" 0 "$rc"
  write_config "transaction_per_migration: false"; write_revisions
  st upgrade head
  expect_eq "from f1, one transaction: exit 1" 1 "$rc"
  expect_eq "from f1, one transaction: still f1" "f1" "$(versions)"
  expect_in "from f1, one transaction: the statement that failed" "$tmp/err" "SELECT * FROM no_such_table"
  expect_eq "from f1, one transaction: t2 rolled back" 0 "$(has_table t2)"

  # 3. A failing statement in an SQL revision file.
  write_config; write_revisions; rm -f "$v/f2_two.yaml" "$v/f3_three.yaml"
  cat >"$v/s2_sql.sql" <<'EOF'
-- strata:revision s2
-- strata:down_revision f1
-- strata:message sql file
-- +upgrade
CREATE TABLE s2 (id INTEGER PRIMARY KEY, note TEXT);
INSERT INTO s2 (id, note) VALUES (1, 'a; b');
INSERT INTO missing_table (id) VALUES (1);
-- +downgrade
DROP TABLE s2;
EOF
  new_db
  st upgrade head
  expect_eq "SQL file with a failing statement: exit 1" 1 "$rc"
  expect_in "SQL file: stderr names s2" "$tmp/err" "s2"
  expect_in "SQL file: stderr names the statement" "$tmp/err" "INSERT INTO missing_table (id) VALUES (1)"
  expect_eq "SQL file: version f1" "f1" "$(versions)"
  if [ "$backend" = mysql ]; then
    expect_in "MariaDB, SQL file: the CREATE TABLE is named as not brought back" "$tmp/err" 'what `CREATE TABLE s2 (id INTEGER PRIMARY KEY, note TEXT)` did'
    expect_in "MariaDB, SQL file: the INSERT after the DDL is rolled back, as said" "$tmp/err" "rolled back with the transaction (they changed rows only, after the last DDL)"
    expect_eq "MariaDB, SQL file: s2 holds no row" 0 "$(q 'SELECT count(*) FROM s2')"
    # The CREATE TABLE stays with no inverse: the revision stays marked.
    expect_in "MariaDB, SQL file: what stays keeps the revision marked" "$tmp/err" "s2 stays marked as interrupted"
    st upgrade head
    expect_eq "MariaDB, SQL file: upgrade refuses while marked" 1 "$rc"
    expect_in "MariaDB, SQL file: the refusal says why" "$tmp/err" "failed and its undo did not finish"
    expect_eq "MariaDB, SQL file: s2 stays, as said" 1 "$(has_table s2)"
  else
    expect_eq "SQL file: s2 table rolled back" 0 "$(has_table s2)"
  fi

  # 3b. An operation on a table that does not exist, after a good statement:
  # the error must not present the good statement as the failing one (on
  # SQLite the operation fails while strata plans the table rebuild, before
  # any SQL of its own runs).
  write_config; write_revisions; rm -f "$v/f2_two.yaml" "$v/f3_three.yaml"
  cat >"$v/g2_missing.yaml" <<'EOF'
revision: g2
down_revision: f1
message: drop a column of a missing table
upgrade:
  - execute: "CREATE TABLE t9 (id integer)"
  - drop_column: {table: nosuch, name: x}
downgrade: []
EOF
  new_db
  st upgrade head
  expect_eq "operation on a missing table: exit 1" 1 "$rc"
  expect_in "operation on a missing table: stderr names g2" "$tmp/err" "g2"
  expect_in "operation on a missing table: stderr names the table" "$tmp/err" "nosuch"
  if grep -q 'statement: CREATE TABLE t9' "$tmp/err"; then
    fail "operation on a missing table: stderr shows the statement that succeeded (CREATE TABLE t9) as the failing one:"
    sed 's/^/    /' "$tmp/err" | head -5
  else ok "operation on a missing table: the statement shown is not the one that succeeded"; fi
  if [ "$backend" = mysql ]; then
    expect_in "MariaDB, operation on a missing table: t9 named as not brought back" "$tmp/err" 'what `CREATE TABLE t9 (id integer)` did'
    expect_eq "MariaDB, operation on a missing table: t9 stays, as said" 1 "$(has_table t9)"
  else
    expect_eq "operation on a missing table: t9 rolled back" 0 "$(has_table t9)"
  fi
  expect_eq "operation on a missing table: version f1" "f1" "$(versions)"
  rm -f "$v/g2_missing.yaml"

  # 4. File errors and bad targets: exit 2, before any database work.
  write_config; write_revisions; fix_f2; new_db
  cat >"$v/f4_bad.yaml" <<'EOF'
revision: f4
down_revision: f9
message: names a missing parent
upgrade: []
downgrade: []
EOF
  st upgrade head
  expect_eq "a down_revision naming no file: exit 2" 2 "$rc"
  expect_in "the error names the file" "$tmp/err" "f4_bad.yaml"
  expect_eq "no database work: no version table" "<no version table>" "$(versions)"
  expect_eq "no database work: no t1" 0 "$(has_table t1)"
  rm -f "$v/f4_bad.yaml"
  cat >"$v/f4_bad.yaml" <<'EOF'
revision: f4
down_revision: f3
message: unknown operation
upgrade:
  - create_tabel: {name: x}
downgrade: []
EOF
  st upgrade head
  expect_eq "an unknown operation in f4: exit 2" 2 "$rc"
  expect_in "the error names the file" "$tmp/err" "f4_bad.yaml"
  expect_eq "an invalid f4 stops the run before f1..f3 are applied" "<no version table>" "$(versions)"
  rm -f "$v/f4_bad.yaml"
  st upgrade nosuchrev
  expect_eq "upgrade to an unknown revision: exit 2" 2 "$rc"
  expect_eq "unknown target: no database work" "<no version table>" "$(versions)"

  # 5. --url overrides the configuration's database_url.
  printf 'script_location: migrations\ndatabase_url: sqlite:///config.db\n' >"$d/strata.yaml"
  new_db
  st --url "$url" upgrade f1
  expect_eq "--url: exit 0" 0 "$rc"
  expect_eq "--url: the --url database is at f1" "f1" "$(versions)"
  if [ -e "$d/config.db" ] && [ -s "$d/config.db" ]; then fail "--url: the configuration's database was touched"
  else ok "--url: the configuration's database was not touched"; fi
  # ... even when database_url names an unset variable: --url is enough.
  printf 'script_location: migrations\ndatabase_url: ${STRATA_E2E_SURELY_UNSET_VAR}\n' >"$d/strata.yaml"
  st --url "$url" current
  expect_eq "--url with database_url naming an unset variable: exit 0" 0 "$rc"
  expect_eq "--url with database_url naming an unset variable: current" "f1" "$(cat "$tmp/out")"
  [ "$rc" = 0 ] || sed 's/^/    /' "$tmp/err" | head -3
  write_config
}

connection_checks() {
  backend=connection
  write_config; write_revisions; fix_f2
  local host port db pw
  host=$(printf '%s' "$STRATA_TEST_PG_URL" | sed -E 's#^[a-z+]+://[^@]*@([^:/]+).*#\1#')
  port=$(printf '%s' "$STRATA_TEST_PG_URL" | sed -E 's#^[a-z+]+://[^@]*@[^:/]+:([0-9]+).*#\1#')
  db=${STRATA_TEST_PG_URL##*/}; db=${db%%\?*}
  local user; user=$(printf '%s' "$STRATA_TEST_PG_URL" | sed -E 's#^[a-z+]+://([^:@]+).*#\1#')
  pw="Sekr1tPw_e2e"
  # checks: URL WHAT
  conn_case() {
    local u=$1 what=$2 cmd
    for cmd in "upgrade head" "current" "stamp f1"; do
      # shellcheck disable=SC2086
      st --url "$u" $cmd
      expect_eq "$what, $cmd: exit 1" 1 "$rc"
      expect_eq "$what, $cmd: a one-line error" 1 "$(wc -l <"$tmp/err")"
      expect_in "$what, $cmd: the error names the host" "$tmp/err" "$host"
      expect_in "$what, $cmd: the error names the database" "$tmp/err" "$db"
      if grep -qF -e "$pw" -e "Sekr1t" "$tmp/out" "$tmp/err"; then fail "$what, $cmd: the password is printed"; sed 's/^/    /' "$tmp/err"
      else ok "$what, $cmd: the password is not printed"; fi
    done
    st -v --url "$u" upgrade head
    if grep -qF -e "Sekr1t" "$tmp/out" "$tmp/err"; then fail "$what, -v upgrade: the password is printed"
    else ok "$what, -v upgrade: the password is not printed"; fi
  }
  conn_case "postgresql://$user:$pw@$host:$port/$db" "wrong password"
  conn_case "postgresql://$user:Sekr1t%40Pw%2F@$host:$port/$db" "wrong percent-encoded password"
  # a closed port: find one
  local closed=1
  conn_case "postgresql://$user:$pw@$host:$closed/$db" "closed port"
  conn_case "postgresql+psycopg2://$user:$pw@$host:$closed/$db?sslmode=disable" "closed port, +driver URL"

  # MySQL / MariaDB, against the real server: one line, exit 1, no password.
  require_mysql
  local mh=$STRATA_TEST_MYSQL_HOST mp=$STRATA_TEST_MYSQL_PORT u label secret
  while IFS='|' read -r label u secret; do
    st --url "$u" upgrade head
    expect_eq "$label: exit 1" 1 "$rc"
    if grep -q "cannot connect to MySQL at $mh" "$tmp/err" && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then
      ok "$label: one line naming the server"
    else fail "$label: stderr is not one line naming the server:"; sed 's/^/    /' "$tmp/err"; fi
    if grep -qF "$secret" "$tmp/out" "$tmp/err"; then fail "$label: the password is printed"; else ok "$label: the password is not printed"; fi
  done <<EOF
mysql, wrong password|mysql://strata:Sekr1tPw@$mh:$mp/strata_test|Sekr1tPw
mariadb, closed port|mariadb://strata:Sekr1tPw@$mh:$closed/strata_test|Sekr1tPw
mysql+pymysql, unknown database|mysql+pymysql://strata:strata-test-pw@$mh:$mp/no_such_db|strata-test-pw
EOF
  st --url "oracle://scott:Sekr1tPw@db/app" upgrade head
  expect_eq "oracle:// URL: exit 2" 2 "$rc"
  if grep -qF "Sekr1t" "$tmp/out" "$tmp/err"; then fail "oracle:// URL: the password is printed"; else ok "oracle:// URL: the password is not printed"; fi

  # A good PostgreSQL URL with a database that does not exist: exit 1, named.
  local name="strata_e2e_fail_missing_$$"
  st --url "${STRATA_TEST_PG_URL%/*}/$name" current
  expect_eq "missing database: exit 1" 1 "$rc"
  expect_in "missing database: named" "$tmp/err" "$name"
  # SQLite: a file in a folder that does not exist.
  st --url "sqlite:////nonexistent-dir-strata-e2e/app.db" current
  expect_eq "SQLite file in a missing folder: exit 1" 1 "$rc"
  expect_in "SQLite file in a missing folder: the path is named" "$tmp/err" "/nonexistent-dir-strata-e2e/app.db"
}

# The server ends the connection in the middle of a revision
# (pg_terminate_backend; KILL on MariaDB: mysql_interrupt_test.sh): exit 1,
# one error naming the revision and the lost connection, none of libpq's own
# lines (its "FATAL: terminating connection" notice, its paragraph of
# guesses) or SOCI's wrapping; the version table true; a rerun finishes.
terminated_checks() {
  backend=postgresql step="connection ended"
  write_config; write_revisions; fix_f2
  cat >"$v/f2_two.yaml" <<'EOF'
revision: f2
down_revision: f1
message: slow
upgrade:
  - create_table: {name: t2, columns: [{name: id, type: integer, primary_key: true}]}
  - execute: "SELECT pg_sleep(3)"
downgrade:
  - drop_table: {name: t2}
EOF
  new_db
  (cd "$d" && exec "$strata" upgrade head) >"$tmp/out" 2>"$tmp/err" &
  local pid=$! n=0 ended=""
  while [ $n -lt 200 ] && [ -z "$ended" ]; do
    ended=$(q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$pg_db' AND query LIKE 'SELECT pg_sleep%'")
    n=$((n + 1)); sleep 0.05
  done
  wait $pid; rc=$?
  expect_eq "the backend was ended" t "$ended"
  expect_eq "exit 1" 1 "$rc"
  expect_in "the error names the revision and the lost connection" "$tmp/err" "revision f2 ($d/migrations/versions/f2_two.yaml) failed: the connection to the server was lost"
  expect_in "the error says what the server kept" "$tmp/err" "the server keeps only what was committed"
  if grep -qE '^(FATAL|WARNING|NOTICE)|This probably means|Cannot execute query|while executing' "$tmp/err"; then
    fail "libpq's or SOCI's own text is printed:"; sed 's/^/    /' "$tmp/err"
  else ok "nothing but strata's lines"; fi
  expect_eq "one error message" 1 "$(grep -c '^strata: error:' "$tmp/err")"
  expect_eq "the version table names f1" f1 "$(versions)"
  expect_eq "t2 rolled back" 0 "$(has_table t2)"
  sed -i 's/pg_sleep(3)/pg_sleep(0)/' "$v/f2_two.yaml"
  st upgrade head
  expect_eq "a rerun finishes" "0 f3" "$rc $(versions)"
  step=""
}

run_backend sqlite
run_backend postgresql
run_backend mysql
terminated_checks
connection_checks

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
