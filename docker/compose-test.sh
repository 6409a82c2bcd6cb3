#!/usr/bin/env bash
# `make compose-test`: docker/compose.yaml run for real, with compose, the
# order it promises checked from the daemon's events.
#
#   docker/compose-test.sh          (from anywhere; as root, or a docker user)
#
# compose.yaml as users get it, plus docker/compose.test.yaml, which puts
# every service on the host network (compose then creates no network) and
# `db` on a local stand-in for postgres:15 (docker/postgres) listening on
# 127.0.0.1 at a free port:
#
# 1. the base images (make-base-image.sh), then `compose build`: the strata
#    image from compose.yaml's build: section (BuildKit, host network; tagged
#    strata:test, the image `make docker-test` builds and keeps) and the
#    PostgreSQL image;
# 2. `compose up --abort-on-container-exit --exit-code-from backend backend`
#    exits 0, and the daemon's events say: db healthy, then migrate started,
#    migrate exited 0, then backend started, backend exited 0; migrate ran
#    both revisions, the backend's `strata check` printed "No new upgrade
#    operations detected."; no network was created. Naming `backend` matters
#    with docker-compose v1, which otherwise aborts the whole run as soon as
#    migrate exits (0), stopping the backend before it ran;
# 3. db stopped and started again, psql on the host reads alembic_version at
#    the example's head and the account table's columns (kept on the volume);
# 4. `compose run --rm backend` (compose.yaml's second command) exits 0;
# 5. the same `up` on a copy of the example with a third, failing revision:
#    compose fails naming migrate's exit 1, the backend never starts, and the
#    database is where it was (the failed revision rolled back).
#
# Whatever happens, the project's containers and its volume are removed
# (`compose down --volumes`), with the PostgreSQL image (made only for this
# test; BuildKit's cache rebuilds it in a second). Kept: strata:test and the
# base images, shared with `make docker-test`.
#
# DOCKER: the docker client (default /usr/bin/docker, else docker on PATH).
# COMPOSE: the compose command (default docker-compose, else DOCKER compose).
# STRATA_IMAGE: the strata image's tag (default strata:test).
# JOBS: compile jobs inside the build (default 2).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DOCKER=${DOCKER:-$(command -v /usr/bin/docker || command -v docker)}
export STRATA_IMAGE=${STRATA_IMAGE:-strata:test}
export JOBS=${JOBS:-2}
export STRATA_COMPOSE_PG_IMAGE=strata-test-postgres:15
HEAD=ae1027a6acf0
# Its own project name: compose's default (the directory's name, "docker")
# could be a user's project, and `down --volumes` would delete its data.
project=strata-compose-test-$$

fail() { echo "compose-test: FAIL: $*" >&2; exit 1; }
step() { echo "compose-test: $*"; }

start=$SECONDS
[ -x "$DOCKER" ] || fail "no docker client (DOCKER=$DOCKER)"
"$DOCKER" info >/dev/null 2>&1 || fail "the docker daemon does not answer ($DOCKER info)"
command -v psql >/dev/null || fail "no psql on the host (apt-get install postgresql-client)"
if [ -z "${COMPOSE:-}" ]; then
  if command -v docker-compose >/dev/null; then COMPOSE=docker-compose
  elif "$DOCKER" compose version >/dev/null 2>&1; then COMPOSE="$DOCKER compose"
  else fail "neither docker-compose nor '$DOCKER compose' (apt-get install docker-compose)"
  fi
fi

# The first port from 55432 up that nothing on 127.0.0.1 accepts on.
port=55432
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  port=$((port + 1))
  [ "$port" -lt 55532 ] || fail "no free port in 55432-55531 on 127.0.0.1"
done
export STRATA_COMPOSE_PG_PORT=$port
# For psql on the host; the example's own password, from compose.yaml.
url=postgresql://app:app-password@127.0.0.1:$port/app

out=$(mktemp -d /tmp/strata-compose-test.XXXXXX)
chmod 755 "$out"   # the broken copy is read in the container by uid 10001
files=(-f "$here/compose.yaml" -f "$here/compose.test.yaml")

# compose ARGS...: the project with the files in $files. BuildKit through the
# docker CLI (COMPOSE_DOCKER_CLI_BUILD), and that CLI is $DOCKER.
# shellcheck disable=SC2086  # COMPOSE may be two words ("docker compose")
compose() {
  PATH="$(dirname "$DOCKER"):$PATH" COMPOSE_DOCKER_CLI_BUILD=1 DOCKER_BUILDKIT=1 \
    $COMPOSE -p "$project" "${files[@]}" "$@"
}

