#!/usr/bin/env bash
# Times `strata import alembic` on an Alembic project of 1,000 revisions
# whose bodies Alembic's autogenerate wrote (bench/gen_alembic.py), then
# `history` on the imported project beside Alembic's own `history` on the
# original (the imported files are ordinary strata revisions, so every other
# command runs as on a native project: bench/run.sh and upgrade.sh).
#
#   ./bench/import.sh build/strata [N]
#
# Target: the import of 1,000 revisions under 1 s. Prints a Markdown table
# and writes it to bench/out/import.md. Needs hyperfine (installed by
# scripts/install-deps.sh with STRATA_BENCH_DEPS=1).
set -euo pipefail

strata=$(realpath "${1:?usage: $0 path/to/strata [N]}")
n=${2:-1000}
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
STRATA_BENCH_DEPS=1 "$here/../scripts/install-deps.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/out"
cd "$tmp"
mkdir alembic_project
env -u PYTHONPATH "$py" "$here/gen_alembic.py" "$tmp/alembic_project/alembic" "$n"

median() { $py -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "$2"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }

# Each import needs a folder without a project: hyperfine's --prepare makes one.
hyperfine -N --warmup 1 --runs 10 --export-json import.json \
  --prepare "bash -c 'rm -rf $tmp/strata_project && mkdir $tmp/strata_project'" \
  "bash -c 'cd $tmp/strata_project && $strata import alembic $tmp/alembic_project/alembic.ini > /dev/null'" >&2
import_s=$(median import.json 0)

# The imported project stays for the listing and offline upgrade timings.
rm -rf strata_project && mkdir strata_project
(cd strata_project && "$strata" import alembic "$tmp/alembic_project/alembic.ini" > /dev/null)
hyperfine -N --warmup 1 --runs 10 --export-json history.json \
  "$strata -c $tmp/strata_project/strata.yaml history" \
  "bash -c 'cd $tmp/alembic_project && env -u PYTHONPATH $py -m alembic history > /dev/null'" >&2
{
  echo "| $n Alembic revisions | strata | Alembic |"
  echo "| --- | --: | --: |"
  echo "| \`import alembic\` | $(ms "$import_s") | — |"
  echo "| \`history\` (imported / original) | $(ms "$(median history.json 0)") | $(ms "$(median history.json 1)") |"
} | tee "$here/out/import.md"
