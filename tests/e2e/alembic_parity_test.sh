#!/usr/bin/env bash
# Parity test: strata history/heads/branches must print what Alembic prints
# for the same revision graph.  Usage: alembic_parity_test.sh PATH_TO_STRATA
set -euo pipefail

if [[ $# -lt 1 ]]; then
    echo "usage: $0 PATH_TO_STRATA_BINARY" >&2
    exit 2
fi
strata="$1"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python=/usr/bin/python3

if [[ ! -x "$python" ]] || ! env -u PYTHONPATH -u PYTHONHOME "$python" -c 'import alembic' >/dev/null 2>&1; then
    echo "SKIP: python3-alembic not installed"
    exit 0
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/strata-alembic-parity.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

"$python" "$here/alembic_parity.py" --strata "$strata" --workdir "$tmp"
