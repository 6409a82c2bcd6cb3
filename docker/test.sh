#!/usr/bin/env bash
# `make docker-test`: builds the image of docker/Dockerfile and uses it the way
# a team does, against a real PostgreSQL on the host's loopback.
#
#   docker/test.sh                 (from anywhere; as root, or a docker user)
#
# 1. the base images (docker/make-base-image.sh: debootstrap where nothing
#    can be pulled), then the image itself, with BuildKit, host network;
# 2. the image: its size, every shared library found (ldd) and neither
#    client library linked, both opened (a connection to a closed port
#    fails on the port), --version, a non-root default user;
# 3. a throwaway PostgreSQL (scripts/with-pg.sh, 127.0.0.1 only), then in
#    containers on the host network, as a uid that is not root and on the
#    example project (docker/example) mounted read-only: upgrade head,
#    current, check, lint; check's exit 3 on a project whose models drifted.
#
# Host networking only: no bridge network is created, nothing listens beyond
# 127.0.0.1. Any failed assertion stops the script with a message, exit 1.
#
# DOCKER: the docker client (default /usr/bin/docker, else docker on PATH).
# IMAGE: the tag built and tested (default strata:test).
# JOBS: compile jobs inside the build (default 2).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
DOCKER=${DOCKER:-$(command -v /usr/bin/docker || command -v docker)}
IMAGE=${IMAGE:-strata:test}
JOBS=${JOBS:-2}
# Not root and not the image's own user (10001): `docker run --user "$(id -u)"`
# is how teams keep the files strata writes theirs.
RUN_USER=4242:4242

fail() { echo "docker-test: FAIL: $*" >&2; exit 1; }
step() { echo "docker-test: $*"; }

# run_in WANT_RC NAME DOCKER_RUN_ARGS... -- runs a container and keeps its
# stdout and stderr in $out/NAME.out and $out/NAME.err; fails unless the exit
# code is WANT_RC.
run_in() {
  local want=$1 name=$2 rc=0
  shift 2
  "$DOCKER" run --rm --network host "$@" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
  if [ "$rc" != "$want" ]; then
    echo "--- stdout of $name:" >&2; cat "$out/$name.out" >&2
    echo "--- stderr of $name:" >&2; cat "$out/$name.err" >&2
    fail "$name exited $rc, expected $want"
  fi
}
# expect_line NAME STREAM LINE: the exact line is in NAME's out or err.
expect_line() {
  grep -qxF -- "$3" "$out/$1.$2" || {
    echo "--- $2 of $1:" >&2; cat "$out/$1.$2" >&2
    fail "$1: no line '$3' in its $2"
  }
}
# expect_no NAME STREAM TEXT: TEXT appears nowhere in NAME's out or err.
expect_no() {
  if grep -qF -- "$3" "$out/$1.$2"; then
    echo "--- $2 of $1:" >&2; cat "$out/$1.$2" >&2
    fail "$1: '$3' in its $2"
  fi
}

