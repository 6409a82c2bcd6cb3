#!/bin/bash
# The entrypoint of the test stand-in for postgres:15 (see Dockerfile): on
# the first start, initdb the data directory with POSTGRES_USER and
# POSTGRES_PASSWORD and create POSTGRES_DB, as the official image does; then
# run the server on 127.0.0.1:$PGPORT. Extra arguments go to postgres.
set -euo pipefail

: "${POSTGRES_PASSWORD:?is not set (the official image refuses to start without it too)}"
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "entrypoint: initializing $PGDATA for user $user, database $db"
  # The password through a pipe, never on a command line or in a file.
  initdb --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  # As the official image: a temporary server on the unix socket only, so
  # nothing over TCP sees the database before it exists (why compose.yaml's
  # healthcheck goes over TCP).
  pg_ctl --silent --wait --options "-c listen_addresses=''" start
  if [ "$db" != postgres ]; then
    psql --quiet -v ON_ERROR_STOP=1 --username "$user" --dbname postgres -v db="$db" <<<'CREATE DATABASE :"db";'
  fi
  pg_ctl --silent --wait --mode fast stop
  echo "entrypoint: initialized"
fi

exec postgres -c listen_addresses=127.0.0.1 "$@"
