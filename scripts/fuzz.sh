#!/usr/bin/env bash
# Runs every libFuzzer target of BUILD_DIR (built with -DSTRATA_FUZZ=ON, see
# the STRATA_FUZZ block of CMakeLists.txt) for SECONDS each, one after the
# other, from its seed corpus tests/fuzz/corpus/NAME (read only: the inputs
# found go to a temporary folder, removed at the end). A crash, a leak, an
# uncaught exception, a timeout (1 s per input) or an OOM (512 MB) fails the
# target; the input that did it is kept as BUILD_DIR/fuzz-artifacts/NAME-*,
# and the log as BUILD_DIR/fuzz-logs/NAME.log. Prints one line per target
# (executions, coverage) and a last line "N passed, N failed"; exits 1 if any
# failed.
#   scripts/fuzz.sh BUILD_DIR SECONDS
set -uo pipefail
build=$1 seconds=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/fuzz-artifacts" "$build/fuzz-logs"
# Leaks are findings; UBSan stops at the first report (-fno-sanitize-recover)
# and prints where.
export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:${UBSAN_OPTIONS:-}"

passed=0 failed=0
for source in "$root"/tests/fuzz/*_fuzz.cpp; do
  name=$(basename "$source" _fuzz.cpp)
  binary="$build/${name}_fuzz" seeds="$root/tests/fuzz/corpus/$name" log="$build/fuzz-logs/$name.log"
  if [ ! -x "$binary" ] || [ ! -d "$seeds" ]; then
    echo "$name: FAILED (no $binary or no $seeds)"
    failed=$((failed + 1))
    continue
  fi
  mkdir -p "$work/$name"
  "$binary" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=512 -detect_leaks=1 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$name-" "$work/$name" "$seeds" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  if [ "$rc" = 0 ]; then
    echo "$name: ok, ${runs:-0} executions in ${seconds} s (${cov:-no coverage line})"
    passed=$((passed + 1))
  else
    echo "$name: FAILED (exit $rc) after ${runs:-0} executions; log $log:"
    grep -E 'ERROR|SUMMARY|Test unit written|deadly signal|uncaught|timeout|out-of-memory' "$log" | head -10 | sed 's/^/  /'
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
