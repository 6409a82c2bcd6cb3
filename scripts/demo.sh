#!/usr/bin/env bash
# The quick start, run for real in a temp folder on the embedded default
# (SQLite): init a project, write revisions, branch, merge, list the graph.
# Usage: scripts/demo.sh path/to/strata
set -euo pipefail
strata=$(realpath "$1")
demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
cd "$demo"
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; }

run "$strata" init migrations
run "$strata" revision -m "create account table" --rev-id 1975ea83b712
run "$strata" revision -m "Add a column" --rev-id ae1027a6acf0
say "cat migrations/versions/ae1027a6acf0_add_a_column.yaml"
cat migrations/versions/ae1027a6acf0_add_a_column.yaml
# Two developers branch from the same head...
run "$strata" revision -m "add posts" --rev-id 27c6a30d7c24
run "$strata" revision -m "add tags" --rev-id 3cac04ae8714 --head ae1027a6acf0 --splice --sql
run "$strata" heads
# ...and merge.
run "$strata" merge heads -m "merge posts and tags" --rev-id 4f2e0c1d9a7b
run "$strata" history
run "$strata" branches
run "$strata" show ae10
run "$strata" --json heads
printf '\nDemo finished in %s (removed on exit).\n' "$demo"
