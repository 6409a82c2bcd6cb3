#!/usr/bin/env bash
# Benchmarks strata against Alembic on generated revision graphs.
#
#   ./bench/run.sh build/strata        (or: make bench)
#
# Measures, as whole processes with hyperfine (median wall time):
#   strata history / heads  vs  alembic history / heads, on 1,000 and 10,000
#   revisions (bench/gen_graph.py: linear, with a merged 2-way fork every 500);
#   strata --version alone; and the peak memory (max RSS, /usr/bin/time) of
#   strata history on 10,000 revisions.
# Targets: history and heads of 10,000 < 200 ms, --version < 5 ms, max RSS
# of each < 64 MiB.
# It also checks that both tools print the same heads and the same history.
# Prints a Markdown table and writes it to bench/out/results.md. Installs
# missing Debian packages (hyperfine, time, python3-alembic). Under a minute.
set -euo pipefail

strata=$(realpath "${1:?usage: $0 path/to/strata}")
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3                 # Debian's python, the one with alembic
alembic="$py -m alembic"

# hyperfine, /usr/bin/time, sqlite3, psql and Debian's Alembic: the project's
# own installer (idempotent; fast when everything is there).
STRATA_BENCH_DEPS=1 "$(dirname "$0")/../scripts/install-deps.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/out"
notes=()

# median NAME.json INDEX -> seconds
median() { $py -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "$2"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }

rows=()
declare -A t10k rss
for n in 1000 10000; do
  echo "== $n revisions: generating" >&2
  $py "$here/gen_graph.py" "$n" "$tmp/$n"
  cd "$tmp/$n"
  s="$strata -c strata/strata.yaml"
  a="$alembic -c alembic/alembic.ini"

  # The two projects must describe the same graph.
  cmp -s <($s heads) <($a heads) || notes+=("heads differ on $n revisions")
  $s history >s.txt; $a history >a.txt
  if ! cmp -s s.txt a.txt; then
    if cmp -s <(sort s.txt) <(sort a.txt); then
      notes+=("history on $n revisions: same lines, in another order at merges (diff: $(diff s.txt a.txt | grep -c '^<' || true) lines)")
    else
      notes+=("history differs on $n revisions (not only in order)")
    fi
  fi

  runs=$([ "$n" -le 1000 ] && echo 10 || echo 5)
  for cmd in history heads; do
    echo "== $n revisions: $cmd" >&2
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$cmd.json" \
      "$s $cmd" "$a $cmd" >&2
    ts=$(median "$cmd.json" 0); ta=$(median "$cmd.json" 1)
    rows+=("| \`$cmd\` | $n | $(ms "$ts") | $(ms "$ta") | $(ratio "$ta" "$ts") |")
    [ "$n" = 10000 ] && t10k[$cmd]=$ts
  done
done

echo "== --version and peak memory" >&2
hyperfine -N --warmup 5 --runs 50 --export-json "$tmp/version.json" "$strata --version" >&2
tv=$(median "$tmp/version.json" 0)
rows+=("| \`--version\` | – | $(ms "$tv") | – | – |")
for cmd in history heads; do
  rss[$cmd]=$(cd "$tmp/10000" && /usr/bin/time -f %M "$strata" -c strata/strata.yaml $cmd 2>&1 >/dev/null | tail -1)
done
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

check() { awk -v v="$1" -v max="$2" 'BEGIN { print (v < max ? "met" : "**MISSED**") }'; }
{
  echo "| command | revisions | strata (median) | alembic (median) | alembic/strata |"
  echo "| --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Max RSS on 10000 revisions: \`history\` $(mib "${rss[history]}"), \`heads\` $(mib "${rss[heads]}")."
  echo
  echo "Targets: history of 10000 < 200 ms $(check "${t10k[history]}" 0.2);" \
       "heads of 10000 < 200 ms $(check "${t10k[heads]}" 0.2);" \
       "--version < 5 ms $(check "$tv" 0.005);" \
       "max RSS < 64 MiB $(check "$(( ${rss[history]} > ${rss[heads]} ? ${rss[history]} : ${rss[heads]} ))" 65536)."
  for note in "${notes[@]}"; do echo "- Note: $note"; done
} | tee "$here/out/results.md"
