#!/usr/bin/env bash
# Interoperability with Alembic on a live database (SPEC §9): a database
# migrated part way by Alembic is continued by strata, and the other way
# round; `alembic stamp` on a strata-built schema is read by strata; the
# version table strata creates is the one Alembic creates (Alembic neither
# recreates it nor chokes on it). The same revision graph (same ids, same
# operations) is written once as an Alembic project (Python files) and once as
# a strata project (YAML files). Runs on SQLite, PostgreSQL and MariaDB
# (Alembic through PyMySQL: mysql+pymysql:// URLs, which strata reads too).
# Usage: alembic_interop_test.sh PATH_TO_STRATA
set -uo pipefail

if [ $# -lt 1 ]; then echo "usage: $0 PATH_TO_STRATA" >&2; exit 2; fi
strata=$(realpath "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=/usr/bin/python3

. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
require_pg
require_mysql
if [ ! -x "$python" ] || ! env -u PYTHONPATH -u PYTHONHOME "$python" -c 'import alembic, sqlalchemy, psycopg2, pymysql' >/dev/null 2>&1; then
  echo "FAIL: python3-alembic (with python3-sqlalchemy, python3-psycopg2, python3-pymysql) is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

e2e_harness interop

# new_db NAME: a fresh empty database; sets $url and $db_ref, exports DATABASE_URL.
new_db() {
  if [ "$backend" = sqlite ]; then
    db_ref="$tmp/$backend-$1.db"; rm -f "$db_ref"; url="sqlite:///$db_ref"
  elif [ "$backend" = mysql ]; then
    my_create_db strata_e2e_interop
    url="mysql+pymysql://${my_url#mysql://}"; db_ref="$my_db"
  else
    pg_create_db strata_e2e_interop
    url="${STRATA_TEST_PG_URL%/*}/$pg_db"; db_ref="$url"
  fi
  export DATABASE_URL="$url"
}
q() {
  if [ "$backend" = sqlite ]; then sqlite3 -batch "$db_ref" "$1"
  elif [ "$backend" = mysql ]; then my_admin -N -B "$db_ref" -e "$1"
  else psql -X -A -t -q -v ON_ERROR_STOP=1 "$db_ref" -c "$1"; fi
}
expect_eq() {
  if [ "$2" = "$3" ]; then ok "$1"
  else fail "$1: expected [$(printf '%s' "$2" | tr '\n' ';')], got [$(printf '%s' "$3" | tr '\n' ';')]"; fi
}
versions() { q "SELECT version_num FROM alembic_version ORDER BY version_num"; }
user_tables() {
  if [ "$backend" = sqlite ]; then
    q "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('alembic_version', 'strata_revisions') ORDER BY name"
  elif [ "$backend" = mysql ]; then
    q "SELECT table_name FROM information_schema.tables WHERE table_schema=DATABASE() AND table_name NOT IN ('alembic_version', 'strata_revisions') ORDER BY 1"
  else
    q "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename NOT IN ('alembic_version', 'strata_revisions') ORDER BY 1"
  fi
}
# columns: "table.column" per line, for a cross-tool schema comparison.
columns() {
  if [ "$backend" = sqlite ]; then
    q "SELECT m.name || '.' || p.name || ' notnull=' || p.\"notnull\" FROM sqlite_master m, pragma_table_info(m.name) p
       WHERE m.type='table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'strata_revisions' ORDER BY m.name, p.cid"
  elif [ "$backend" = mysql ]; then
    q "SELECT CONCAT(table_name, '.', column_name, ' ', column_type, ' nullable=', is_nullable, ' key=', column_key)
       FROM information_schema.columns WHERE table_schema=DATABASE() AND table_name <> 'strata_revisions' ORDER BY table_name, ordinal_position"
  else
    q "SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || ' nullable=' || is_nullable
       FROM information_schema.columns WHERE table_schema='public' AND table_name <> 'strata_revisions' ORDER BY table_name, ordinal_position"
  fi
}

# st ARGS: strata in the strata project; stdout -> $tmp/st.out, stderr -> $tmp/st.err; returns its rc.
st() { (cd "$tmp/st" && "$strata" "$@") >"$tmp/st.out" 2>"$tmp/st.err"; }
# al ARGS: `alembic -c alembic.ini ARGS` in the Alembic project, run by the
# alembic_runner.py coprocess (the same CommandLine the alembic script runs,
# without 0.35 s of imports per command); output in $tmp/al.out, $tmp/al.err.
coproc ALEMBIC { env -u PYTHONPATH -u PYTHONHOME "$python" "$here/alembic_runner.py"; }
al() {
  local IFS=$'\t' rc
  printf '%s\n' "$tmp/al	$tmp/al.out	$tmp/al.err	DATABASE_URL=${DATABASE_URL:-}	-c	alembic.ini	$*" >&"${ALEMBIC[1]}"
  if ! read -r rc <&"${ALEMBIC[0]}"; then
    echo "FAIL: the alembic_runner.py coprocess died" >&2; exit 1
  fi
  return "$rc"
}
# must CMD...: run, and fail the check when the exit code is not 0.
must() {
  "$@"; local rc=$?
  if [ $rc -ne 0 ]; then
    fail "'$*' exited $rc, expected 0"
    if [ "$1" = st ]; then sed 's/^/    /' "$tmp/st.err" | head -8; else sed 's/^/    /' "$tmp/al.err" | tail -8; fi
  fi
  return $rc
}
running_lines() { grep -o 'Running \(upgrade\|downgrade\|stamp\) .*' "$1" | sed 's/[[:space:]]*$//'; }

# --- the two projects --------------------------------------------------------
A1=1a1a1a1a1a1a A2=2b2b2b2b2b2b A3=3c3c3c3c3c3c B1=4d4d4d4d4d4d C1=5e5e5e5e5e5e M1=6f6f6f6f6f6f

mkdir -p "$tmp/al/scripts/versions" "$tmp/st/migrations/versions"
cat >"$tmp/al/alembic.ini" <<'EOF'
[alembic]
script_location = scripts

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
EOF
cat >"$tmp/al/scripts/env.py" <<'EOF'
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine

config = context.config
fileConfig(config.config_file_name)
url = os.environ["DATABASE_URL"]

if context.is_offline_mode():
    context.configure(url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, transaction_per_migration=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()
EOF
cat >"$tmp/st/strata.yaml" <<'EOF'
script_location: migrations
database_url: ${DATABASE_URL}
EOF

# alembic_rev FILE ID DOWN(python literal) MSG LABELS(python literal) UPGRADE_BODY DOWNGRADE_BODY
alembic_rev() {
  cat >"$tmp/al/scripts/versions/$1.py" <<EOF
"""$4

Revision ID: $2
"""
from alembic import op
import sqlalchemy as sa

revision = '$2'
down_revision = $3
branch_labels = $5
depends_on = None

def upgrade():
$6

def downgrade():
$7
EOF
}

alembic_rev a1 $A1 None "users" None \
"    op.create_table('users',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(50), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_users'))
    op.bulk_insert(sa.table('users', sa.column('id', sa.Integer), sa.column('name', sa.String)),
                   [{'id': 1, 'name': 'ann'}, {'id': 2, 'name': 'bob'}])" \
"    op.drop_table('users')"
alembic_rev a2 $A2 "'$A1'" "email" None \
"    op.add_column('users', sa.Column('email', sa.String(100), nullable=True))
    op.create_index('ix_users_email', 'users', ['email'], unique=True)" \
"    op.drop_index('ix_users_email', table_name='users')
    with op.batch_alter_table('users') as b:
        b.drop_column('email')"
alembic_rev a3 $A3 "'$A2'" "posts" None \
"    op.create_table('posts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name='pk_posts'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_posts_user_id_users'))
    op.execute(\"INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'hello')\")" \
"    op.drop_table('posts')"

cat >"$tmp/st/migrations/versions/a1_users.yaml" <<EOF
revision: '$A1'
down_revision: null
message: users
upgrade:
  - create_table:
      name: users
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: name, type: string(50), nullable: false}
  - bulk_insert:
      table: users
      rows:
        - {id: 1, name: ann}
        - {id: 2, name: bob}
downgrade:
  - drop_table: {name: users}
EOF
cat >"$tmp/st/migrations/versions/a2_email.yaml" <<EOF
revision: '$A2'
down_revision: '$A1'
message: email
upgrade:
  - add_column: {table: users, column: {name: email, type: string(100)}}
  - create_index: {name: ix_users_email, table: users, columns: [email], unique: true}
downgrade:
  - drop_index: {name: ix_users_email, table: users}
  - drop_column: {table: users, name: email}
EOF
cat >"$tmp/st/migrations/versions/a3_posts.yaml" <<EOF
revision: '$A3'
down_revision: '$A2'
message: posts
upgrade:
  - create_table:
      name: posts
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: user_id, type: integer, nullable: false}
        - {name: title, type: text}
      foreign_keys:
        - {name: fk_posts_user_id_users, columns: [user_id], referred_table: users, referred_columns: [id]}
  - execute: "INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'hello')"
downgrade:
  - drop_table: {name: posts}
EOF

# The branch + merge, added for part (d): a3 -> b1 (label feat), a3 -> c1, (b1, c1) -> m1.
add_branches() {
  alembic_rev b1 $B1 "'$A3'" "posts body" "('feat',)" \
"    op.add_column('posts', sa.Column('body', sa.Text(), nullable=True))" \
"    with op.batch_alter_table('posts') as b:
        b.drop_column('body')"
  alembic_rev c1 $C1 "'$A3'" "tags" None \
"    op.create_table('tags', sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(20), nullable=True),
        sa.PrimaryKeyConstraint('id', name='pk_tags'))" \
"    op.drop_table('tags')"
  alembic_rev m1 $M1 "('$B1', '$C1')" "merge" None "    pass" "    pass"
  cat >"$tmp/st/migrations/versions/b1_body.yaml" <<EOF
revision: '$B1'
down_revision: '$A3'
branch_labels: [feat]
message: posts body
upgrade:
  - add_column: {table: posts, column: {name: body, type: text}}
downgrade:
  - drop_column: {table: posts, name: body}
EOF
  cat >"$tmp/st/migrations/versions/c1_tags.yaml" <<EOF
revision: '$C1'
down_revision: '$A3'
message: tags
upgrade:
  - create_table:
      name: tags
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: name, type: string(20)}
downgrade:
  - drop_table: {name: tags}
EOF
  cat >"$tmp/st/migrations/versions/m1_merge.yaml" <<EOF
revision: '$M1'
down_revision: ['$B1', '$C1']
message: merge
upgrade: []
downgrade: []
EOF
}

