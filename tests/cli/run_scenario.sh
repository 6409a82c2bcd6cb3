#!/usr/bin/env bash
# Runs one CLI scenario (tests/cli/*.txt) against the built binary in a fresh
# temp folder: the executable form of SPEC.md. Scenario lines:
#   $ CMD            run CMD with bash (`strata` is the binary under test)
#   ? N              the previous command must exit with N (default 0)
#   > LINE           the previous command's stdout, line by line, exactly
#   >~ TEXT          stdout contains TEXT
#   2>~ TEXT         stderr contains TEXT
#   !>~ TEXT         stdout does not contain TEXT
#   -- file: PATH    the lines up to "-- end" are written to PATH
#   # ...            a comment
# Usage: run_scenario.sh STRATA_BINARY SCENARIO_FILE
set -uo pipefail
bin=$(realpath "$1")
scenario=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export STRATA_BIN="$bin"
unset STRATA_CONFIG
# Database scenarios (run_db_scenario.sh) pass DATABASE_URL and STRATA_TEST_BACKEND.
[ -n "${STRATA_TEST_BACKEND:-}" ] || unset DATABASE_URL

failures=0
cmd="" line_no=0 cmd_line=0 expected_rc=0 expected_out=() have_out=0
out_file="$work/.stdout" err_file="$work/.stderr"

fail() { echo "FAIL $(basename "$scenario"):$cmd_line: $cmd"; echo "  $*"; failures=$((failures + 1)); }

check_previous() {
  [ -n "$cmd" ] || return 0
  local rc
  rc=$(cat "$work/.rc")
  if [ "$rc" != "$expected_rc" ]; then
    fail "exit code $rc, expected $expected_rc"; sed 's/^/  stderr: /' "$err_file" | head -5
  fi
  if [ "$have_out" = 1 ]; then
    local want
    want=$(printf '%s\n' "${expected_out[@]}")
    if [ "$(cat "$out_file")" != "$want" ]; then
      fail "stdout differs:"; diff <(printf '%s\n' "$want") "$out_file" | sed 's/^/    /' | head -20
    fi
  fi
  cmd="" expected_rc=0 expected_out=() have_out=0
}

run() {
  cmd="$1" cmd_line=$line_no
  # shellcheck disable=SC2016
  # `dbq SQL` queries the scenario's database: sqlite3, psql or mariadb, rows as a|b.
  bash -c 'strata() { "$STRATA_BIN" "$@"; }
    dbq() {
      if [ "${STRATA_TEST_BACKEND:-sqlite}" = postgresql ]; then psql -X -A -t -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "$1"
      elif [ "${STRATA_TEST_BACKEND:-sqlite}" = mysql ]; then
        mariadb --no-defaults -h "$STRATA_TEST_MYSQL_HOST" -P "$STRATA_TEST_MYSQL_PORT" -u strata -pstrata-test-pw \
          -N -B "$STRATA_TEST_MYSQL_DB" -e "$1" | tr "\t" "|"; return "${PIPESTATUS[0]}"
      else sqlite3 -batch app.db "$1" || return 1; fi  # any failure is exit 1, as with psql
    }
    export -f strata dbq; eval "$1"' _ "$cmd" >"$out_file" 2>"$err_file"
  echo $? >"$work/.rc"
}

writing="" content=""
while IFS= read -r line || [ -n "$line" ]; do
  line_no=$((line_no + 1))
  if [ -n "$writing" ]; then
    if [ "$line" = "-- end" ]; then
      mkdir -p "$(dirname "$writing")"; printf '%s' "$content" >"$writing"; writing=""
    else
      content+="$line"$'\n'
    fi
    continue
  fi
  case "$line" in
    '$ '*) check_previous; run "${line:2}" ;;
    '? '*) expected_rc="${line:2}" ;;
    '>~ '*) grep -qF -- "${line:3}" "$out_file" || fail "stdout lacks: ${line:3}" ;;
    '!>~ '*) grep -qF -- "${line:4}" "$out_file" && fail "stdout has: ${line:4}" ;;
    '2>~ '*) grep -qF -- "${line:4}" "$err_file" || { fail "stderr lacks: ${line:4}"; sed 's/^/  stderr: /' "$err_file" | head -5; } ;;
    '>') have_out=1; expected_out+=("") ;;
    '> '*) have_out=1; expected_out+=("${line:2}") ;;
    '-- file: '*) check_previous; writing="${line:9}" content="" ;;
    '#'*|'') ;;
    *) echo "$(basename "$scenario"):$line_no: cannot read scenario line: $line"; exit 2 ;;
  esac
done <"$scenario"
check_previous
if [ "$failures" -gt 0 ]; then echo "$failures failure(s) in $(basename "$scenario")"; exit 1; fi
echo "ok $(basename "$scenario")"
