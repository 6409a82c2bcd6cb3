#!/usr/bin/env bash
# The CI recipes of docs/ci.md, run as the file writes them (issue 13): the
# commands of each `<!-- recipe: NAME -->` block are extracted and run with
# `bash -e` (the first failing command fails the job, as in CI). The checks
# recipe passes on a sound project and fails, naming the reason, on a
# project whose models drifted, one with a dangerous migration, one with two
# heads, and one whose downgrade does not undo its upgrade; the deploy
# recipe passes on a database at an older revision and fails once an
# applied file was edited. Also the pre-commit hook of .pre-commit-hooks.yaml:
# its files pattern takes revision files (and nothing else) and its entry
# runs. SQLite only: the recipes need no server (the deploy one is checked
# on PostgreSQL by tests/cli/db/verify.txt).
# Usage: ci_recipes_test.sh PATH_TO_STRATA
set -uo pipefail
if [ $# -lt 1 ]; then echo "usage: $0 PATH_TO_STRATA" >&2; exit 2; fi
strata=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/harness.sh"
e2e_harness ci
backend=sqlite
python=/usr/bin/python3
mkdir -p "$tmp/bin" && ln -s "$strata" "$tmp/bin/strata"
export PATH="$tmp/bin:$PATH"

# recipe NAME: the shell lines of the code block after the marker.
recipe() {
  awk -v name="$1" '
    $0 == "<!-- recipe: " name " -->" { want = 1; next }
    want && /^```sh$/ { inside = 1; next }
    inside && /^```$/ { exit }
    inside { print }' "$root/docs/ci.md"
}
for name in checks deploy; do
  [ -n "$(recipe "$name")" ] || fail "docs/ci.md has no '$name' recipe"
done

# run_recipe NAME DIR: runs it there; stdout+stderr in $tmp/out, exit code in $rc.
run_recipe() {
  (cd "$2" && bash -e -c "$(recipe "$1")") >"$tmp/out" 2>&1
  rc=$?
}
expect_pass() {
  run_recipe "$1" "$2"
  if [ "$rc" = 0 ]; then ok "$3"; else fail "$3: exit $rc:"; sed 's/^/    /' "$tmp/out" | tail -8; fi
}
# expect_fail NAME DIR WHAT TEXT: a non-zero exit, and TEXT in the output.
expect_fail() {
  run_recipe "$1" "$2"
  if [ "$rc" != 0 ] && grep -qF -- "$4" "$tmp/out"; then ok "$3"
  else fail "$3: exit $rc, expected a failure saying '$4':"; sed 's/^/    /' "$tmp/out" | tail -8; fi
}

# A sound project: models, and the revision autogenerate wrote for them.
sound="$tmp/sound"
mkdir -p "$sound"
(cd "$sound" && strata init migrations >/dev/null 2>&1)
cat >"$sound/migrations/models.yaml" <<'YAML'
tables:
  - name: users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: email, type: string(255), nullable: false}
  - name: posts
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: user_id, type: integer, nullable: false}
      - {name: title, type: string(200)}
    foreign_keys:
      - {columns: [user_id], referred_table: users, referred_columns: [id]}
YAML
(cd "$sound" && strata revision --autogenerate --dev-url sqlite:// -m "users and posts" --rev-id a1 >/dev/null 2>&1) \
  || fail "autogenerate of the sound project"
copy() { rm -rf "$tmp/$1"; cp -r "$sound" "$tmp/$1"; echo "$tmp/$1"; }

step="checks"
expect_pass checks "$sound" "the sound project passes"

drift=$(copy drift)
sed -i 's/      - {name: title, type: string(200)}/      - {name: title, type: string(200)}\n      - {name: body, type: text}/' "$drift/migrations/models.yaml"
expect_fail checks "$drift" "models that drifted fail the job" "Detected added column 'posts.body'"

danger=$(copy danger)
cat >"$danger/migrations/versions/b2_drop_title.yaml" <<'YAML'
revision: b2
down_revision: a1
message: drop title
upgrade:
  - drop_column: {table: posts, name: title}
downgrade:
  - add_column: {table: posts, column: {name: title, type: string(200)}}
YAML
expect_fail checks "$danger" "a migration that loses data fails the job" "drop-column"

heads=$(copy heads)
for r in b2 c3; do
  printf 'revision: %s\ndown_revision: a1\nmessage: %s\nupgrade:\n  - create_table: {name: t_%s, columns: [{name: id, type: integer, primary_key: true}]}\ndowngrade:\n  - drop_table: {name: t_%s}\n' \
    "$r" "$r" "$r" "$r" >"$heads/migrations/versions/${r}_x.yaml"
done
expect_fail checks "$heads" "two heads fail the job" "several-heads"

stair=$(copy stairway)
cat >"$stair/migrations/versions/b2_index.yaml" <<'YAML'
revision: b2
down_revision: a1
message: index on title
upgrade:
  - create_index: {name: ix_posts_title, table: posts, columns: [title]}
downgrade: []
YAML
# The models say the index too, so only the stairway sees the empty downgrade.
sed -i 's/    foreign_keys:/    indexes:\n      - {name: ix_posts_title, columns: [title]}\n    foreign_keys:/' "$stair/migrations/models.yaml"
# lint flags an empty downgrade first: acknowledged here, to reach the stairway.
sed -i 's/^message: index on title$/message: index on title\nlint: {ignore: [empty-downgrade], reason: "test: the stairway must catch it"}/' \
  "$stair/migrations/versions/b2_index.yaml"
expect_fail checks "$stair" "a downgrade that does not undo its upgrade fails the job" "its downgrade does not undo its upgrade"

step="deploy"
deploy=$(copy deploy)
expect_pass deploy "$deploy" "verify then upgrade, on a new database"
echo "# edited after it ran" >>"$deploy/migrations/versions/a1_users_and_posts.yaml"
expect_fail deploy "$deploy" "an applied revision edited since: the deploy stops at verify" "changed since it was applied"

step="pre-commit"
hook=$(env -u PYTHONPATH -u PYTHONHOME "$python" - "$root/.pre-commit-hooks.yaml" <<'PY'
import re, sys
import yaml
hooks = yaml.safe_load(open(sys.argv[1]))
h = [x for x in hooks if x["id"] == "strata-lint"][0]
pattern = re.compile(h["files"])
takes = ["migrations/versions/a1_users.yaml", "db/migrations/versions/b2.sql", "versions/c3.yml"]
leaves = ["migrations/models.yaml", "src/app/versions.py", "migrations/versions/sub/readme.md", "README.md"]
bad = [p for p in takes if not pattern.search(p)] + [p for p in leaves if pattern.search(p)]
print("BAD " + " ".join(bad) if bad else h["entry"])
PY
)
case "$hook" in
  BAD*|"") fail "the hook's files pattern: $hook" ;;
  *) ok "the hook's files pattern takes revision files only"
     if (cd "$sound" && $hook >/dev/null 2>&1); then ok "the hook's entry ($hook) passes on the sound project"
     else fail "the hook's entry ($hook) fails on the sound project"; fi
     if ! (cd "$danger" && $hook >/dev/null 2>&1); then ok "the hook's entry fails on the dangerous migration"
     else fail "the hook's entry passes a dangerous migration"; fi ;;
esac

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