# sorted stdout of `current` for both tools, compared.
compare_current() {
  st current; local rc_s=$?
  al current; local rc_a=$?
  [ $rc_s -eq 0 ] || fail "strata current exited $rc_s"
  [ $rc_a -eq 0 ] || fail "alembic current exited $rc_a"
  expect_eq "$1: strata current = alembic current" "$(sort "$tmp/al.out")" "$(sort "$tmp/st.out")"
}

run_backend() {
  backend=$1

  # (a) Alembic to A2, strata continues to head.
  step="(a) alembic then strata"
  new_db a
  must al upgrade $A2
  expect_eq "alembic upgrade A2: version rows" "$A2" "$(versions)"
  must st upgrade head
  expect_eq "strata upgrade head ran only A2 -> A3" "Running upgrade $A2 -> $A3, posts" "$(running_lines "$tmp/st.err")"
  expect_eq "version rows = head" "$A3" "$(versions)"
  expect_eq "users rows not duplicated" 2 "$(q 'SELECT count(*) FROM users')"
  expect_eq "posts row inserted once" 1 "$(q 'SELECT count(*) FROM posts')"
  must st current
  expect_eq "strata current" "$A3 (head)" "$(cat "$tmp/st.out")"
  compare_current "at head"
  local cols_mixed; cols_mixed=$(columns)
  # strata downgrades what Alembic built, down to base.
  must st downgrade base
  expect_eq "strata downgrade base: running lines" \
    "$(printf 'Running downgrade %s -> %s, posts\nRunning downgrade %s -> %s, email\nRunning downgrade %s -> , users' $A3 $A2 $A2 $A1 $A1)" \
    "$(running_lines "$tmp/st.err")"
  expect_eq "no user table after downgrade base" "" "$(user_tables)"
  expect_eq "version table empty after downgrade base" "" "$(versions)"

  # The whole graph applied by Alembic alone gives the same columns.
  new_db a_ref
  must al upgrade head
  expect_eq "columns: alembic-only vs alembic+strata" "$(columns)" "$cols_mixed"
  local alembic_vt; alembic_vt=$(version_table_ddl)

  # (b) strata to A2, Alembic continues.
  step="(b) strata then alembic"
  new_db b
  must st upgrade $A2
  expect_eq "strata upgrade A2: version rows" "$A2" "$(versions)"
  expect_eq "version table DDL = Alembic's" "$alembic_vt" "$(version_table_ddl)"
  compare_current "at A2"
  must al upgrade head
  expect_eq "alembic upgrade head ran only A2 -> A3" \
    "Running upgrade $A2 -> $A3, posts" "$(running_lines "$tmp/al.err")"
  if grep -qi 'create table.*alembic_version\|already exists' "$tmp/al.err"; then
    fail "alembic tried to create the version table strata made"; sed 's/^/    /' "$tmp/al.err" | tail -5
  fi
  expect_eq "version rows = head" "$A3" "$(versions)"
  must al current
  expect_eq "alembic current" "$A3 (head)" "$(cat "$tmp/al.out")"
  must st current
  expect_eq "strata current" "$A3 (head)" "$(cat "$tmp/st.out")"
  # strata's revision log survives Alembic's run: A1 and A2 are checked
  # against their files, A3 (Alembic's) is noted as not recorded, exit 0.
  must st verify
  expect_eq "strata verify after alembic upgrade" \
    "$(printf 'note: 1 applied revision(s) not in the revision log (applied by Alembic, or by strata before it kept one), so not checked: %s\nOK: 2 applied revision(s) match their files as recorded' "$A3")" \
    "$(cat "$tmp/st.out")"
  # Alembic downgrades what strata built (strata's table, strata's index...).
  must al downgrade $A1
  expect_eq "alembic downgrade A1 after strata: version rows" "$A1" "$(versions)"
  expect_eq "tables" "users" "$(user_tables)"
  must st upgrade head
  expect_eq "strata re-applies A2, A3" \
    "$(printf 'Running upgrade %s -> %s, email\nRunning upgrade %s -> %s, posts' $A1 $A2 $A2 $A3)" \
    "$(running_lines "$tmp/st.err")"

  # (c) alembic stamp on a strata-built schema.
  step="(c) alembic stamp"
  new_db c
  must st upgrade head
  must al stamp $A2
  expect_eq "alembic stamp A2: version rows" "$A2" "$(versions)"
  must st current
  expect_eq "strata current after alembic stamp A2" "$A2" "$(cat "$tmp/st.out")"
  must al stamp head
  must st current
  expect_eq "strata current after alembic stamp head" "$A3 (head)" "$(cat "$tmp/st.out")"
  must st upgrade head
  expect_eq "strata upgrade head is a no-op" "" "$(running_lines "$tmp/st.err")"
  # Schema made by strata, no version table at all: alembic stamp head creates it.
  q "DROP TABLE alembic_version" >/dev/null
  must st current
  expect_eq "strata current without a version table" "" "$(cat "$tmp/st.out")"
  must al stamp head
  expect_eq "alembic stamp head on a strata schema: version rows" "$A3" "$(versions)"
  must st current
  expect_eq "strata current" "$A3 (head)" "$(cat "$tmp/st.out")"
  # and the other way: strata stamp, alembic reads it.
  must st stamp $A1
  must al current
  expect_eq "alembic current after strata stamp A1" "$A1" "$(cat "$tmp/al.out")"
  must st stamp base
  expect_eq "strata stamp base empties the version table" "" "$(versions)"
  must al current
  expect_eq "alembic current after strata stamp base" "" "$(cat "$tmp/al.out")"

  # (d) branches and a merge, alternating tools.
  step="(d) branches"
  add_branches
  new_db d
  must st upgrade $A3
  must al upgrade $B1
  expect_eq "alembic upgrade B1 on strata's A3" "$B1" "$(versions)"
  compare_current "at B1"
  must st upgrade $C1
  expect_eq "strata upgrade C1 ran only C1" "Running upgrade $A3 -> $C1, tags" "$(running_lines "$tmp/st.err")"
  expect_eq "two heads" "$(printf '%s\n%s' $B1 $C1)" "$(versions)"
  compare_current "at B1 + C1"
  must al upgrade heads
  expect_eq "alembic upgrade heads: merge only" "$M1" "$(versions)"
  compare_current "at M1"
  must st downgrade $C1
  expect_eq "strata downgrade C1 (unmerge)" "$(printf '%s\n%s' $B1 $C1)" "$(versions)"
  compare_current "after strata downgrade C1"
  must al downgrade feat@-1
  expect_eq "alembic downgrade feat@-1" "$C1" "$(versions)"
  compare_current "after alembic downgrade feat@-1"
  must st upgrade heads
  expect_eq "strata upgrade heads" "$M1" "$(versions)"
  expect_eq "strata upgrade heads ran B1 and the merge" \
    "$(printf 'Running upgrade %s -> %s, posts body\nRunning upgrade %s, %s -> %s, merge' $A3 $B1 $B1 $C1 $M1)" \
    "$(running_lines "$tmp/st.err")"
  must al downgrade base
  expect_eq "alembic downgrade base" "" "$(versions)"
  expect_eq "alembic downgrade base leaves no table" "" "$(user_tables)"

  unset DATABASE_URL
}

