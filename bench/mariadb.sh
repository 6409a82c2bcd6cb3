#!/usr/bin/env bash
# Benchmarks strata on MariaDB: `upgrade head` and `check`.
#
#   ./bench/mariadb.sh build/strata
#
# upgrade: bench/gen_upgrade.py's 1,000 revisions (BENCH_REVISIONS), each
# creating a table of four columns and an index, as a strata project and as
# the same Alembic project. Measured as whole processes with hyperfine
# (median wall time over BENCH_RUNS rounds, the tools taking turns in each),
# each run from a fresh empty database (--prepare recreates it and first
# records what the previous run left):
#   strata upgrade head; Alembic 1.8 (Debian's) with PyMySQL; and the floor,
#   the SQL of `strata upgrade head --sql` run by the `mariadb` client
#   (per-revision BEGIN/COMMIT as printed: on MySQL each revision commits on
#   its own). Then `upgrade head` with nothing to do (floor: the client
#   reading the version table).
# Every timed run is checked: N tables + the version table, N ix_ indexes,
# the version table at head; strata's columns and indexes must equal
# Alembic's and the floor's.
# check: bench/gen_check.py's 1,000 tables (BENCH_TABLES, seven columns, a
# unique key, an index and a foreign key each), built by strata
# (`revision --autogenerate` + `upgrade head`); `strata check` with no
# difference and with every 10th table's model changed (exit 3, naming
# exactly those tables).
# Targets: upgrade <= 1.2x the floor; no-op < 20 ms; check < 0.5 s.
#
# MariaDB: the server of $STRATA_TEST_MYSQL_URL (the script creates and drops
# its own databases there); when unset, a throwaway server is started with
# scripts/with-mariadb.sh. BENCH_RUNS (default 3) runs per upgrade,
# BENCH_CHECK_RUNS (default 10) per check. Prints a Markdown table and writes
# it to bench/out/mariadb.md. Installs missing Debian packages.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${STRATA_TEST_MYSQL_URL:-}" ] && [ -z "${BENCH_IN_WITH_MARIADB:-}" ]; then
  echo "== STRATA_TEST_MYSQL_URL is not set: starting a throwaway MariaDB (scripts/with-mariadb.sh)" >&2
  BENCH_IN_WITH_MARIADB=1 exec bash "$here/../scripts/with-mariadb.sh" bash "$0" "$@"
fi

strata=$(realpath "${1:?usage: $0 path/to/strata}")
n=${BENCH_REVISIONS:-1000}
ntables=${BENCH_TABLES:-1000}
runs=${BENCH_RUNS:-3}
cruns=${BENCH_CHECK_RUNS:-10}
py=/usr/bin/python3                 # Debian's python, the one with alembic and pymysql
unset PYTHONPATH PYTHONHOME
alembic="$py -m alembic"

STRATA_BENCH_DEPS=1 "$here/../scripts/install-deps.sh"

# The server's address and account, from the URL (the password goes to the
# client through MYSQL_PWD, never on a command line).
eval "$($py - "$STRATA_TEST_MYSQL_URL" <<'PY'
import shlex, sys, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1])
for k, v in (("my_host", u.hostname or "127.0.0.1"), ("my_port", str(u.port or 3306)),
             ("my_user", urllib.parse.unquote(u.username or "")),
             ("MYSQL_PWD", urllib.parse.unquote(u.password or "")),
             ("my_auth", u.netloc.rsplit("@", 1)[0])):
    print("%s=%s" % (k, shlex.quote(v)))
PY
)"
export MYSQL_PWD
client=(mariadb --no-defaults -h "$my_host" -P "$my_port" -u "$my_user")
up_db=strata_bench_up_$$ ck_db=strata_bench_ck_$$
tmp=$(mktemp -d)
cleanup() {
  "${client[@]}" -e "DROP DATABASE IF EXISTS \`$up_db\`; DROP DATABASE IF EXISTS \`$ck_db\`" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$here/out"
notes=() rows=()

median() { $py -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "$2"; }
fmt() { awk -v s="$1" 'BEGIN { if (s >= 1) printf "%.2f s", s; else printf "%.1f ms", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
over() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }
q() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }
check() {  # check VALUE OP LIMIT -> met / **MISSED**
  awk -v v="$1" -v op="$2" -v lim="$3" 'BEGIN { ok = (op == "<=" ? v <= lim : v < lim); print (ok ? "met" : "**MISSED**") }'
}
tables() { grep -o "'t[0-9][0-9][0-9][0-9][.']" "$1" | tr -d "'." | sort -u || true; }

# --- upgrade ----------------------------------------------------------------
echo "== generating $n revisions" >&2
$py "$here/gen_upgrade.py" "$n" "$tmp/p"
cd "$tmp/p"
head_rev=$($py -c "import hashlib; print(hashlib.sha1(b'strata-bench-upgrade-$n').hexdigest()[:12])")
# One URL for both tools: strata reads mysql+pymysql:// as SQLAlchemy does.
export DATABASE_URL="mysql+pymysql://$my_auth@$my_host:$my_port/$up_db?charset=utf8mb4"

