#!/usr/bin/env bash
# Benchmarks `strata inspect` and `strata check` on a large PostgreSQL schema.
#
#   ./bench/inspect.sh build/strata
#
# The schema (BENCH_TABLES, default 1,000 tables), loaded with psql in
# pg_dump's order: table tNNNN has seven columns (serial id, name
# varchar(100), email varchar(255), created_at timestamptz default now(),
# score numeric(10,2), a_id and b_id integer), three indexes (name, unique
# email, created_at) and two foreign keys, a_id -> the previous table and
# b_id -> the one before it (wrapping round, so every table has both), added
# with ALTER TABLE ONLY after all tables. Measured as whole processes with
# hyperfine (median wall time):
#   strata inspect -o models.yaml     the live schema as models
#   strata check                      against those models (must be clean)
#   the floor                         the very catalog queries strata sent,
#                                     replayed by one `psql -f` session
#   SQLAlchemy + Alembic              MetaData.reflect() (what inspect does)
#                                     and compare_metadata against the
#                                     reflected MetaData (what check does);
#                                     BENCH_ALEMBIC=0 leaves it out
# Catalog queries are counted on the server: strata runs once with
# PGOPTIONS="-c log_statement=all" and the statements its session logged are
# read back from the server log (SET and DEALLOCATE of its prepared
# statements are not queries and are not counted). The count must not grow
# with the number of tables: it is also taken on a tenth of the schema.
# Target: inspect and check each under 0.3 s on 1,000 tables.
#
# PostgreSQL: the server of $STRATA_TEST_PG_URL, whose log is at
# $STRATA_TEST_PG_DATA/../server.log (scripts/pg-cluster.sh); when unset, a
# throwaway cluster is started with scripts/with-pg.sh. BENCH_RUNS (default
# 10). Prints a Markdown table and writes it to bench/out/inspect.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${STRATA_TEST_PG_URL:-}" ] && [ -z "${BENCH_IN_WITH_PG:-}" ]; then
  echo "== STRATA_TEST_PG_URL is not set: starting a throwaway PostgreSQL (scripts/with-pg.sh)" >&2
  BENCH_IN_WITH_PG=1 exec "$here/../scripts/with-pg.sh" "$0" "$@"
fi
strata=$(realpath "${1:?usage: $0 path/to/strata}")
n=${BENCH_TABLES:-1000}
runs=${BENCH_RUNS:-10}
py=/usr/bin/python3
unset PYTHONPATH PYTHONHOME
STRATA_BENCH_DEPS=1 "$here/../scripts/install-deps.sh"