watcher=
# shellcheck disable=SC2317  # invoked via trap
teardown() {
  local rc=$? left
  trap - EXIT INT TERM HUP
  [ -z "$watcher" ] || kill "$watcher" 2>/dev/null || true
  compose down --volumes --remove-orphans --timeout 5 >"$out/down.log" 2>&1 ||
    { cat "$out/down.log" >&2; echo "compose-test: warning: compose down failed" >&2; }
  "$DOCKER" image rm "$STRATA_COMPOSE_PG_IMAGE" >/dev/null 2>&1 || true
  left=$("$DOCKER" ps -aq --filter "label=com.docker.compose.project=$project"
         "$DOCKER" volume ls -q --filter "label=com.docker.compose.project=$project")
  [ -z "$left" ] || echo "compose-test: warning: left behind: $left" >&2
  rm -rf "$out"
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# watch_events NAME: the project's container events, one a line,
# "service|status|exitCode", into $out/NAME.events until end_events.
watch_events() {
  "$DOCKER" events --filter type=container --filter "label=com.docker.compose.project=$project" \
    --format '{{index .Actor.Attributes "com.docker.compose.service"}}|{{.Status}}|{{index .Actor.Attributes "exitCode"}}' \
    >"$out/$1.events" &
  watcher=$!
}
# end_events NAME LINE: waits (10 s at most) for LINE, the last event the run
# must have produced, then stops the watcher.
end_events() {
  for _ in $(seq 50); do
    grep -qxF -- "$2" "$out/$1.events" && break
    sleep 0.2
  done
  kill "$watcher" 2>/dev/null || true
  wait "$watcher" 2>/dev/null || true
  watcher=
}
# event_line NAME LINE: the number of the first line LINE in NAME's events.
event_line() {
  local n
  n=$(grep -nxF -- "$2" "$out/$1.events" | head -1 | cut -d: -f1)
  [ -n "$n" ] || { cat "$out/$1.events" >&2; fail "$1: no event '$2' (events above)"; }
  echo "$n"
}
# logs_of SERVICE: the output of the service's container (stdout and stderr).
logs_of() {
  "$DOCKER" logs "$("$DOCKER" ps -aq --filter "label=com.docker.compose.project=$project" \
    --filter "label=com.docker.compose.service=$1")" 2>&1
}
# db_up: db started (if it is not running) and healthy, for psql on the host.
db_up() {
  local health
  compose start db >"$out/start-db.log" 2>&1 || { cat "$out/start-db.log" >&2; fail "compose start db"; }
  for _ in $(seq 60); do
    health=$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$("$DOCKER" ps -aq \
      --filter "label=com.docker.compose.project=$project" --filter label=com.docker.compose.service=db)")
    [ "$health" = healthy ] && return 0
    sleep 1
  done
  fail "db is $health 60 s after compose start"
}
version_in_db() { psql "$url" -Atc 'SELECT version_num FROM alembic_version' || fail "psql could not read alembic_version"; }

step "base images"
"$here/make-base-image.sh"

step "compose build: $STRATA_IMAGE (compose.yaml's build: section) and $STRATA_COMPOSE_PG_IMAGE (docker/postgres)"
compose build >"$out/build.log" 2>&1 || { tail -40 "$out/build.log" >&2; fail "compose build failed"; }

networks_before=$("$DOCKER" network ls -q | sort)

step "compose up (db on 127.0.0.1:$port): db healthy -> migrate exits 0 -> backend runs check, exits 0"
watch_events up
rc=0
compose up --abort-on-container-exit --exit-code-from backend backend >"$out/up.log" 2>&1 || rc=$?
end_events up "backend|die|0"
[ "$rc" = 0 ] || { cat "$out/up.log" >&2; fail "compose up exited $rc, expected 0"; }
healthy=$(event_line up "db|health_status: healthy|")
migrate_start=$(event_line up "migrate|start|")
migrate_done=$(event_line up "migrate|die|0")
backend_start=$(event_line up "backend|start|")
backend_done=$(event_line up "backend|die|0")
[ "$healthy" -lt "$migrate_start" ] || { cat "$out/up.events" >&2; fail "migrate started before db was healthy"; }
[ "$migrate_done" -lt "$backend_start" ] || { cat "$out/up.events" >&2; fail "backend started before migrate exited"; }
[ "$backend_start" -lt "$backend_done" ] || fail "the events are out of order: $(cat "$out/up.events")"
logs_of migrate >"$out/migrate.log"
for line in "Running upgrade  -> 1975ea83b712, create account table" \
            "Running upgrade 1975ea83b712 -> $HEAD, Add a column"; do
  grep -qxF "$line" "$out/migrate.log" || { cat "$out/migrate.log" >&2; fail "migrate did not print '$line'"; }
done
logs_of backend >"$out/backend.log"
grep -qxF "No new upgrade operations detected." "$out/backend.log" ||
  { cat "$out/backend.log" >&2; fail "the backend's strata check did not say the schema is up to date"; }
[ "$("$DOCKER" network ls -q | sort)" = "$networks_before" ] || fail "compose created a network: $("$DOCKER" network ls)"

step "psql on the host: alembic_version at $HEAD, after a restart of db"
compose stop db >"$out/stop-db.log" 2>&1 || { cat "$out/stop-db.log" >&2; fail "compose stop db"; }
db_up
version=$(version_in_db)
[ "$version" = "$HEAD" ] || fail "alembic_version holds '$version', expected $HEAD"
columns=$(psql "$url" -Atc "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'account'")
[ "$columns" = id,name,description,last_transaction_date ] || fail "account has columns '$columns'"

step "compose run --rm backend: exits with the backend's code, 0"
rc=0
compose run --rm backend >"$out/run.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || { cat "$out/run.log" >&2; fail "compose run --rm backend exited $rc, expected 0"; }
grep -qxF "No new upgrade operations detected." "$out/run.log" ||
  { cat "$out/run.log" >&2; fail "compose run --rm backend: strata check did not say the schema is up to date"; }

step "a failing migration: compose reports migrate's exit 1, the backend never starts"
broken=$out/broken
cp -r "$here/example" "$broken"
# It creates a table, then alters one that does not exist: the server fails
# the second statement, and the first must be rolled back with it.
cat >"$broken/migrations/versions/dead00000001_a_broken_revision.yaml" <<'YAML'
revision: dead00000001
down_revision: ae1027a6acf0
branch_labels: []
depends_on: []
message: a broken revision
create_date: 2024-01-03 10:00:00.000000
upgrade:
  - create_table:
      name: audit
      columns:
        - {name: id, type: integer, primary_key: true}
  - add_column:
      table: no_such_table
      column: {name: note, type: string(20)}
downgrade:
  - drop_table: {name: audit}
YAML
chmod -R a+rX "$broken"
cat >"$out/compose.broken.yaml" <<YAML
services:
  migrate:
    volumes: ["$broken:/app:ro"]
  backend:
    volumes: ["$broken:/app:ro"]
YAML
files+=(-f "$out/compose.broken.yaml")
watch_events broken
rc=0
compose up --abort-on-container-exit --exit-code-from backend backend >"$out/up-broken.log" 2>&1 || rc=$?
end_events broken "migrate|die|1"
[ "$rc" != 0 ] || { cat "$out/up-broken.log" >&2; fail "compose up exited 0 on a failing migration"; }
event_line broken "migrate|die|1" >/dev/null
if grep -q "^backend|start|" "$out/broken.events"; then
  cat "$out/broken.events" >&2
  fail "the backend started although migrate failed"
fi
# docker-compose v1 names backend and migrate's container, v2 the service.
grep -qE 'for backend +Container "[0-9a-f]+" exited with code 1|service "migrate" didn.t complete successfully: exit 1' "$out/up-broken.log" ||
  { cat "$out/up-broken.log" >&2; fail "compose did not report migrate's failure"; }
logs_of migrate >"$out/migrate-broken.log"
grep -q 'no_such_table' "$out/migrate-broken.log" ||
  { cat "$out/migrate-broken.log" >&2; fail "migrate's output does not name the failing table"; }
db_up
version=$(version_in_db)
[ "$version" = "$HEAD" ] || fail "after the failed migration alembic_version holds '$version', expected $HEAD"
[ -z "$(psql "$url" -Atc "SELECT to_regclass('audit')")" ] || fail "the failed revision's table audit was left behind"

step "PASS in $((SECONDS - start)) s (compose: $($COMPOSE version --short 2>/dev/null || $COMPOSE version | head -1))"
