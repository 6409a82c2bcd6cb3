#!/usr/bin/env bash
# Benchmarks `strata check` against Alembic 1.8's autogenerate comparison.
#
#   ./bench/check.sh build/strata
#
# bench/gen_check.py writes a schema of 1,000 tables (BENCH_TABLES): each with
# seven columns (integer pk, string(100) unique, text, boolean with a server
# default, datetime(timezone=true) with server default now() and an index,
# numeric(10,2), and a foreign key to the previous table), as strata's
# models.yaml and as the same SQLAlchemy MetaData (same names, and strata's
# default naming convention as SQLAlchemy's naming_convention). The database
# is built by strata itself (`revision --autogenerate` + `upgrade head`), so
# its version table is at head. Then, as whole processes with hyperfine
# (median wall time), two scenarios:
#   no difference      the models as created;
#   10% changed        every 10th table's MODEL changed (the database is not):
#                      an added column, a widened string, or a NOT NULL, in turn.
# strata: `strata check`. Alembic 1.8 has no `alembic check`, so the script
# gen_check.py writes does what it does: connect, MigrationContext.configure
# (compare_type, compare_server_default, target_metadata) and
# alembic.autogenerate.compare_metadata; Python, SQLAlchemy, Alembic and the
# models module are imported inside the measured process, as a user pays.
# Before timing, both tools' results are checked: scenario 1, strata exits 0
# and Alembic finds nothing; scenario 2, strata exits 3 and both name exactly
# the changed tables. Anything else becomes a note under the table.
# Targets: `strata check` < 1 s on 1,000 tables, and >= 20x faster than Alembic.
#
# PostgreSQL: the server of $STRATA_TEST_PG_URL (the script creates and drops
# its own database there); when unset, a throwaway cluster is started with
# scripts/with-pg.sh. BENCH_RUNS (default 10) runs of strata and
# BENCH_ALEMBIC_RUNS (default 3) of Alembic per scenario, after one warm-up.
# Prints a Markdown table and writes it to bench/out/check.md. Installs
# missing Debian packages. About two minutes, nearly all of it Alembic.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${STRATA_TEST_PG_URL:-}" ] && [ -z "${BENCH_IN_WITH_PG:-}" ]; then
  echo "== STRATA_TEST_PG_URL is not set: starting a throwaway PostgreSQL (scripts/with-pg.sh)" >&2
  BENCH_IN_WITH_PG=1 exec "$here/../scripts/with-pg.sh" "$0" "$@"
fi

strata=$(realpath "${1:?usage: $0 path/to/strata}")
n=${BENCH_TABLES:-1000}
runs=${BENCH_RUNS:-10}
aruns=${BENCH_ALEMBIC_RUNS:-3}
py=/usr/bin/python3                 # Debian's python, the one with alembic
unset PYTHONPATH PYTHONHOME         # ... and its own modules only

# hyperfine, /usr/bin/time, sqlite3, psql and Debian's Alembic: the project's
# own installer (idempotent; fast when everything is there).
STRATA_BENCH_DEPS=1 "$(dirname "$0")/../scripts/install-deps.sh"

