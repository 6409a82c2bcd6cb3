#!/usr/bin/env bash
# A revision killed in the middle on MariaDB (SPEC §10.1; core/progress.h):
# DDL commits statement by statement and no compensation runs after kill -9,
# so strata's progress mark says what may be left. Revision r2 creates table
# a, sleeps (SELECT SLEEP) and creates table b; strata is killed during the
# sleep. Then: the version table still says r1 (true of the rows); `current`
# prints r1 and a line naming r2, the operation that may have partly run
# and the ones that finished; `upgrade` and `downgrade` refuse (exit 1)
# without touching anything; `inspect` does not show the mark's table; once
# the schema is put back by hand, `stamp r1` clears the mark and `upgrade
# head` finishes, with `current` and the version table at r2. Then the
# server ends strata's connection (KILL) in the middle of r3: the error says
# nothing could be undone, and the mark stays.
# Usage: mysql_interrupt_test.sh PATH_TO_STRATA
set -uo pipefail

if [ $# -lt 1 ]; then echo "usage: $0 PATH_TO_STRATA" >&2; exit 2; fi
strata=$(realpath "$1")

. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
require_mysql
e2e_harness mysql_interrupt
backend=mysql
my_create_db strata_e2e_kill
export DATABASE_URL="$my_url"

q() { my_admin -N -B "$my_db" -e "$1"; }
has_table() { q "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '$1'"; }
expect_eq() {
  if [ "$2" = "$3" ]; then ok "$1"
  else fail "$1: expected [$(printf '%s' "$2" | tr '\n' ';')], got [$(printf '%s' "$3" | tr '\n' ';')]"; fi
}
expect_in() {  # expect_in WHAT FILE TEXT
  if grep -qF -- "$3" "$2"; then ok "$1"
  else fail "$1: $(basename "$2") lacks [$3]:"; sed 's/^/    /' "$2" | head -8; fi
}
st() { (cd "$tmp/proj" && "$strata" "$@") >"$tmp/out" 2>"$tmp/err"; rc=$?; }

v="$tmp/proj/migrations/versions"
mkdir -p "$v"
printf 'script_location: migrations\ndatabase_url: ${DATABASE_URL}\n' >"$tmp/proj/strata.yaml"
cat >"$v/r1_base.yaml" <<'YAML'
revision: r1
down_revision: null
message: base
upgrade:
  - create_table: {name: base, columns: [{name: id, type: integer, primary_key: true}]}
downgrade:
  - drop_table: {name: base}
YAML
cat >"$v/r2_slow.yaml" <<'YAML'
revision: r2
down_revision: r1
message: slow
upgrade:
  - create_table: {name: a, columns: [{name: id, type: integer, primary_key: true}]}
  - execute: "SELECT SLEEP(2)"
  - create_table: {name: b, columns: [{name: id, type: integer, primary_key: true}]}
downgrade:
  - drop_table: {name: b}
  - drop_table: {name: a}
YAML

step="setup"
st upgrade r1
expect_eq "upgrade r1" 0 "$rc"

step="kill -9"
(cd "$tmp/proj" && exec "$strata" upgrade head) >"$tmp/killed.out" 2>&1 &
pid=$!
for _ in $(seq 100); do [ "$(has_table a)" = 1 ] && break; sleep 0.05; done
sleep 0.3   # into the sleep of operation 2
kill -9 "$pid"
wait "$pid" 2>/dev/null
expect_eq "table a was made, b not" "1 0" "$(has_table a) $(has_table b)"
expect_eq "the version table still says r1" r1 "$(q 'SELECT version_num FROM alembic_version')"
expect_eq "the mark names r2 at operation 2" "r2 upgrade 2 running" \
  "$(q 'SELECT revision, direction, operation, state FROM strata_progress_alembic_version' | tr '\t' ' ')"

step="current"
st current
expect_eq "current exits 0" 0 "$rc"
expect_eq "current's first line is r1" r1 "$(head -n1 "$tmp/out")"
expect_in "current names the interrupted revision" "$tmp/out" "interrupted: the upgrade of revision r2 ("
expect_in "current names its file" "$tmp/out" "migrations/versions/r2_slow.yaml) stopped before it finished"
expect_in "current names the operation that may have partly run" "$tmp/out" "operation 2 of 3 (execute) may have partly run; operation 1 finished; nothing after it was committed"
expect_in "current says how to clear it" "$tmp/out" "'strata stamp r1'"

st --json current
expect_eq "current --json: the version rows only" r1 \
  "$(python3 -c 'import json,sys; print(",".join(r["revision"] for r in json.load(sys.stdin)))' <"$tmp/out")"
expect_in "current --json: the mark as a warning on stderr" "$tmp/err" "strata: warning: interrupted: the upgrade of revision r2"
mv "$v/r2_slow.yaml" "$tmp/r2_slow.yaml"
st current
expect_in "current without the revision's file says so" "$tmp/out" "revision r2 stopped before it finished (no revision file has this id now)"
mv "$tmp/r2_slow.yaml" "$v/r2_slow.yaml"

step="refused"
st upgrade head --lock-timeout 30
expect_eq "upgrade head exits 1" 1 "$rc"
expect_in "upgrade says why" "$tmp/err" "interrupted: the upgrade of revision r2"
st downgrade base --lock-timeout 30
expect_eq "downgrade base exits 1" 1 "$rc"
expect_eq "nothing changed" "1 0 1 r1" "$(has_table a) $(has_table b) $(has_table base) $(q 'SELECT version_num FROM alembic_version')"
st inspect
if grep -q strata_progress "$tmp/out"; then fail "inspect shows the mark's table"; else ok "inspect leaves the mark's table out"; fi

step="cleared"
q 'DROP TABLE a'   # the schema as before r2, by hand
st stamp r1
expect_eq "stamp r1 exits 0" 0 "$rc"
expect_eq "stamp dropped the mark" 0 "$(has_table strata_progress_alembic_version)"
st current
expect_eq "current is r1 alone" r1 "$(cat "$tmp/out")"
st upgrade head
expect_eq "upgrade head finishes" 0 "$rc"
st current
expect_eq "current is r2" "r2 (head)" "$(cat "$tmp/out")"
expect_eq "the version table says r2, the tables are there, no mark" "r2 1 1 0" \
  "$(q 'SELECT version_num FROM alembic_version') $(has_table a) $(has_table b) $(has_table strata_progress_alembic_version)"

# The server ends the connection (KILL) in the middle of r3: strata cannot
# undo anything on a connection that is gone, and must not say it did (it
# once took a query that could not be sent for one that ran: "1 of 1
# finished operation(s) were undone", the mark "dropped"). The mark stays,
# committed with c's CREATE TABLE, and says what is left.
step="KILL"
cat >"$v/r3_killed.yaml" <<'YAML'
revision: r3
down_revision: r2
message: killed
upgrade:
  - create_table: {name: c, columns: [{name: id, type: integer, primary_key: true}]}
  - execute: "SELECT SLEEP(3)"
  - create_table: {name: d, columns: [{name: id, type: integer, primary_key: true}]}
downgrade:
  - drop_table: {name: d}
  - drop_table: {name: c}
YAML
(cd "$tmp/proj" && exec "$strata" upgrade head) >"$tmp/killed.out" 2>"$tmp/killed.err" &
pid=$!
id=""
for _ in $(seq 200); do
  id=$(q "SELECT id FROM information_schema.processlist WHERE db = '$my_db' AND info LIKE 'SELECT SLEEP%'")
  [ -n "$id" ] && break
  sleep 0.05
done
q "KILL $id"
wait "$pid"; rc=$?
expect_eq "strata exits 1" 1 "$rc"
expect_in "the error names r3 and the lost connection" "$tmp/killed.err" "failed: the connection to the server was lost"
expect_in "the error says nothing could be undone" "$tmp/killed.err" "nothing of it could be undone"
if grep -q 'undone by their inverses' "$tmp/killed.err"; then fail "the error claims an undo that could not run:"; sed 's/^/    /' "$tmp/killed.err"
else ok "no undo claimed"; fi
expect_eq "one error message" 1 "$(grep -c '^strata: error:' "$tmp/killed.err")"
expect_eq "c stays, d was not made, the version table says r2" "1 0 r2" \
  "$(has_table c) $(has_table d) $(q 'SELECT version_num FROM alembic_version')"
expect_eq "the mark names r3 at operation 2" "r3 upgrade 2 running" \
  "$(q 'SELECT revision, direction, operation, state FROM strata_progress_alembic_version' | tr '\t' ' ')"
st current
expect_in "current names the interrupted r3" "$tmp/out" "interrupted: the upgrade of revision r3"
q 'DROP TABLE c'
st stamp r2
sed -i 's/SLEEP(3)/SLEEP(0)/' "$v/r3_killed.yaml"
st upgrade head
expect_eq "settled by hand and stamped, upgrade head finishes" "0 r3 1 1" \
  "$rc $(q 'SELECT version_num FROM alembic_version') $(has_table c) $(has_table d)"

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
