#!/usr/bin/env bash
# The quick start, run for real in a temp folder on the embedded default
# (SQLite): init a project, declare models, autogenerate a revision, upgrade,
# look at the database's position, change a model, check, migrate again.
# Usage: scripts/demo.sh path/to/strata
set -euo pipefail
strata=$(realpath "$1")
demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
cd "$demo"
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; }

run "$strata" init migrations
say "cat > migrations/models.yaml"
cat > migrations/models.yaml <<'YAML'
tables:
  - name: users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: email, type: string(255), nullable: false, unique: true, index: true}
      - {name: is_active, type: boolean, nullable: false, server_default: "true"}
      - {name: created_at, type: datetime(timezone=true), nullable: false, server_default: now()}
  - name: posts
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: title, type: string(255), nullable: false}
      - {name: author_id, type: integer, nullable: false,
         foreign_key: {references: users.id, ondelete: CASCADE}}
YAML
cat migrations/models.yaml
run "$strata" revision --autogenerate -m "create users and posts" --rev-id 1975ea83b712
say "cat migrations/versions/1975ea83b712_create_users_and_posts.yaml"
cat migrations/versions/1975ea83b712_create_users_and_posts.yaml
run "$strata" upgrade head
run "$strata" current
run "$strata" check

say "add a column to the users model"
sed -i 's/      - {name: is_active/      - {name: bio, type: text}\n      - {name: is_active/' migrations/models.yaml
say "$strata check   # exits 3: the models and the database differ"
"$strata" check || echo "(exit $?)"
run "$strata" revision --autogenerate -m "Add a column" --rev-id ae1027a6acf0
run "$strata" upgrade head
run "$strata" history -i
run "$strata" downgrade -1
run "$strata" current -v
run "$strata" upgrade head --sql
printf '\nDemo finished in %s (removed on exit).\n' "$demo"