# The part that needs the database: run by scripts/with-pg.sh, which exports
# STRATA_TEST_PG_URL and stops the server whatever happens here.
database_checks() {
  local url=${STRATA_TEST_PG_URL:?}
  out=$(mktemp -d /tmp/strata-docker-test.XXXXXX)
  trap 'rm -rf "$out"' EXIT
  # strata as a team runs it: the project at /app read-only, another uid.
  strata() {
    local want=$1 name=$2 project=$3
    shift 3
    run_in "$want" "$name" --user "$RUN_USER" -v "$project:/app:ro" -e DATABASE_URL="$url" "$IMAGE" "$@"
  }
  local example=$root/docker/example
  # Every file's path, mode, owner and checksum: compared at the end.
  example_state() { (cd "$example" && find . -printf '%p %m %u\n' -type f -exec sha256sum {} + | sort); }
  local example_before
  example_before=$(example_state)
  # db_make WANT_RC NAME TARGET [VAR=VALUE...]: the example Makefile's
  # target, run by make on the host in the drifted copy (stdout and stderr
  # together in $out/NAME.out).
  db_make() {
    local want=$1 name=$2 rc=0
    shift 2
    DATABASE_URL=$url make -s -C "$drifted" DOCKER="$DOCKER" STRATA_IMAGE="$IMAGE" STRATA_USER="$RUN_USER" \
      "$@" >"$out/$name.out" 2>&1 || rc=$?
    [ "$rc" = "$want" ] || { cat "$out/$name.out" >&2; fail "make $* exited $rc, expected $want"; }
  }

  run_in 1 ro-mount --user "$RUN_USER" -v "$example:/app:ro" --entrypoint sh "$IMAGE" \
    -c 'touch /app/written-by-the-container'
  expect_line ro-mount err "touch: cannot touch '/app/written-by-the-container': Read-only file system"

  step "strata current and check on an empty database"
  strata 0 current-empty "$example" current
  [ ! -s "$out/current-empty.out" ] || fail "current on an empty database printed: $(cat "$out/current-empty.out")"
  strata 3 check-empty "$example" check
  expect_line check-empty out "Target database is not up to date: it is at <base>, the heads are ae1027a6acf0"

  step "strata upgrade head"
  strata 0 upgrade "$example" upgrade head
  expect_line upgrade err "Running upgrade  -> 1975ea83b712, create account table"
  expect_line upgrade err "Running upgrade 1975ea83b712 -> ae1027a6acf0, Add a column"
  # The database itself, not only strata's word for it (psql on the host).
  local version columns
  version=$(psql "$url" -Atc 'SELECT version_num FROM alembic_version') || fail "psql could not read alembic_version"
  [ "$version" = ae1027a6acf0 ] || fail "alembic_version holds '$version', expected ae1027a6acf0"
  columns=$(psql "$url" -Atc "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'account'")
  [ "$columns" = id,name,description,last_transaction_date ] || fail "account has columns '$columns'"

  step "strata upgrade head again: nothing to run"
  strata 0 upgrade-again "$example" upgrade head
  expect_no upgrade-again err "Running upgrade"

  step "strata current"
  strata 0 current "$example" current
  [ "$(cat "$out/current.out")" = "ae1027a6acf0 (head)" ] || fail "current printed '$(cat "$out/current.out")', expected 'ae1027a6acf0 (head)'"

  step "strata check"
  strata 0 check "$example" check
  expect_line check out "No new upgrade operations detected."

  step "strata check on models that drifted: exit 3"
  local drifted=$out/drifted
  cp -r "$example" "$drifted"
  chmod -R a+rX "$out"
  sed -i 's/{name: description, type: string(200)}/&\n      - {name: nickname, type: string(30)}/' "$drifted/migrations/models.yaml"
  grep -q nickname "$drifted/migrations/models.yaml" || fail "could not add a column to the drifted copy's models.yaml"
  strata 3 check-drifted "$drifted" check
  expect_line check-drifted out "Detected added column 'account.nickname'"

  step "strata lint"
  strata 0 lint "$example" lint
  expect_line lint err "lint: 0 error(s), 0 warning(s), 0 acknowledged"

  step "the example Makefile's targets (docker/example/Makefile), on the drifted copy"
  # Mounted read-write here: db-revision writes a file, as the uid it runs as.
  chown -R "$RUN_USER" "$drifted"
  db_make 0 make-revision db-revision m="add nickname"
  local written
  written=$(sed -n 's|^/app/migrations/versions/\([0-9a-f]*_add_nickname[.]yaml\)$|\1|p' "$out/make-revision.out")
  [ -n "$written" ] || fail "db-revision did not print the file it wrote: $(cat "$out/make-revision.out")"
  [ "$(stat -c %u:%g "$drifted/migrations/versions/$written")" = "$RUN_USER" ] ||
    fail "db-revision wrote $written as $(stat -c %u:%g "$drifted/migrations/versions/$written"), not $RUN_USER"
  grep -q 'name: nickname' "$drifted/migrations/versions/$written" || fail "$written does not add nickname"
  # make says 2 for any failed recipe: the message tells check's exit 3 apart.
  db_make 2 make-check-behind db-check
  grep -q "^Target database is not up to date: it is at ae1027a6acf0, the heads are ${written%%_*}$" "$out/make-check-behind.out" ||
    fail "db-check before db-upgrade: $(cat "$out/make-check-behind.out")"
  grep -q "Error 3" "$out/make-check-behind.out" || fail "db-check before db-upgrade: strata did not exit 3: $(cat "$out/make-check-behind.out")"
  db_make 0 make-upgrade db-upgrade
  grep -q "^Running upgrade ae1027a6acf0 -> ${written%%_*}, add nickname$" "$out/make-upgrade.out" ||
    fail "db-upgrade did not run ${written%%_*}: $(cat "$out/make-upgrade.out")"
  db_make 0 make-check db-check
  db_make 0 make-downgrade db-downgrade
  grep -q "^Running downgrade ${written%%_*} -> ae1027a6acf0, add nickname$" "$out/make-downgrade.out" ||
    fail "db-downgrade did not revert ${written%%_*}: $(cat "$out/make-downgrade.out")"
  [ "$(psql "$url" -Atc 'SELECT version_num FROM alembic_version')" = ae1027a6acf0 ] || fail "db-downgrade left the database elsewhere than ae1027a6acf0"
  db_make 2 make-revision-no-m db-revision
  grep -qF 'usage: make db-revision m="what it changes"' "$out/make-revision-no-m.out" || fail "db-revision without m: $(cat "$out/make-revision-no-m.out")"

  [ "$(example_state)" = "$example_before" ] || fail "docker/example changed while mounted read-only"
}

