#!/usr/bin/env bash
# Benchmarks `strata upgrade head` against Alembic and against the bare SQL.
#
#   ./bench/upgrade.sh build/strata
#
# bench/gen_upgrade.py writes 1,000 revisions (BENCH_REVISIONS), each creating
# a table of four columns and an index, as a strata project and as the
# equivalent Alembic project (same ids; op.create_table / op.create_index).
# Measured as whole processes with hyperfine (median wall time), each run
# from a fresh empty database (hyperfine --prepare recreates it):
#   upgrade head from empty, on SQLite and on PostgreSQL, in both transaction
#   modes (transaction_per_migration true / false, in strata.yaml and in
#   Alembic's env.py), for strata, Alembic 1.8 (Debian's) and the floor: the
#   SQL of `strata upgrade head --sql` fed to `sqlite3 FILE` / `psql -f`
#   (per-revision BEGIN/COMMIT as printed; for one transaction the inner
#   BEGIN/COMMIT are stripped and the script wrapped once, `psql -1`);
#   and `upgrade head` with nothing to do (floor: reading the version table
#   with sqlite3 / psql).
# Every timed run is checked (the next run's --prepare looks first): N tables,
# N indexes, the version table at head; and strata's schema (columns, types,
# nullability, defaults, indexes) must equal Alembic's and the floor's.
# Targets: SQLite one transaction: strata >= 10x faster than Alembic and
# <= 2x the floor; PostgreSQL <= 1.25x the floor in both modes; no-op < 20 ms.
#
# PostgreSQL: the server of $STRATA_TEST_PG_URL (the script creates and drops
# its own database there); when unset, a throwaway cluster is started with
# scripts/with-pg.sh. BENCH_NO_PG=1 measures SQLite only. BENCH_RUNS (default
# 3) sets the runs per 1,000-revision upgrade. Prints a Markdown table and
# writes it to bench/out/upgrade.md. Installs missing Debian packages. A few
# minutes on an idle machine (SQLite's per-revision commits are 4,000 fsyncs
# per run: a busy disk makes those rows slow and noisy).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${STRATA_TEST_PG_URL:-}" ] && [ "${BENCH_NO_PG:-0}" != 1 ] && [ -z "${BENCH_IN_WITH_PG:-}" ]; then
  echo "== STRATA_TEST_PG_URL is not set: starting a throwaway PostgreSQL (scripts/with-pg.sh)" >&2
  BENCH_IN_WITH_PG=1 exec bash "$here/../scripts/with-pg.sh" bash "$0" "$@"
fi

strata=$(realpath "${1:?usage: $0 path/to/strata}")
n=${BENCH_REVISIONS:-1000}
runs=${BENCH_RUNS:-3}
py=/usr/bin/python3                 # Debian's python, the one with alembic
unset PYTHONPATH PYTHONHOME         # ... and its own modules only
alembic="$py -m alembic"

# hyperfine, /usr/bin/time, sqlite3, psql and Debian's Alembic: the project's
# own installer (idempotent; fast when everything is there).
STRATA_BENCH_DEPS=1 "$(dirname "$0")/../scripts/install-deps.sh"