cat >"$tmp/state.sql" <<SQL
SELECT CONCAT((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$up_db'), ' ',
  (SELECT COUNT(DISTINCT table_name, index_name) FROM information_schema.statistics
     WHERE table_schema = '$up_db' AND index_name LIKE 'ix\\_%'), ' ',
  (SELECT GROUP_CONCAT(version_num) FROM \`$up_db\`.alembic_version));
SELECT table_name, ordinal_position, column_name, column_type, is_nullable, column_default, extra
  FROM information_schema.columns WHERE table_schema = '$up_db' ORDER BY 1, 2;
SELECT table_name, index_name, non_unique, seq_in_index, column_name
  FROM information_schema.statistics WHERE table_schema = '$up_db' ORDER BY 1, 2, 4;
SQL
printf '%s -N -B <%s\n' "$(printf '%q ' "${client[@]}")" "$(q "$tmp/state.sql")" >"$tmp/state.sh"
{
  printf 'k=$(cat %s)\n' "$(q "$tmp/counter")"
  printf 'echo $((k + 1)) >%s\n' "$(q "$tmp/counter")"
  printf 'if [ "$k" -gt 0 ]; then bash %s >%s/state-$k.txt 2>&1 || true; fi\n' "$(q "$tmp/state.sh")" "$(q "$tmp")"
  printf '%s -e %s\n' "$(printf '%q ' "${client[@]}")" \
    "$(q "DROP DATABASE IF EXISTS \`$up_db\`; CREATE DATABASE \`$up_db\` CHARACTER SET utf8mb4")"
} >"$tmp/prepare.sh"

"$strata" -c strata/strata.yaml upgrade head --sql >"$tmp/floor.sql" 2>/dev/null
[ "$(grep -c -x 'BEGIN;' "$tmp/floor.sql")" = "$n" ] || notes+=("\`upgrade head --sql\` does not print one BEGIN per revision")
s_cmd="$(q "$strata") -c strata/strata.yaml upgrade head"
a_cmd="$alembic -c alembic/alembic.ini upgrade head"
f_cmd="$(printf '%q ' "${client[@]}") $up_db -e $(q "source $tmp/floor.sql")"

# The three tools take turns, one run each per round: a server's disk under
# other load drifts over minutes, and the tools see the same drift.
echo 0 >"$tmp/counter"
for ((r = 1; r <= runs; r++)); do
  echo "== MariaDB: upgrade head, $n revisions from empty, round $r of $runs" >&2
  hyperfine -N --runs 1 --prepare "bash $(q "$tmp/prepare.sh")" --export-json "$tmp/up-$r.json" \
    -n strata "$s_cmd" -n alembic "$a_cmd" -n floor "$f_cmd" >&2
done
bash "$tmp/state.sh" >"$tmp/state-$((3 * runs)).txt" 2>&1 || true
tools=(strata alembic floor)
for ((k = 1; k <= 3 * runs; k++)); do
  tool=${tools[$(((k - 1) % 3))]}
  got=$(head -n1 "$tmp/state-$k.txt" 2>/dev/null || true)
  [ "$got" = "$((n + 1)) $n $head_rev" ] ||
    notes+=("$tool run $(((k - 1) / 3 + 1)) left '$got' (tables, indexes, version), expected '$((n + 1)) $n $head_rev'")
  [ $k -le $((3 * runs - 3)) ] || tail -n +2 "$tmp/state-$k.txt" >"$tmp/schema-$tool.txt"
done
cmp -s "$tmp/schema-strata.txt" "$tmp/schema-alembic.txt" ||
  notes+=("strata's schema differs from Alembic's: $(diff "$tmp/schema-strata.txt" "$tmp/schema-alembic.txt" | grep '^[<>]' | head -2 | tr '\t\n' ' ')")
cmp -s "$tmp/schema-strata.txt" "$tmp/schema-floor.txt" || notes+=("strata's schema differs from the floor's")
# round_median INDEX -> the median over the rounds of tool INDEX's time
round_median() {
  $py -c 'import json,statistics,sys; i=int(sys.argv[1]); print(statistics.median(json.load(open(f))["results"][i]["mean"] for f in sys.argv[2:]))' \
    "$1" "$tmp"/up-*.json
}
ts=$(round_median 0) ta=$(round_median 1) tf=$(round_median 2)
rows+=("| upgrade head, $n revisions | $(fmt "$ts") | $(fmt "$ta") | $(fmt "$tf") | $(ratio "$ts" "$tf") | $(ratio "$ta" "$ts") |")
t_up=$ts f_up=$tf
all_runs=$($py -c 'import json,sys; print("; ".join("round %d: " % (k + 1) + ", ".join("%s %.1f s" % (r["command"], r["mean"]) for r in json.load(open(f))["results"]) for k, f in enumerate(sys.argv[1:])))' \
  $(for ((r = 1; r <= runs; r++)); do echo "$tmp/up-$r.json"; done))

echo "== MariaDB: upgrade head with nothing to do" >&2
hyperfine -N --warmup 2 --runs 10 --export-json "$tmp/noop.json" \
  -n strata "$s_cmd" -n alembic "$a_cmd" \
  -n floor "$(printf '%q ' "${client[@]}") $up_db -e $(q 'SELECT version_num FROM alembic_version')" >&2
ts=$(median "$tmp/noop.json" 0) ta=$(median "$tmp/noop.json" 1) tf=$(median "$tmp/noop.json" 2)
rows+=("| upgrade head, nothing to do | $(fmt "$ts") | $(fmt "$ta") | $(fmt "$tf") | $(ratio "$ts" "$tf") | $(ratio "$ta" "$ts") |")
t_noop=$ts

# --- check ------------------------------------------------------------------
echo "== generating $ntables tables" >&2
$py "$here/gen_check.py" "$ntables" "$tmp/c"
cd "$tmp/c/strata"
export DATABASE_URL="mysql://$my_auth@$my_host:$my_port/$ck_db"
"${client[@]}" -e "CREATE DATABASE \`$ck_db\` CHARACTER SET utf8mb4"
echo "== creating the schema with strata (revision --autogenerate, upgrade head)" >&2
"$strata" revision --autogenerate -m "bench schema" --rev-id 000000000001 >/dev/null 2>"$tmp/revision.err" ||
  { cat "$tmp/revision.err" >&2; echo "strata revision --autogenerate failed" >&2; exit 1; }
"$strata" upgrade head >/dev/null 2>"$tmp/upgrade.err" ||
  { cat "$tmp/upgrade.err" >&2; echo "strata upgrade head failed" >&2; exit 1; }
got=$("${client[@]}" -N -B -e "SELECT CONCAT((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$ck_db'), ' ',
  (SELECT COUNT(*) FROM information_schema.referential_constraints WHERE constraint_schema = '$ck_db'))")
[ "$got" = "$((ntables + 1)) $((ntables - 1))" ] ||
  notes+=("after \`upgrade head\` the check database has '$got' (tables, foreign keys), expected '$((ntables + 1)) $((ntables - 1))'")
rc=0; "$strata" check >"$tmp/c1.out" 2>"$tmp/c1.err" || rc=$?
[ $rc = 0 ] || notes+=("\`strata check\` on the unchanged models exited $rc: $(head -c 400 "$tmp/c1.out" "$tmp/c1.err" | tr '\n' ' ')")
rc=0; "$strata" -c strata-changed.yaml check >"$tmp/c2.out" 2>"$tmp/c2.err" || rc=$?
[ $rc = 3 ] || notes+=("\`strata check\` on the changed models exited $rc, expected 3: $(head -c 300 "$tmp/c2.err")")
tables "$tmp/c2.out" >"$tmp/c2.tables"
sort -u "$tmp/c/changed.txt" >"$tmp/expected.txt"
nchanged=$(wc -l <"$tmp/expected.txt")
cmp -s "$tmp/c2.tables" "$tmp/expected.txt" ||
  notes+=("\`strata check\` on the changed models names $(wc -l <"$tmp/c2.tables") tables, not the $nchanged changed ones")
for sc in 1 2; do
  if [ $sc = 1 ]; then what="no difference"; cmd="$(q "$strata") check"
  else what="$nchanged of $ntables tables changed"; cmd="$(q "$strata") -c strata-changed.yaml check"; fi
  echo "== MariaDB, $ntables tables, $what: strata check" >&2
  hyperfine -N -i --warmup 1 --runs "$cruns" --export-json "$tmp/c$sc.json" -n strata "$cmd" >&2
  ts=$(median "$tmp/c$sc.json" 0)
  rows+=("| check, $ntables tables, $what | $(fmt "$ts") | | | | |")
  eval "t_check$sc=\$ts"
done

version=$("${client[@]}" -N -B -e "SELECT VERSION()")
{
  echo "| operation (MariaDB) | strata | alembic | floor (mariadb client) | strata/floor | alembic/strata |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Medians of $runs rounds per upgrade (the three tools in turn in each round; 10 runs for the no-op," \
       "$cruns per check), whole processes, each upgrade from a fresh empty database; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end;" \
       "MariaDB $version (the throwaway server of scripts/with-mariadb.sh: innodb_flush_log_at_trx_commit=0)," \
       "Alembic $($py -c 'import alembic; print(alembic.__version__)') with PyMySQL $($py -c 'import pymysql; print(pymysql.__version__)')."
  echo
  echo "Every upgrade run: $all_runs."
  echo
  echo "Targets:"
  echo "- upgrade ≤ 1.2× the floor: $(check "$(over "$t_up" "$f_up")" '<=' 1.2)"
  echo "- no-op < 20 ms: $(check "$t_noop" '<' 0.02)"
  echo "- \`strata check\` < 0.5 s on $ntables tables: $(check "$t_check1" '<' 0.5) (no difference), $(check "$t_check2" '<' 0.5) (changed)"
  for note in "${notes[@]}"; do echo "- Note: $note"; done
} | tee "$here/out/mariadb.md"