if [ "${1:-}" = --database-checks ]; then
  database_checks
  exit 0
fi

start=$SECONDS
[ -x "$DOCKER" ] || fail "no docker client (DOCKER=$DOCKER)"
"$DOCKER" info >/dev/null 2>&1 || fail "the docker daemon does not answer ($DOCKER info)"

step "base images"
"$here/make-base-image.sh"

# The context each builder sends: the classic one reads only /.dockerignore,
# BuildKit a docker/Dockerfile.dockerignore first. A build tree in it (here a
# probe with a CMakeCache.txt, beside any real build/) would make CMake in the
# image refuse to configure.
step "the build context of both builders leaves build trees out"
probe=$root/build-docker-test-probe
mkdir -p "$probe" && echo "CMAKE_CACHEFILE_DIR:INTERNAL=$probe" >"$probe/CMakeCache.txt"
context_ok=1
for buildkit in 0 1; do
  printf '%s\n' 'FROM debian:bookworm-slim' 'COPY . /context' \
    'RUN for p in build build-docker-test-probe .git docker; do if [ -e /context/$p ]; then echo "in the context: $p"; exit 1; fi; done; test -f /context/CMakeLists.txt' |
    DOCKER_BUILDKIT=$buildkit "$DOCKER" build --network host -q --force-rm -t strata-context-probe -f - "$root" >"$probe/log" 2>&1 ||
    { cat "$probe/log" >&2; context_ok=0; echo "DOCKER_BUILDKIT=$buildkit" >&2; }
  # Untagged, the probe image would stay behind, one per run.
  "$DOCKER" image rm strata-context-probe >/dev/null 2>&1 || true
done
rm -rf "$probe"
[ "$context_ok" = 1 ] || fail "a build tree, .git or docker/ reached the build context (above)"

step "building $IMAGE (docker/Dockerfile, BuildKit, host network)"
build_log=$(mktemp /tmp/strata-docker-build.XXXXXX)
if ! DOCKER_BUILDKIT=1 "$DOCKER" build --network host --progress plain --build-arg JOBS="$JOBS" \
    -f "$here/Dockerfile" -t "$IMAGE" "$root" >"$build_log" 2>&1; then
  tail -40 "$build_log" >&2
  fail "docker build failed (whole log: $build_log)"
fi
rm -f "$build_log"
size=$("$DOCKER" image inspect -f '{{.Size}}' "$IMAGE")
step "image $IMAGE: $((size / 1000000)) MB ($size bytes)"

out=$(mktemp -d /tmp/strata-docker-test.XXXXXX)
trap 'rm -rf "$out"' EXIT

step "the image: shared libraries, --version, user"
run_in 0 ldd --entrypoint ldd "$IMAGE" /usr/local/bin/strata
expect_no ldd out "not found"
# The client libraries are not linked: strata opens each on the first
# connection to its database. Both open in the image: a connection to a
# closed port fails on the port, not on a missing library (the PostgreSQL
# checks below then connect through libpq for real).
for lib in libpq.so.5 libmariadb.so.3; do
  expect_no ldd out "$lib"
done
for scheme in postgresql mysql; do
  run_in 1 "$scheme-probe" --user "$RUN_USER" -v "$root/docker/example:/app:ro" \
    -e DATABASE_URL="$scheme://probe@127.0.0.1:1/probe" "$IMAGE" current
  grep -q "cannot connect to .* at 127.0.0.1:1" "$out/$scheme-probe.err" || fail "$scheme probe: $(cat "$out/$scheme-probe.err")"
  expect_no "$scheme-probe" err "support needs"
done
run_in 0 version "$IMAGE" --version
grep -qE '^strata [0-9]+\.[0-9]+' "$out/version.out" || fail "--version printed '$(cat "$out/version.out")'"
run_in 0 default-user --entrypoint id "$IMAGE" -u
[ "$(cat "$out/default-user.out")" != 0 ] || fail "the image runs as root by default"
step "$(cat "$out/version.out"), default uid $(cat "$out/default-user.out")"

step "a throwaway PostgreSQL on 127.0.0.1 (scripts/with-pg.sh)"
IMAGE=$IMAGE DOCKER=$DOCKER "$root/scripts/with-pg.sh" "$0" --database-checks

step "PASS in $((SECONDS - start)) s"