tmp=$(mktemp -d)
pgdb=strata_bench_upgrade_$$
admin_url=${STRATA_TEST_PG_ADMIN_URL:-${STRATA_TEST_PG_URL:-}}
[ "${BENCH_NO_PG:-0}" != 1 ] || admin_url=""
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"   # no NOTICE from DROP ... IF EXISTS
cleanup() {
  if [ -n "$admin_url" ]; then
    psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$here/out"
notes=()
rows=()
cpu_notes=()

# median NAME.json INDEX -> seconds
median() { $py -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "$2"; }
fmt() { awk -v s="$1" 'BEGIN { if (s >= 1) printf "%.2f s", s; else printf "%.1f ms", s * 1000 }'; }
# cpu NAME.json INDEX -> mean user + system seconds (less sensitive than wall time to other load)
cpu() { $py -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print(r["user"] + r["system"])' "$1" "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
# q WORD: WORD single-quoted, for hyperfine's command parser and for bash.
q() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }
check() {  # check VALUE OP LIMIT -> met / **MISSED**
  awk -v v="$1" -v op="$2" -v lim="$3" 'BEGIN { ok = (op == "<=" ? v <= lim : v >= lim); print (ok ? "met" : "**MISSED**") }'
}

echo "== generating $n revisions" >&2
$py "$here/gen_upgrade.py" "$n" "$tmp/p"
cd "$tmp/p"
head_rev=$($py -c "import hashlib; print(hashlib.sha1(b'strata-bench-upgrade-$n').hexdigest()[:12])")

backends=(sqlite)
[ -z "$admin_url" ] || backends+=(postgresql)

for backend in "${backends[@]}"; do
  # Per backend: the database URL; fresh.sh recreates the empty database;
  # state.sh prints what a run left (line 1: tables, ix_ indexes, version
  # rows; then every column and index, to compare the tools' schemas).
  if [ $backend = sqlite ]; then
    label=SQLite
    dbfile=$tmp/bench.db
    export DATABASE_URL="sqlite:///$dbfile"
    # sync: no writeback of earlier files (the 2,000 generated ones) slows this run's fsyncs.
    printf 'rm -f %s %s %s\nsync\n' "$(q "$dbfile")" "$(q "$dbfile-journal")" "$(q "$dbfile-wal")" >"$tmp/fresh.sh"
    # strata's revision log (strata_revisions, which Alembic does not keep)
    # is left out of the comparison: the tables are the migrations' own.
    cat >"$tmp/state.sql" <<'SQL'
SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name <> 'strata_revisions') || ' ' ||
       (SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix\_%' ESCAPE '\') || ' ' ||
       (SELECT group_concat(version_num) FROM alembic_version);
SELECT m.name, p.cid, p.name, upper(p.type), p."notnull", p.dflt_value, p.pk
  FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name <> 'strata_revisions'
  ORDER BY m.name, p.cid;
SELECT i.name, i.tbl_name, c.name
  FROM sqlite_master i, pragma_index_info(i.name) c WHERE i.type = 'index' AND i.tbl_name <> 'strata_revisions'
  ORDER BY i.name, c.seqno;
SQL
    printf 'sqlite3 %s <%s\n' "$(q "$dbfile")" "$(q "$tmp/state.sql")" >"$tmp/state.sh"
    sql() { sqlite3 "$dbfile" "$1"; }
  else
    label=PostgreSQL
    base=${admin_url%%\?*}
    query=${admin_url#"$base"}
    export DATABASE_URL="${base%/*}/$pgdb$query"
    printf 'psql -X -q -v ON_ERROR_STOP=1 %s -c %s -c %s >/dev/null\n' "$(q "$admin_url")" \
      "$(q "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)")" "$(q "CREATE DATABASE $pgdb")" >"$tmp/fresh.sh"
    cat >"$tmp/state.sql" <<'SQL'
SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'strata_revisions') || ' ' ||
       (SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'ix\_%') || ' ' ||
       (SELECT string_agg(version_num, ',') FROM alembic_version);
SELECT table_name, ordinal_position, column_name, data_type, character_maximum_length,
       numeric_precision, numeric_scale, is_nullable, column_default
  FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'strata_revisions' ORDER BY 1, 2;
-- Primary keys left out: strata names them by its default naming convention
-- (pk_<table>), Alembic without one leaves it to the server (<table>_pkey).
SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'strata_revisions'
   AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p') ORDER BY 1;