log="$(dirname "${STRATA_TEST_PG_DATA:?STRATA_TEST_PG_DATA names the cluster (scripts/pg-cluster.sh)}")/server.log"
[ -r "$log" ] || { echo "cannot read the server log $log" >&2; exit 1; }
admin_url=${STRATA_TEST_PG_ADMIN_URL:-$STRATA_TEST_PG_URL}
tmp=$(mktemp -d)
dbs=()
cleanup() {
  for db in "${dbs[@]}"; do psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
export PGOPTIONS="-c client_min_messages=warning"
mkdir -p "$here/out"
notes=()

median() { $py -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"; }
fmt() { awk -v s="$1" 'BEGIN { if (s >= 1) printf "%.2f s", s; else printf "%.1f ms", s * 1000 }'; }
met() { awk -v v="$1" -v lim="$2" 'BEGIN { print (v < lim ? "met" : "**MISSED**") }'; }

# schema N: the dump of N tables, on stdout.
schema() {
  awk -v n="$1" 'BEGIN {
    print "SET client_min_messages = warning;"
    print "SELECT pg_catalog.set_config(\x27search_path\x27, \x27\x27, false);"
    for (i = 1; i <= n; i++) {
      t = sprintf("t%04d", i)
      printf "CREATE TABLE public.%s (\n    id integer NOT NULL,\n    name character varying(100) NOT NULL,\n", t
      printf "    email character varying(255) NOT NULL,\n    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
      printf "    score numeric(10,2),\n    a_id integer,\n    b_id integer\n);\n"
      printf "CREATE SEQUENCE public.%s_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;\n", t
      printf "ALTER SEQUENCE public.%s_id_seq OWNED BY public.%s.id;\n", t, t
      printf "ALTER TABLE ONLY public.%s ALTER COLUMN id SET DEFAULT nextval(\x27public.%s_id_seq\x27::regclass);\n", t, t
    }
    for (i = 1; i <= n; i++) {
      t = sprintf("t%04d", i)
      printf "ALTER TABLE ONLY public.%s ADD CONSTRAINT %s_pkey PRIMARY KEY (id);\n", t, t
      printf "CREATE INDEX ix_%s_name ON public.%s USING btree (name);\n", t, t
      printf "CREATE UNIQUE INDEX ix_%s_email ON public.%s USING btree (email);\n", t, t
      printf "CREATE INDEX ix_%s_created_at ON public.%s USING btree (created_at);\n", t, t
    }
    for (i = 1; i <= n; i++) {
      t = sprintf("t%04d", i); a = sprintf("t%04d", (i + n - 2) % n + 1); b = sprintf("t%04d", (i + n - 3) % n + 1)
      printf "ALTER TABLE ONLY public.%s ADD CONSTRAINT fk_%s_a_id_%s FOREIGN KEY (a_id) REFERENCES public.%s(id);\n", t, t, a, a
      printf "ALTER TABLE ONLY public.%s ADD CONSTRAINT fk_%s_b_id_%s FOREIGN KEY (b_id) REFERENCES public.%s(id) ON DELETE SET NULL;\n", t, t, b, b
    }
  }'
}

# project N: a database of N tables and a strata project on it, in $tmp/N.
project() {
  local db="strata_bench_inspect_${1}_$$"
  dbs+=("$db")
  psql -X -q -v ON_ERROR_STOP=1 "$admin_url" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  local base=${admin_url%%\?*}
  url="${base%/*}/$db"
  schema "$1" | psql -X -q -v ON_ERROR_STOP=1 "$url" >/dev/null
  mkdir -p "$tmp/$1/migrations/versions"
  printf 'script_location: migrations\ndatabase_url: "%s"\nmodels: models.yaml\n' "$url" >"$tmp/$1/strata.yaml"
}

# logged DIR CMD...: runs CMD in DIR with every statement logged; writes the
# queries the session sent to $tmp/queries.sql and prints how many.
logged() {
  local dir=$1; shift
  local start; start=$(($(wc -l <"$log") + 1))
  (cd "$dir" && PGOPTIONS="$PGOPTIONS -c log_statement=all" "$@" >/dev/null 2>&1) || return 1
  sleep 0.2
  tail -n +"$start" "$log" | $py -c '
import re, sys
entries, cur = [], None
for line in sys.stdin:
    m = re.match(r"^\S+ \S+ \S+ \[\d+\] (\w+):  (.*)", line.rstrip("\n"))
    if m:
        cur = [m.group(1), m.group(2)]
        entries.append(cur)
    elif cur is not None:
        cur[1] += "\n" + line.rstrip("\n")
queries = []
for level, text in entries:
    m = re.match(r"(?:statement|execute [^:]*): (.*)", text, re.S)
    if level != "LOG" or not m:
        continue
    sql = m.group(1).strip()
    if re.match(r"(SET|DEALLOCATE)\b", sql, re.I):
        continue
    queries.append(sql.rstrip(";") + ";")
open(sys.argv[1], "w").write("\n".join(queries) + "\n")
print(len(queries))
' "$tmp/queries.sql"
}

echo "== loading $n tables with psql (and $((n / 10)) for the query count)" >&2
project $((n / 10)); small_url=$url
project "$n"; cd "$tmp/$n"
got=$(psql -X -At "$url" -c "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') || ' ' ||
  (SELECT count(*) FROM pg_indexes WHERE schemaname = 'public') || ' ' || (SELECT count(*) FROM pg_constraint WHERE contype = 'f')")
[ "$got" = "$n $((4 * n)) $((2 * n))" ] || notes+=("the schema has '$got' tables, indexes, foreign keys; expected '$n $((4 * n)) $((2 * n))'")

"$strata" inspect -o models.yaml 2>/dev/null
"$strata" check >"$tmp/check.out" 2>&1 || notes+=("\`strata check\` against the inspected models is not clean: $(head -c 300 "$tmp/check.out")")
# The version table, so that check reaches the comparison: at base, no revisions.
small_dir="$tmp/$((n / 10))"
(cd "$small_dir" && "$strata" inspect -o models.yaml 2>/dev/null)

q_inspect=$(logged "$tmp/$n" "$strata" inspect -o /dev/null); cp "$tmp/queries.sql" "$tmp/inspect-queries.sql"
q_check=$(logged "$tmp/$n" "$strata" check)
q_inspect_small=$(logged "$small_dir" "$strata" inspect -o /dev/null)
q_check_small=$(logged "$small_dir" "$strata" check)
[ "$q_inspect" = "$q_inspect_small" ] || notes+=("inspect sends $q_inspect catalog queries on $n tables but $q_inspect_small on $((n / 10)): not constant")
[ "$q_check" = "$q_check_small" ] || notes+=("check sends $q_check queries on $n tables but $q_check_small on $((n / 10)): not constant")

echo "== strata inspect / check / the floor" >&2
hyperfine -N --warmup 1 --runs "$runs" --export-json "$tmp/inspect.json" -n inspect "$strata inspect -o $tmp/out.yaml" >&2
hyperfine -N --warmup 1 --runs "$runs" --export-json "$tmp/check.json" -n check "$strata check" >&2
hyperfine -N --warmup 1 --runs "$runs" --export-json "$tmp/floor.json" -n floor \
  "psql -X -q -o /dev/null -f $tmp/inspect-queries.sql $url" >&2
t_inspect=$(median "$tmp/inspect.json"); t_check=$(median "$tmp/check.json"); t_floor=$(median "$tmp/floor.json")
cmp -s "$tmp/out.yaml" models.yaml || notes+=("two runs of inspect wrote different files")

alembic_rows=()
if [ "${BENCH_ALEMBIC:-1}" = 1 ]; then
  echo "== SQLAlchemy reflect + Alembic compare_metadata (one run each)" >&2
  cat >"$tmp/alembic_bench.py" <<'EOF'
import sys, threading, time
def main():
    t0 = time.perf_counter()
    import sqlalchemy as sa
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    engine = sa.create_engine(sys.argv[1].replace("postgresql://", "postgresql+psycopg2://", 1))
    with engine.connect() as conn:
        md = sa.MetaData()
        md.reflect(conn)
        t1 = time.perf_counter()
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        diff = compare_metadata(ctx, md)
        t2 = time.perf_counter()
    print("%d %.3f %.3f %d" % (len(md.tables), t1 - t0, t2 - t1, len(diff)))
sys.setrecursionlimit(100000)
threading.stack_size(1 << 30)
th = threading.Thread(target=main); th.start(); th.join()
EOF
  if out=$($py "$tmp/alembic_bench.py" "$url" 2>"$tmp/alembic.err"); then
    read -r a_tables a_reflect a_compare a_diffs <<<"$out"
    alembic_rows+=("| SQLAlchemy \`MetaData.reflect()\` (imports included) | $(fmt "$a_reflect") | $(awk -v a="$a_reflect" -v b="$t_inspect" 'BEGIN { printf "%.0f×", a / b }') |")
    alembic_rows+=("| Alembic \`compare_metadata\` against the reflected MetaData (after the reflect) | $(fmt "$a_compare") | $(awk -v a="$a_compare" -v b="$t_check" 'BEGIN { printf "%.0f×", a / b }') |")
    [ "$a_tables" = "$n" ] || notes+=("SQLAlchemy reflected $a_tables tables, not $n")
    [ "$a_diffs" = 0 ] || notes+=("Alembic found $a_diffs differences between the database and its own reflection (its false differences)")
  else
    notes+=("the SQLAlchemy/Alembic run failed: $(tail -c 300 "$tmp/alembic.err")")
  fi
fi

pg_version=$(psql -X -At "$admin_url" -c "SELECT current_setting('server_version')")
{
  echo "| $n tables, 3 indexes and 2 foreign keys each (PostgreSQL $pg_version) | median | vs strata |"
  echo "| --- | --- | --- |"
  echo "| \`strata inspect -o models.yaml\` | $(fmt "$t_inspect") | |"
  echo "| \`strata check\` against the inspected models (clean) | $(fmt "$t_check") | |"
  echo "| floor: strata's $q_inspect catalog queries replayed by \`psql -f\` | $(fmt "$t_floor") | |"
  printf '%s\n' "${alembic_rows[@]}"
  echo
  echo "Catalog queries (counted in the server log, log_statement=all): inspect $q_inspect, check $q_check" \
       "(the version table and the same reflection), the same on $((n / 10)) tables."
  echo "Medians of $runs runs after one warm-up, whole processes; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
  echo
  echo "Target: inspect < 0.3 s: $(met "$t_inspect" 0.3); check < 0.3 s: $(met "$t_check" 0.3)."
  for note in "${notes[@]}"; do echo "- Note: $note"; done
} | tee "$here/out/inspect.md"
