#!/usr/bin/env bash
# Runs every libFuzzer target of BUILD_DIR (built with -DSTRATA_FUZZ=ON, see
# the STRATA_FUZZ block of CMakeLists.txt) for SECONDS each, JOBS at a time
# (default 1), from its seed corpus tests/fuzz/corpus/NAME (read only: the inputs
# found go to a temporary folder, removed at the end). A crash, a leak, an
# uncaught exception, a timeout (1 s per input) or an OOM (512 MB) fails the
# target; the input that did it is kept as BUILD_DIR/fuzz-artifacts/NAME-*,
# and the log as BUILD_DIR/fuzz-logs/NAME.log. Prints one line per target
# (executions, coverage) and a last line "N passed, N failed"; exits 1 if any
# failed.
#   scripts/fuzz.sh BUILD_DIR SECONDS [JOBS]
set -uo pipefail
build=$1 seconds=$2 jobs=${3:-1}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/fuzz-artifacts" "$build/fuzz-logs"
# Leaks are findings; UBSan stops at the first report (-fno-sanitize-recover)
# and prints where.
export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:${UBSAN_OPTIONS:-}"
# Function names and lines in the reports: Debian's llvm-14 has the
# symbolizer under a versioned name only.
if ! command -v llvm-symbolizer >/dev/null && [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi

# One target: what to print in $work/NAME.result, "NAME: ok, ..." when it passed.
run_target() {
  local name=$1
  local binary="$build/${name}_fuzz" seeds="$root/tests/fuzz/corpus/$name" log="$build/fuzz-logs/$name.log"
  local result="$work/$name.result"
  if [ ! -x "$binary" ] || [ ! -d "$seeds" ]; then
    echo "$name: FAILED (no $binary or no $seeds)" >"$result"
    return
  fi
  mkdir -p "$work/$name"
  "$binary" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=512 -detect_leaks=1 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$name-" "$work/$name" "$seeds" >"$log" 2>&1
  local rc=$? runs cov
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  if [ "$rc" = 0 ]; then
    echo "$name: ok, ${runs:-0} executions in $seconds s (${cov:-no coverage line})" >"$result"
  else
    { echo "$name: FAILED (exit $rc) after ${runs:-0} executions; log $log:"
      grep -E 'ERROR|SUMMARY|Test unit written|deadly signal|uncaught|timeout|out-of-memory' "$log" | head -10 |
        sed 's/^/  /'; } >"$result"
  fi
}

names=()
for source in "$root"/tests/fuzz/*_fuzz.cpp; do names+=("$(basename "$source" _fuzz.cpp)"); done
# JOBS targets at a time, each on its own core for its SECONDS.
running=0
for name in "${names[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
  run_target "$name" &
  running=$((running + 1))
done
wait

passed=0 failed=0
for name in "${names[@]}"; do
  cat "$work/$name.result"
  if grep -q "^$name: ok," "$work/$name.result"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