SQL
    printf 'psql -X -q -At -v ON_ERROR_STOP=1 -f %s %s\n' "$(q "$tmp/state.sql")" "$(q "$DATABASE_URL")" >"$tmp/state.sh"
    sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "$1"; }
  fi
  # hyperfine's --prepare: save what the previous timed run left (run K-1 ->
  # state-(K-1).txt), then recreate the empty database. So every timed run is
  # checked, and no tool runs outside hyperfine.
  {
    printf 'k=$(cat %s)\n' "$(q "$tmp/counter")"
    printf 'echo $((k + 1)) >%s\n' "$(q "$tmp/counter")"
    printf 'if [ "$k" -gt 0 ]; then bash %s >%s/state-$k.txt 2>&1 || true; fi\n' "$(q "$tmp/state.sh")" "$(q "$tmp")"
    printf 'bash %s\n' "$(q "$tmp/fresh.sh")"
  } >"$tmp/prepare.sh"
  prepare="bash $(q "$tmp/prepare.sh")"

  # The floor's scripts, from strata's own offline output.
  "$strata" -c strata/strata.yaml upgrade head --sql >"$tmp/$backend-per.sql" 2>/dev/null
  grep -v -x -e 'BEGIN;' -e 'COMMIT;' "$tmp/$backend-per.sql" >"$tmp/$backend-bare.sql"
  { echo 'BEGIN;'; cat "$tmp/$backend-bare.sql"; echo 'COMMIT;'; } >"$tmp/$backend-one.sql"
  [ "$(grep -c -x 'BEGIN;' "$tmp/$backend-per.sql")" = "$n" ] ||
    notes+=("$label: \`upgrade head --sql\` does not print one BEGIN per revision")

  for mode in per one; do
    if [ $mode = per ]; then
      what="transaction per migration"
      s_cmd="$(q "$strata") -c strata/strata.yaml upgrade head"
      a_cmd="$alembic -c alembic/alembic.ini upgrade head"
      if [ $backend = sqlite ]; then f_cmd="sqlite3 -bail $(q "$dbfile") $(q ".read $tmp/$backend-per.sql")"
      else f_cmd="psql -X -q -v ON_ERROR_STOP=1 -f $(q "$tmp/$backend-per.sql") $(q "$DATABASE_URL")"; fi
    else
      what="one transaction"
      s_cmd="$(q "$strata") -c strata/strata-one.yaml upgrade head"
      a_cmd="$alembic -c alembic/alembic.ini -x tpm=false upgrade head"
      if [ $backend = sqlite ]; then f_cmd="sqlite3 -bail $(q "$dbfile") $(q ".read $tmp/$backend-one.sql")"
      else f_cmd="psql -X -q -v ON_ERROR_STOP=1 -1 -f $(q "$tmp/$backend-bare.sql") $(q "$DATABASE_URL")"; fi
    fi

    echo "== $label, $what: upgrade head, $n revisions from empty" >&2
    echo 0 >"$tmp/counter"
    rm -f "$tmp"/state-*.txt
    hyperfine -N --runs "$runs" --prepare "$prepare" --export-json "$tmp/$backend-$mode.json" \
      -n strata "$s_cmd" -n alembic "$a_cmd" -n floor "$f_cmd" >&2
    bash "$tmp/state.sh" >"$tmp/state-$((3 * runs)).txt" 2>&1 || true

    # Every run left N tables (+ the version table), N indexes and the head;
    # the last run of each tool gives the schema compared across tools.
    tools=(strata alembic floor)
    for ((k = 1; k <= 3 * runs; k++)); do
      tool=${tools[$(((k - 1) / runs))]}
      got=$(head -n1 "$tmp/state-$k.txt" 2>/dev/null || true)
      [ "$got" = "$((n + 1)) $n $head_rev" ] ||
        notes+=("$label, $what: $tool run $(((k - 1) % runs + 1)) left '$got' (tables, indexes, version), expected '$((n + 1)) $n $head_rev'")
      [ $((k % runs)) -ne 0 ] || tail -n +2 "$tmp/state-$k.txt" >"$tmp/schema-$tool.txt"
    done
    [ -s "$tmp/schema-strata.txt" ] || notes+=("$label, $what: no schema read after strata's runs")
    cmp -s "$tmp/schema-strata.txt" "$tmp/schema-alembic.txt" ||
      notes+=("$label, $what: strata's schema differs from Alembic's ($(diff "$tmp/schema-strata.txt" "$tmp/schema-alembic.txt" | grep -c '^<' || true) lines)")
    cmp -s "$tmp/schema-strata.txt" "$tmp/schema-floor.txt" ||
      notes+=("$label, $what: strata's schema differs from the floor's")

    ts=$(median "$tmp/$backend-$mode.json" 0)
    ta=$(median "$tmp/$backend-$mode.json" 1)
    tf=$(median "$tmp/$backend-$mode.json" 2)
    rows+=("| upgrade head, $n revisions, $label, $what | $(fmt "$ts") | $(fmt "$ta") | $(fmt "$tf") | $(ratio "$ts" "$tf") | $(ratio "$ta" "$ts") |")
    eval "t_${backend}_${mode}=\$ts a_${backend}_${mode}=\$ta f_${backend}_${mode}=\$tf"
    if [ $backend = sqlite ]; then  # on PostgreSQL the work is the server's, not the client's
      cs=$(cpu "$tmp/$backend-$mode.json" 0); cf=$(cpu "$tmp/$backend-$mode.json" 2)
      cpu_notes+=("$label, $what: strata $(fmt "$cs"), floor $(fmt "$cf"): $(ratio "$cs" "$cf")")
      eval "c_${backend}_${mode}=\$(ratio \"\$cs\" \"\$cf\")"
    fi
  done

  # Nothing to do: the database is at head (left there by the floor's last run).
  echo "== $label: upgrade head with nothing to do" >&2
  if [ $backend = sqlite ]; then f_cmd="sqlite3 $(q "$dbfile") $(q "SELECT version_num FROM alembic_version")"
  else f_cmd="psql -X -q -At -c $(q "SELECT version_num FROM alembic_version") $(q "$DATABASE_URL")"; fi
  [ "$(sql "SELECT version_num FROM alembic_version")" = "$head_rev" ] || notes+=("$label: not at head before the no-op run")
  hyperfine -N --warmup 2 --runs 10 --export-json "$tmp/$backend-noop.json" \
    -n strata "$(q "$strata") -c strata/strata.yaml upgrade head" \
    -n alembic "$alembic -c alembic/alembic.ini upgrade head" -n floor "$f_cmd" >&2
  [ "$(sql "SELECT count(*) FROM alembic_version")" = 1 ] || notes+=("$label: the no-op runs changed the version table")
  ts=$(median "$tmp/$backend-noop.json" 0)
  ta=$(median "$tmp/$backend-noop.json" 1)
  tf=$(median "$tmp/$backend-noop.json" 2)
  rows+=("| upgrade head, nothing to do, $label | $(fmt "$ts") | $(fmt "$ta") | $(fmt "$tf") | $(ratio "$ts" "$tf") | $(ratio "$ta" "$ts") |")
  eval "t_${backend}_noop=\$ts"
