#!/usr/bin/env bash
# strata's own time beside the floor: the same work with no tool (issue 14).
#
#   ./bench/floor.sh build/strata
#
# Measured as whole processes with hyperfine (medians), files in the page
# cache, no server:
#   upgrade head --sql of 1,000 revisions (bench/gen_upgrade.py)
#       floor: listing and reading the same files (bench/read_floor.c: readdir,
#       qsort, read each whole);
#   history and heads of 10,000 revisions (bench/gen_graph.py), and the peak
#       memory of history
#       floor: the same listing and reading;
#   --version, --help, history of 10 revisions, SQLite current
#       floor: /bin/true.
# Prints a Markdown table with each target of issue 14 and writes it to
# bench/out/floor.md. About a minute on an idle machine.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
strata=$(realpath "${1:?usage: $0 path/to/strata}")
py=/usr/bin/python3
STRATA_BENCH_DEPS=1 "$here/../scripts/install-deps.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/out"
# The floor of reading a folder: list, sort, read each file (bench/read_floor.c).
cc -O2 -o "$tmp/read_floor" "$here/read_floor.c"
floor=$tmp/read_floor

median() { $py -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "$2"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
met() { awk -v v="$1" -v max="$2" 'BEGIN { print (v <= max ? "met" : "**not yet**") }'; }

rows=()
# row LABEL FLOOR-LABEL TARGET-RATIO|TARGET-SECONDS JSON: strata is run 0, the floor run 1.
row() {
  local ts tf
  ts=$(median "$4" 0); tf=$(median "$4" 1)
  case "$3" in
    *x) rows+=("| $1 | $(ms "$ts") | $2: $(ms "$tf") | $(ratio "$ts" "$tf") | ≤ ${3%x}× the floor: $(met "$(awk -v a="$ts" -v b="$tf" 'BEGIN { print a / b }')" "${3%x}") |") ;;
    *) rows+=("| $1 | $(ms "$ts") | $2: $(ms "$tf") | $(ratio "$ts" "$tf") | ≤ $(ms "$3"): $(met "$ts" "$3") |") ;;
  esac
}

echo "== 1,000 revisions: upgrade head --sql" >&2
$py "$here/gen_upgrade.py" 1000 "$tmp/up" >/dev/null
(
  cd "$tmp/up/strata"
  export DATABASE_URL="sqlite:///$tmp/up/app.db"
  # The script must be the whole run: 1,000 version-row updates.
  [ "$("$strata" upgrade head --sql 2>/dev/null | grep -c '^UPDATE "alembic_version"')" -ge 999 ] || { echo "floor.sh: --sql printed no full run" >&2; exit 1; }
  hyperfine -N --warmup 3 --runs 30 --export-json "$tmp/sql.json" \
    "$strata upgrade head --sql" "$floor migrations/versions" >&2
)
row "\`upgrade head --sql\`, 1,000 revisions" "listing and reading the files" 3x "$tmp/sql.json"

echo "== 10,000 revisions: history, heads" >&2
$py "$here/gen_graph.py" 10000 "$tmp/g" >/dev/null
(
  cd "$tmp/g"
  for cmd in history heads; do
    hyperfine -N --warmup 2 --runs 15 --export-json "$tmp/$cmd.json" \
      "$strata -c strata/strata.yaml $cmd" "$floor strata/migrations/versions" >&2
  done
)
row "\`history\`, 10,000 revisions" "listing and reading the files" 1.5x "$tmp/history.json"
row "\`heads\`, 10,000 revisions" "listing and reading the files" 1.5x "$tmp/heads.json"
rss=$(cd "$tmp/g" && /usr/bin/time -f %M "$strata" -c strata/strata.yaml history 2>&1 >/dev/null | tail -1)

echo "== start-up" >&2
mkdir -p "$tmp/small"
(
  cd "$tmp/small"
  unset DATABASE_URL  # strata.yaml's default: sqlite:///app.db here
  "$strata" init migrations >/dev/null
  for i in $(seq 1 10); do "$strata" revision -m "step $i" >/dev/null; done
  "$strata" upgrade head 2>/dev/null
  for args in "--version" "--help" "history" "current"; do
    hyperfine -N --warmup 10 --runs 100 --export-json "$tmp/start-${args#--}.json" "$strata $args" /bin/true >&2
  done
)
row "\`--version\`" "/bin/true" 0.002 "$tmp/start-version.json"
row "\`--help\`" "/bin/true" 0.002 "$tmp/start-help.json"
row "\`history\`, 10 revisions" "/bin/true" 0.002 "$tmp/start-history.json"
row "SQLite \`current\`" "/bin/true" 0.002 "$tmp/start-current.json"

{
  echo "| workload | strata (median) | floor (median) | strata / floor | target |"
  echo "| --- | --: | --: | --: | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Peak RSS of \`history\` on 10,000 revisions: $(awk -v k="$rss" 'BEGIN { printf "%.1f MiB", k / 1024 }') (target ≤ 16 MiB: $(met "$rss" 16384))."
} | tee "$here/out/floor.md"