# version_table_ddl: the version table's definition, normalised.
version_table_ddl() {
  if [ "$backend" = sqlite ]; then
    q "SELECT sql FROM sqlite_master WHERE name='alembic_version'" | tr -d '"\n\t' | tr -s ' ' | sed 's/ *\([(),]\) */\1/g'
  elif [ "$backend" = mysql ]; then
    q "SELECT column_name, column_type, is_nullable, column_key, collation_name FROM information_schema.columns
       WHERE table_schema=DATABASE() AND table_name='alembic_version'"
    q "SELECT constraint_name, constraint_type FROM information_schema.table_constraints
       WHERE table_schema=DATABASE() AND table_name='alembic_version'"
    q "SELECT engine, table_collation FROM information_schema.tables WHERE table_schema=DATABASE() AND table_name='alembic_version'"
  else
    q "SELECT column_name, data_type, character_maximum_length, is_nullable FROM information_schema.columns WHERE table_name='alembic_version'"
    q "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'alembic_version'::regclass"
  fi
}

for b in sqlite postgresql mysql; do
  # parts (a)-(c) use the linear graph; (d) adds the branches.
  rm -f "$tmp"/al/scripts/versions/{b1,c1,m1}.py "$tmp"/st/migrations/versions/{b1,c1,m1}_*.yaml
  run_backend "$b"
done

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