done

over() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }
targets=("SQLite, one transaction: strata ≥ 10× faster than Alembic: $(check "$(over "$a_sqlite_one" "$t_sqlite_one")" '>=' 10)"
         "SQLite, one transaction: strata ≤ 2× the floor: $(check "$(over "$t_sqlite_one" "$f_sqlite_one")" '<=' 2) (CPU time: $c_sqlite_one)"
         "no-op on SQLite < 20 ms: $(check "$t_sqlite_noop" '<=' 0.02)")
if [ -n "${t_postgresql_per:-}" ]; then
  targets+=("PostgreSQL, transaction per migration: strata ≤ 1.25× the floor: $(check "$(over "$t_postgresql_per" "$f_postgresql_per")" '<=' 1.25)"
            "PostgreSQL, one transaction: strata ≤ 1.25× the floor: $(check "$(over "$t_postgresql_one" "$f_postgresql_one")" '<=' 1.25)"
            "no-op on PostgreSQL < 20 ms: $(check "$t_postgresql_noop" '<=' 0.02)")
  pg_version=$(psql -X -At "$admin_url" -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ' (fsync ' ||
    current_setting('fsync') || ', synchronous_commit ' || current_setting('synchronous_commit') || '), '" 2>/dev/null || true)
else
  notes+=("PostgreSQL not measured (BENCH_NO_PG=1)")
  pg_version=""
fi

{
  echo "| operation | strata | alembic | floor | strata/floor | alembic/strata |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Medians of $runs runs per upgrade (10 for the no-op), each upgrade from a fresh empty database;" \
       "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end;" \
       "SQLite $(sqlite3 --version | cut -d' ' -f1), ${pg_version}Alembic $($py -c 'import alembic; print(alembic.__version__)')," \
       "SQLAlchemy $($py -c 'import sqlalchemy; print(sqlalchemy.__version__)')."
  echo
  echo "CPU time (user + system, mean) on SQLite, strata/floor:"
  for c in "${cpu_notes[@]}"; do echo "- $c"; done
  echo
  echo "Targets:"
  for t in "${targets[@]}"; do echo "- $t"; done
  for note in "${notes[@]}"; do echo "- Note: $note"; done
} | tee "$here/out/upgrade.md"
