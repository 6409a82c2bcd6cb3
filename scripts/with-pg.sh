#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server (see with-server.sh):
#   scripts/with-pg.sh COMMAND [ARGS...]
exec "$(dirname "${BASH_SOURCE[0]}")/with-server.sh" pg "$@"