tmp=$(mktemp -d)
pgdb=strata_bench_check_$$
admin_url=${STRATA_TEST_PG_ADMIN_URL:-$STRATA_TEST_PG_URL}
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
cleanup() {
  psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$here/out"
notes=()
rows=()

# median NAME.json INDEX -> seconds
median() { $py -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "$2"; }
fmt() { awk -v s="$1" 'BEGIN { if (s >= 1) printf "%.2f s", s; else printf "%.1f ms", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }
check() {  # check VALUE OP LIMIT -> met / **MISSED**
  awk -v v="$1" -v op="$2" -v lim="$3" 'BEGIN { ok = (op == "<" ? v < lim : v >= lim); print (ok ? "met" : "**MISSED**") }'
}
# q WORD: WORD single-quoted, for hyperfine's command parser and for bash.
q() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }
# tables FILE: the tables a tool's output names (t0001 ...), sorted, one per line.
tables() { grep -o "'t[0-9][0-9][0-9][0-9][.']" "$1" | tr -d "'." | sort -u || true; }
# The lines of FILE, quoted for a note (at most 20).
quote_lines() { head -n 20 "$1" | sed 's/^/    /'; [ "$(wc -l <"$1")" -le 20 ] || echo "    … ($(wc -l <"$1") lines)"; }

base=${admin_url%%\?*}
query=${admin_url#"$base"}
export DATABASE_URL="${base%/*}/$pgdb$query"
psql -X -q -v ON_ERROR_STOP=1 "$admin_url" -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" \
  -c "CREATE DATABASE $pgdb" >/dev/null

echo "== generating $n tables" >&2
$py "$here/gen_check.py" "$n" "$tmp/p"
cd "$tmp/p/strata"
head_rev=000000000001

echo "== creating the schema with strata (revision --autogenerate, upgrade head)" >&2
"$strata" revision --autogenerate -m "bench schema" --rev-id $head_rev >/dev/null 2>"$tmp/revision.err" ||
  { cat "$tmp/revision.err" >&2; echo "strata revision --autogenerate failed" >&2; exit 1; }
"$strata" upgrade head 2>"$tmp/upgrade.err" >/dev/null ||
  { cat "$tmp/upgrade.err" >&2; echo "strata upgrade head failed" >&2; exit 1; }
got=$(psql -X -q -At "$DATABASE_URL" -c "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') || ' ' ||
  (SELECT count(*) FROM pg_constraint WHERE contype = 'f') || ' ' || (SELECT string_agg(version_num, ',') FROM alembic_version)")
[ "$got" = "$((n + 1)) $((n - 1)) $head_rev" ] ||
  notes+=("after \`upgrade head\` the database has '$got' (tables, foreign keys, version), expected '$((n + 1)) $((n - 1)) $head_rev'")

# Commands, run from $tmp/p/strata (scenario 1 / 2).
s1="$(q "$strata") check"
s2="$(q "$strata") -c strata-changed.yaml check"
a1="$py ../alembic/check.py bench_models"
a2="$py ../alembic/check.py bench_models_changed"

echo "== checking what each tool reports" >&2
rc=0; eval "$s1" >"$tmp/s1.out" 2>"$tmp/s1.err" || rc=$?
if [ $rc -ne 0 ]; then
  notes+=("strata bug: \`strata check\` on the unchanged models exited $rc, printing:"$'\n'"$(cat "$tmp/s1.out" "$tmp/s1.err" | quote_lines /dev/stdin)")
elif [ "$(cat "$tmp/s1.out")" != "No new upgrade operations detected." ]; then
  notes+=("\`strata check\` on the unchanged models exited 0 but printed:"$'\n'"$(quote_lines "$tmp/s1.out")")
fi
rc=0; eval "$a1" >"$tmp/a1.out" 2>"$tmp/a1.err" || rc=$?
if [ $rc -ne 0 ]; then
  notes+=("Alembic on the unchanged models exited $rc (spurious differences are Alembic's), printing:"$'\n'"$(cat "$tmp/a1.out" "$tmp/a1.err" | quote_lines /dev/stdin)")
fi
sort -u "$tmp/p/changed.txt" >"$tmp/expected.txt"
nchanged=$(wc -l <"$tmp/expected.txt")
rc=0; eval "$s2" >"$tmp/s2.out" 2>"$tmp/s2.err" || rc=$?
tables "$tmp/s2.out" >"$tmp/s2.tables"
if [ $rc -ne 3 ]; then
  notes+=("\`strata check\` on the changed models exited $rc, expected 3: $(head -c 300 "$tmp/s2.err")")
fi
if ! cmp -s "$tmp/s2.tables" "$tmp/expected.txt"; then
  notes+=("\`strata check\` on the changed models names $(wc -l <"$tmp/s2.tables") tables, not the $nchanged changed ones (missing: $(comm -13 "$tmp/s2.tables" "$tmp/expected.txt" | head -5 | tr '\n' ' ')extra: $(comm -23 "$tmp/s2.tables" "$tmp/expected.txt" | head -5 | tr '\n' ' '))")
fi
rc=0; eval "$a2" >"$tmp/a2.out" 2>"$tmp/a2.err" || rc=$?
tables "$tmp/a2.out" >"$tmp/a2.tables"
if [ $rc -ne 3 ]; then
  notes+=("Alembic on the changed models exited $rc, expected 3: $(tail -c 300 "$tmp/a2.err")")
fi
if ! cmp -s "$tmp/a2.tables" "$tmp/expected.txt"; then
  notes+=("Alembic on the changed models names $(wc -l <"$tmp/a2.tables") tables, not the $nchanged changed ones")
fi
kinds_s="$(grep -c 'Detected added column' "$tmp/s2.out" || true) added columns, $(grep -c 'Detected type change' "$tmp/s2.out" || true) type changes, $(grep -c 'Detected NOT NULL' "$tmp/s2.out" || true) NOT NULL"
kinds_a="$(grep -c "'add_column'" "$tmp/a2.out" || true) added columns, $(grep -c "'modify_type'" "$tmp/a2.out" || true) type changes, $(grep -c "'modify_nullable'" "$tmp/a2.out" || true) NOT NULL"
[ "$kinds_s" = "$kinds_a" ] || notes+=("the changed models: strata reports $kinds_s; Alembic $kinds_a")

for sc in 1 2; do
  if [ $sc = 1 ]; then what="no difference"; else what="$nchanged of $n tables changed"; fi
  echo "== $n tables, $what: strata check" >&2
  cmd=s$sc
  hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$tmp/s$sc.json" -n strata "${!cmd}" >&2
  echo "== $n tables, $what: alembic (compare_metadata)" >&2
  cmd=a$sc
  hyperfine -N -i --warmup 1 --runs "$aruns" --export-json "$tmp/a$sc.json" -n alembic "${!cmd}" >&2
  ts=$(median "$tmp/s$sc.json" 0); ta=$(median "$tmp/a$sc.json" 0)
  rows+=("| $what | $(fmt "$ts") | $(fmt "$ta") | $(ratio "$ta" "$ts") |")
  eval "ts$sc=\$ts ta$sc=\$ta"
done

over() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }
pg_version=$(psql -X -At "$admin_url" -c "SELECT 'PostgreSQL ' || current_setting('server_version')" 2>/dev/null || true)
{
  echo "| scenario ($n tables) | strata check | alembic (compare_metadata) | alembic/strata |"
  echo "| --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Medians of $runs runs (strata) and $aruns runs (Alembic) after one warm-up, whole processes;" \
       "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end;" \
       "${pg_version:+$pg_version, }Alembic $($py -c 'import alembic; print(alembic.__version__)')," \
       "SQLAlchemy $($py -c 'import sqlalchemy; print(sqlalchemy.__version__)'), Python $($py -c 'import platform; print(platform.python_version())')."
  echo "Changed models: strata reports $kinds_s; Alembic $kinds_a."
  echo
  echo "Targets:"
  echo "- \`strata check\` < 1 s on $n tables: $(check "$ts1" '<' 1) (no difference), $(check "$ts2" '<' 1) (changed)"
  echo "- strata ≥ 20× faster than Alembic: $(check "$(over "$ta1" "$ts1")" '>=' 20) (no difference), $(check "$(over "$ta2" "$ts2")" '>=' 20) (changed)"
  echo "- Note: SQLAlchemy reflects foreign-key targets recursively: on 1,000 tables the chain of foreign keys" \
       "overflows Python's default recursion limit (RecursionError in Alembic), so the Alembic script raises the limit and runs on a thread with a 1 GiB stack."
  for note in "${notes[@]}"; do echo "- Note: $note"; done
} | tee "$here/out/check.md"
