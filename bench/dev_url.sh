#!/usr/bin/env bash
# Benchmarks `strata check --dev-url sqlite://` on a project of many revisions.
#
#   ./bench/dev_url.sh build/strata
#
# bench/gen_upgrade.py writes BENCH_REVISIONS (default 300) revisions, each
# creating a table of four columns and an index. The models are what the
# migrations build, as `strata inspect` prints them from a database upgraded
# to head, so the check is clean. Measured as whole processes with hyperfine
# (median wall time):
#   strata check --dev-url sqlite://   upgrade head on an in-memory scratch
#                                      database, reflect it, compare
#   strata upgrade head                onto a new SQLite file, one transaction
#                                      (strata-one.yaml): the migrations alone,
#                                      for scale
#   strata check                       against that upgraded file: reading the
#                                      models and comparing, without building
# Target: check --dev-url under 1 s on 300 revisions.
# BENCH_RUNS (default 10). Prints a Markdown table and writes it to
# bench/out/dev_url.md. SQLite only: no server needed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
strata=$(realpath "${1:?usage: $0 path/to/strata}")
n=${BENCH_REVISIONS:-300}
runs=${BENCH_RUNS:-10}
py=/usr/bin/python3
unset PYTHONPATH PYTHONHOME
STRATA_BENCH_DEPS=1 "$here/../scripts/install-deps.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/out"
notes=()
median() { $py -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"; }
fmt() { awk -v s="$1" 'BEGIN { if (s >= 1) printf "%.2f s", s; else printf "%.1f ms", s * 1000 }'; }

echo "== generating $n revisions" >&2
$py "$here/gen_upgrade.py" "$n" "$tmp/p" >/dev/null
cd "$tmp/p/strata"
export DATABASE_URL="sqlite:///$tmp/head.db"
for f in strata.yaml strata-one.yaml; do printf 'models: models.yaml\n' >>"$f"; done
"$strata" -c strata-one.yaml upgrade head 2>/dev/null
"$strata" inspect -o models.yaml 2>/dev/null
got=$(grep -c '^  - name: ' models.yaml)
[ "$got" = "$n" ] || notes+=("models.yaml has $got tables, expected $n")

"$strata" check --dev-url sqlite:// >"$tmp/check.out" 2>&1 ||
  notes+=("\`check --dev-url sqlite://\` is not clean: $(head -c 300 "$tmp/check.out")")
"$strata" check >"$tmp/check.out" 2>&1 || notes+=("\`check\` against the upgraded file is not clean: $(head -c 300 "$tmp/check.out")")

echo "== check --dev-url sqlite:// / upgrade head / check" >&2
hyperfine -N --warmup 1 --runs "$runs" --export-json "$tmp/dev.json" -n "check --dev-url" "$strata check --dev-url sqlite://" >&2
hyperfine --warmup 1 --runs "$runs" --export-json "$tmp/up.json" -n "upgrade head" \
  --prepare "rm -f $tmp/fresh.db" "DATABASE_URL=sqlite:///$tmp/fresh.db $strata -c strata-one.yaml upgrade head" >&2
hyperfine -N --warmup 1 --runs "$runs" --export-json "$tmp/check.json" -n check "$strata check" >&2
t_dev=$(median "$tmp/dev.json"); t_up=$(median "$tmp/up.json"); t_check=$(median "$tmp/check.json")

{
  echo "| $n revisions, SQLite | median |"
  echo "| --- | --- |"
  echo "| \`strata check --dev-url sqlite://\` (builds the scratch database in memory) | $(fmt "$t_dev") |"
  echo "| \`strata upgrade head\` onto a new file, one transaction | $(fmt "$t_up") |"
  echo "| \`strata check\` against the upgraded file | $(fmt "$t_check") |"
  echo
  echo "Medians of $runs runs after one warm-up, whole processes (upgrade head through a shell, for --prepare);" \
       "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
  echo
  echo "Target: check --dev-url < 1 s: $(awk -v v="$t_dev" 'BEGIN { print (v < 1 ? "met" : "**MISSED**") }')."
  for note in "${notes[@]}"; do echo "- Note: $note"; done
} | tee "$here/out/dev_url.md"
