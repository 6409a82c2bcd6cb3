#!/usr/bin/env bash
# Run a command against a throwaway MariaDB server (see with-server.sh):
#   scripts/with-mariadb.sh COMMAND [ARGS...]
exec "$(dirname "${BASH_SOURCE[0]}")/with-server.sh" mariadb "$@"
