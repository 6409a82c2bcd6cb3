#!/usr/bin/env bash
# The user story of adopting an Alembic project (SPEC §10.2), end to end, on
# SQLite, PostgreSQL and MariaDB (Alembic through PyMySQL), against Debian's
# real Alembic. A project made by
# `alembic init`, with SQLAlchemy models and revisions Alembic autogenerates
# (users; posts; a column and an index), a hand-written data migration that
# strata cannot translate (op.get_bind() in a loop), a branch (a comments
# table, a column) and `alembic merge heads`; Alembic migrates a database to
# the head. Then, in a fresh folder: `strata import alembic` (exit 3, the data
# migration named); `strata current`/`history` agree with Alembic's; `strata
# squash` of the whole history from Alembic's database builds a NEW database
# at the same head without running the untranslated revision; a new strata
# revision applies on both; the two catalogs are identical; and a downgrade
# through the branch and the data migration leaves strata's copy exactly as
# Alembic's own downgrade leaves its copy.
# Usage: alembic_story_test.sh PATH_TO_STRATA
set -uo pipefail

if [ $# -lt 1 ]; then echo "usage: $0 PATH_TO_STRATA" >&2; exit 2; fi
strata=$(realpath "$1")
python=/usr/bin/python3

. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
if [ ! -x "$python" ] || ! env -u PYTHONPATH -u PYTHONHOME "$python" -c 'import alembic, sqlalchemy, psycopg2, pymysql' >/dev/null 2>&1; then
  echo "FAIL: python3-alembic (with python3-sqlalchemy, python3-psycopg2, python3-pymysql) is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
for tool in sqlite3 psql mariadb mariadb-dump; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed" >&2; exit 1; }
done
require_pg
require_mysql
e2e_harness story

expect_eq() {
  if [ "$2" = "$3" ]; then ok "$1"
  else fail "$1: expected [$(printf '%s' "$2" | tr '\n' ';')], got [$(printf '%s' "$3" | tr '\n' ';')]"; fi
}
# alembic ARGS: Alembic in the Alembic project; STORY_URL (when set) names
# the database instead of alembic.ini's sqlalchemy.url (see env.py below).
alembic() { (cd "$al" && env -u PYTHONPATH -u PYTHONHOME "$python" -m alembic "$@") >"$tmp/al.out" 2>"$tmp/al.err"; }
al_err() { cat "$tmp/al.out" "$tmp/al.err" | sed "s/^/    /" | tail -8; }
# st ARGS: strata in the strata project; stdout -> $tmp/st.out, stderr -> $tmp/st.err.
st() { (cd "$stp" && "$strata" "$@") >"$tmp/st.out" 2>"$tmp/st.err"; }
st_err() { sed 's/^/    /' "$tmp/st.err" | head -8; }

# new_db NAME: a fresh empty database; sets $url.
new_db() {
  if [ "$backend" = sqlite ]; then
    rm -f "$tmp/$backend-$1.db"; url="sqlite:///$tmp/$backend-$1.db"
  elif [ "$backend" = mysql ]; then
    my_create_db "strata_story_$1"; url="mysql+pymysql://${my_url#mysql://}"
  else
    pg_create_db "strata_story_$1"; url="${STRATA_TEST_PG_URL%/*}/$pg_db"
  fi
}
# copy_db URL NAME: a copy of the database at URL; sets $url.
copy_db() {
  if [ "$backend" = sqlite ]; then
    cp "${1#sqlite:///}" "$tmp/$backend-$2.db"; url="sqlite:///$tmp/$backend-$2.db"
  elif [ "$backend" = mysql ]; then
    # No TEMPLATE in MariaDB: a dump, restored into a fresh database.
    my_create_db "strata_story_$2"
    mariadb-dump --no-defaults -h "$STRATA_TEST_MYSQL_HOST" -P "$STRATA_TEST_MYSQL_PORT" -u strata -pstrata-test-pw \
      --default-character-set=utf8mb4 "${1##*/}" | my_admin --default-character-set=utf8mb4 "$my_db" || exit 1
    url="mysql+pymysql://${my_url#mysql://}"
  else
    pg_db="strata_story_$2_$$_${RANDOM}"
    psql -X -q -v ON_ERROR_STOP=1 "$STRATA_TEST_PG_URL" -c "CREATE DATABASE $pg_db TEMPLATE ${1##*/}" >/dev/null || exit 1
    pg_dbs+=("$pg_db"); url="${STRATA_TEST_PG_URL%/*}/$pg_db"
  fi
}
# q URL SQL: one query, unaligned rows separated by '|'.
q() {
  if [ "$backend" = sqlite ]; then sqlite3 -batch -separator '|' "${1#sqlite:///}" "$2"
  elif [ "$backend" = mysql ]; then my_admin -N -B "${1##*/}" -e "$2" | tr '\t' '|'
  else psql -X -A -t -q -v ON_ERROR_STOP=1 "$1" -c "$2"; fi
}
versions() { q "$1" "SELECT version_num FROM alembic_version ORDER BY version_num"; }

# catalog URL: the schema, one normalised line per fact, alembic_version left
# out. SQLite through the pragmas (sqlite_master's text differs in quoting);
# PostgreSQL through information_schema, pg_indexes and pg_constraint.
catalog() {
  local db=$1 t
  if [ "$backend" = sqlite ]; then
    for t in $(q "$db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('alembic_version', 'strata_revisions') ORDER BY name"); do
      echo "table $t"
      q "$db" "SELECT 'column', cid, name, type, \"notnull\", quote(dflt_value), pk FROM pragma_table_info('$t') ORDER BY cid"
      q "$db" "SELECT 'index', il.name, il.\"unique\", il.origin, il.partial,
                 (SELECT group_concat(coalesce(name, '<expr>'), ',') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno))
               FROM pragma_index_list('$t') il ORDER BY il.name"
      q "$db" "SELECT 'foreign key', id, seq, \"table\", \"from\", \"to\", on_update, on_delete, \"match\" FROM pragma_foreign_key_list('$t') ORDER BY id, seq"
    done
    # No pragma lists CHECK constraints: which tables have one is compared
    # here, and what comments' one enforces by check_enforced below.
    q "$db" "SELECT 'table with a CHECK', name FROM sqlite_master WHERE type = 'table' AND upper(sql) LIKE '%CHECK%' ORDER BY name"
  elif [ "$backend" = mysql ]; then
    # MariaDB: information_schema, one database per test database.
    q "$db" "SELECT 'column', table_name, ordinal_position, column_name, column_type, is_nullable, coalesce(column_default, '<none>'),
               extra, coalesce(collation_name, '-')
             FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name NOT IN ('alembic_version', 'strata_revisions')
             ORDER BY table_name, ordinal_position"
    # The index MySQL adds for a foreign key: not its name, which MySQL takes
    # from the key, or from the first column when the key was unnamed (strata
    # names every key it creates).
    q "$db" "WITH ix AS (SELECT table_name t, index_name n, non_unique u, index_type y, GROUP_CONCAT(column_name ORDER BY seq_in_index) c
                         FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name NOT IN ('alembic_version', 'strata_revisions')
                         GROUP BY table_name, index_name, non_unique, index_type),
                  fk AS (SELECT table_name t, constraint_name n, GROUP_CONCAT(column_name ORDER BY ordinal_position) c
                         FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND referenced_table_name IS NOT NULL
                         GROUP BY table_name, constraint_name)
             SELECT 'index', ix.t, IF(ix.u = 1 AND EXISTS (SELECT 1 FROM fk WHERE fk.t = ix.t AND fk.c = ix.c
                                        AND (fk.n = ix.n OR SUBSTRING_INDEX(fk.c, ',', 1) = ix.n)), '<foreign key index>', ix.n) AS name,
               ix.u, ix.y, ix.c
             FROM ix ORDER BY 2, 3, 6"
    q "$db" "SELECT 'constraint', tc.table_name, tc.constraint_name, tc.constraint_type, coalesce(cc.check_clause, '-')
             FROM information_schema.table_constraints tc LEFT JOIN information_schema.check_constraints cc
               ON cc.constraint_schema = tc.constraint_schema AND cc.table_name = tc.table_name AND cc.constraint_name = tc.constraint_name
             WHERE tc.table_schema = DATABASE() AND tc.table_name NOT IN ('alembic_version', 'strata_revisions') ORDER BY 2, 3"
    q "$db" "SELECT 'foreign key', rc.table_name, rc.constraint_name, rc.referenced_table_name, rc.update_rule, rc.delete_rule,
               GROUP_CONCAT(CONCAT(k.column_name, '->', k.referenced_column_name) ORDER BY k.ordinal_position)
             FROM information_schema.referential_constraints rc JOIN information_schema.key_column_usage k
               ON k.constraint_schema = rc.constraint_schema AND k.table_name = rc.table_name AND k.constraint_name = rc.constraint_name
             WHERE rc.constraint_schema = DATABASE()
             GROUP BY rc.table_name, rc.constraint_name, rc.referenced_table_name, rc.update_rule, rc.delete_rule ORDER BY 2, 3"
  else
    q "$db" "SELECT 'column', table_name, ordinal_position, column_name, data_type, coalesce(character_maximum_length::text, '-'),
               coalesce(numeric_precision::text, '-'), coalesce(datetime_precision::text, '-'), is_nullable, coalesce(column_default, '<none>'),
               is_identity, coalesce(identity_generation, '-')
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT IN ('alembic_version', 'strata_revisions')
             ORDER BY table_name, ordinal_position"
    q "$db" "SELECT 'index', tablename, indexname, indexdef FROM pg_indexes
             WHERE schemaname = 'public' AND tablename NOT IN ('alembic_version', 'strata_revisions') ORDER BY tablename, indexname"
    # Primary keys: the definition, not the name (strata cannot name one yet).
    q "$db" "SELECT 'constraint', c.conrelid::regclass::text, CASE WHEN c.contype = 'p' THEN '<primary key>' ELSE c.conname END,
               c.contype, pg_get_constraintdef(c.oid)
             FROM pg_constraint c WHERE c.connamespace = 'public'::regnamespace AND c.conrelid <> 0
               AND c.conrelid::regclass::text NOT IN ('alembic_version', 'strata_revisions') ORDER BY 2, 3, 5"
    q "$db" "SELECT 'sequence', sequencename, data_type, start_value, increment_by FROM pg_sequences WHERE schemaname = 'public' ORDER BY 2"
  fi
}
# same_catalog WHAT URL_A URL_B
same_catalog() {
  catalog "$2" >"$tmp/cat.a"; catalog "$3" >"$tmp/cat.b"
  if [ ! -s "$tmp/cat.a" ]; then fail "$1: the catalog is empty"
  elif diff "$tmp/cat.a" "$tmp/cat.b" >"$tmp/cat.diff"; then ok "$1 ($(wc -l <"$tmp/cat.a") catalog lines)"
  else fail "$1: catalogs differ (< first, > second):"; sed 's/^/    /' "$tmp/cat.diff"; fi
}

# models STAGE: app/models.py as the team writes it over time:
# 1 users; 2 and posts; 3 and posts.tags with an index.
models() {
  cat >"$al/app/models.py" <<'EOF'
import sqlalchemy as sa
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    email = Column(String(255), unique=True, index=True, nullable=False)
    username = Column(String(50), unique=True, index=True, nullable=False)
    hashed_password = Column(String(255), nullable=False)
    full_name = Column(String(255))
    bio = Column(Text)
    is_active = Column(Boolean, nullable=False, server_default=sa.true())
    created_at = Column(DateTime(timezone=True), server_default=func.now())
EOF
  [ "$1" -ge 2 ] && cat >>"$al/app/models.py" <<'EOF'


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    title = Column(String(255), nullable=False, index=True)
    slug = Column(String(255), unique=True, index=True, nullable=False)
    content = Column(Text, nullable=False)
    published = Column(Boolean, nullable=False, server_default=sa.false())
    author_id = Column(Integer, ForeignKey("users.id"), nullable=False)
    created_at = Column(DateTime(timezone=True), server_default=func.now())
EOF
  [ "$1" -ge 3 ] && cat >>"$al/app/models.py" <<'EOF'
    tags = Column(String(100), index=True)
EOF
  return 0
}

# autogenerate ID MESSAGE: `alembic revision --autogenerate` against the
# database, after `alembic upgrade head`.
autogenerate() {
  if ! alembic upgrade head; then fail "alembic upgrade head before $1"; al_err; return 1; fi
  if alembic revision --autogenerate --rev-id "$1" -m "$2"; then ok "alembic revision --autogenerate: $2"
  else fail "alembic revision --autogenerate: $2"; al_err; return 1; fi
}

# replace_body FILE FUNCTION: FUNCTION's body in the generated FILE becomes stdin.
replace_body() {
  BODY=$(cat) env -u PYTHONPATH -u PYTHONHOME "$python" - "$1" "$2" <<'EOF'
import os, re, sys
path, fn = sys.argv[1], sys.argv[2]
src = open(path).read()
pat = re.compile(r"(def %s\(\)[^:]*:\n)(?:    .*\n|\n)*?(?=\n\ndef |\Z)" % fn)
new, n = pat.subn(lambda m: m.group(1) + os.environ["BODY"].rstrip("\n") + "\n", src, count=1)
assert n == 1, "no %s() in %s" % (fn, path)
open(path, "w").write(new)
EOF
}

story() {
  backend=$1
  local base="$tmp/$backend" alembic_url fresh_url next_file rc id
  al="$base/al" stp="$base/st"
  mkdir -p "$al/app" "$stp"
  unset STORY_URL

  # --- 1. the Alembic project, made by Alembic ---------------------------------
  step="alembic project"
  if ! alembic init alembic; then fail "alembic init"; al_err; return; fi
  new_db alembic; alembic_url=$url
  if [ "$backend" = sqlite ]; then
    # Relative, as projects have it: Alembic runs in the project's folder.
    alembic_url="sqlite:///$al/app.db"
    sed -i 's|^sqlalchemy.url = .*|sqlalchemy.url = sqlite:///app.db|' "$al/alembic.ini"
  else
    # configparser: a % in the URL is written %%.
    URL="$alembic_url" env -u PYTHONPATH -u PYTHONHOME "$python" - "$al/alembic.ini" <<'EOF'
import os, sys
p = sys.argv[1]
lines = open(p).read().split("\n")
lines = ["sqlalchemy.url = " + os.environ["URL"].replace("%", "%%") if l.startswith("sqlalchemy.url =") else l for l in lines]
open(p, "w").write("\n".join(lines))
EOF
  fi
  : >"$al/app/__init__.py"
  models 1
  # env.py: the models' metadata, and STORY_URL (for the copies in step 9).
  env -u PYTHONPATH -u PYTHONHOME "$python" - "$al/alembic/env.py" <<'EOF'
import sys
p = sys.argv[1]
src = open(p).read()
assert "target_metadata = None\n" in src and "config = context.config\n" in src
src = src.replace("target_metadata = None\n",
    "import os\nimport sys\n"
    "sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))\n"
    "from app.models import Base\n"
    "target_metadata = Base.metadata\n", 1)
src = src.replace("config = context.config\n",
    "config = context.config\n"
    "if os.environ.get('STORY_URL'):\n"
    "    config.set_main_option('sqlalchemy.url', os.environ['STORY_URL'].replace('%', '%%'))\n", 1)
src = "import os\n" + src
open(p, "w").write(src)
EOF
  local v="$al/alembic/versions"

  # --- 2. the revisions ---------------------------------------------------------
  step="alembic revisions"
  autogenerate a1f0c2d3e4b5 "create users" || return
  grep -q "op.create_table('users'" "$v/a1f0c2d3e4b5_create_users.py" && ok "users autogenerated" || fail "no create_table users in the autogenerated file"
  models 2
  autogenerate b2e1d3c4f5a6 "add posts" || return
  grep -q "op.create_table('posts'" "$v/b2e1d3c4f5a6_add_posts.py" && ok "posts autogenerated" || fail "no create_table posts"
  models 3
  autogenerate c3d2e4f5a6b7 "add posts.tags" || return
  grep -q "op.add_column('posts', sa.Column('tags'" "$v/c3d2e4f5a6b7_add_posts_tags.py" && grep -q "op.create_index(op.f('ix_posts_tags')" "$v/c3d2e4f5a6b7_add_posts_tags.py" \
    && ok "tags column and index autogenerated" || { fail "no add_column/create_index for tags"; cat "$v/c3d2e4f5a6b7_add_posts_tags.py"; }

  # A data migration: a query through the connection and a loop (untranslatable);
  # its downgrade is `pass` (translatable: nothing to undo).
  if ! alembic revision --rev-id d4e3f5a6b7c8 -m "backfill"; then fail "alembic revision backfill"; al_err; return; fi
  replace_body "$v/d4e3f5a6b7c8_backfill.py" upgrade <<'EOF'
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, title FROM posts WHERE tags IS NULL")).fetchall()
    for post_id, title in rows:
        op.execute(sa.text("UPDATE posts SET tags = 'untagged' WHERE id = %d" % post_id))
EOF
  # The branch: two revisions on the backfill, hand-written as autogenerate writes.
  if ! alembic revision --rev-id e5f4a6b7c8d9 --head d4e3f5a6b7c8 -m "add comments"; then fail "alembic revision comments"; al_err; return; fi
  replace_body "$v/e5f4a6b7c8d9_add_comments.py" upgrade <<'EOF'
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
    sa.CheckConstraint("length(body) > 0", name='ck_comments_body_not_empty'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('post_id', 'created_at', name='uq_comments_post_id_created_at')
    )
    op.create_index(op.f('ix_comments_post_id'), 'comments', ['post_id'], unique=False)
    # ### end Alembic commands ###
EOF
  replace_body "$v/e5f4a6b7c8d9_add_comments.py" downgrade <<'EOF'
    op.drop_index(op.f('ix_comments_post_id'), table_name='comments')
    op.drop_table('comments')
EOF
  # d4e3f5a6b7c8 is no head any more: Alembic wants --splice to branch from it.
  if ! alembic revision --rev-id f6a5b7c8d9e0 --head d4e3f5a6b7c8 --splice -m "add users.last_login"; then fail "alembic revision last_login"; al_err; return; fi
  replace_body "$v/f6a5b7c8d9e0_add_users_last_login.py" upgrade <<'EOF'
    op.add_column('users', sa.Column('last_login', sa.DateTime(timezone=True), nullable=True))
EOF
  replace_body "$v/f6a5b7c8d9e0_add_users_last_login.py" downgrade <<'EOF'
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('last_login')
EOF
  alembic heads
  expect_eq "two heads" "e5f4a6b7c8d9 (head);f6a5b7c8d9e0 (head)" "$(sed 's/[[:space:]]*$//' "$tmp/al.out" | sort | paste -sd';')"
  if alembic merge heads --rev-id 0a9b8c7d6e5f -m merge; then ok "alembic merge heads"; else fail "alembic merge heads"; al_err; return; fi
  local merge=0a9b8c7d6e5f before_data=c3d2e4f5a6b7

  # --- 3. Alembic migrates its database ----------------------------------------
  step="alembic upgrade"
  if alembic upgrade head; then ok "alembic upgrade head"; else fail "alembic upgrade head"; al_err; return; fi
  alembic current
  local alembic_current; alembic_current=$(grep -v '^INFO' "$tmp/al.out" | sed 's/[[:space:]]*$//')
  expect_eq "alembic current" "$merge (head) (mergepoint)" "$alembic_current"
  alembic history
  sed 's/[[:space:]]*$//' "$tmp/al.out" | sort >"$tmp/al.history"
  # For step 9, while Alembic still knows every revision the database is at.
  copy_db "$alembic_url" down_alembic; local down_alembic=$url
  copy_db "$alembic_url" down_strata; local down_strata=$url

  # --- 4. the import, in a fresh folder -----------------------------------------
  step="import"
  st import alembic ../al/alembic.ini; rc=$?
  expect_eq "exit 3: the data migration is untranslated" 3 "$rc"
  grep -q "^untranslated  d4e3f5a6b7c8  ../al/alembic/versions/d4e3f5a6b7c8_backfill.py: upgrade: .*get_bind" "$tmp/st.out" \
    && ok "the report names the data migration and why" || { fail "untranslated line"; sed 's/^/    /' "$tmp/st.out"; }
  for id in a1f0c2d3e4b5 b2e1d3c4f5a6 c3d2e4f5a6b7 e5f4a6b7c8d9 f6a5b7c8d9e0 $merge; do
    grep -q "^translated    $id  " "$tmp/st.out" || fail "$id: not reported as translated"
  done
  expect_eq "the counts" "7 revisions imported: 6 translated, 1 with untranslated bodies" "$(tail -1 "$tmp/st.out")"

  # --- 5. strata reads Alembic's database as Alembic does ---------------------
  # No --url: the database_url the importer took from alembic.ini.
  step="after import"
  st current; rc=$?
  expect_eq "strata current (the importer's URL) names Alembic's head" "$alembic_current" "$(cat "$tmp/st.out")"
  [ "$rc" -eq 0 ] || st_err
  st history
  sort "$tmp/st.out" >"$tmp/st.history"
  if [ -s "$tmp/al.history" ] && diff "$tmp/al.history" "$tmp/st.history" >"$tmp/history.diff"; then ok "strata history has alembic history's lines"
  else fail "history lines differ (< alembic, > strata):"; sed 's/^/    /' "$tmp/history.diff"; fi

  # The seed's autogenerated revisions, linted (SPEC §10.4): the one true
  # finding is the index added to the existing posts table, which locks its
  # writes on PostgreSQL; nothing else is said (no false finding).
  st lint; rc=$?
  local codes want=""
  codes=$(sed -n 's/^[^ ]*: \([a-z0-9-]*\) \(error\|warning\):.*/\1/p' "$tmp/st.out" | sort | paste -sd' ')
  [ "$backend" = postgresql ] && want="pg-index-not-concurrent"
  expect_eq "strata lint on the imported revisions finds only what is true" "$want" "$codes"
  expect_eq "strata lint exits 0 (warnings only)" 0 "$rc"

  # --- 7. the squash, and a fresh database built by strata ---------------------
  # Before step 6: --from-url needs a database at TO alone, and Alembic's is
  # at the merge only until strata's new revision runs on it. The new
  # revision then builds on the squashed history, on both databases.
  step="squash"
  st squash "$merge" -m squash --rev-id sq0001 --from-url "$alembic_url"; rc=$?
  expect_eq "strata squash --from-url Alembic's database" 0 "$rc"
  [ "$rc" -eq 0 ] || st_err
  new_db fresh; fresh_url=$url
  st --url "$fresh_url" upgrade head; rc=$?
  expect_eq "upgrade head on a new database" 0 "$rc"
  [ "$rc" -eq 0 ] || st_err
  grep -q "Running upgrade  -> $merge, squash (squash sq0001 of 7 revisions)" "$tmp/st.err" && ok "the squash ran" || { fail "the squash did not run"; st_err; }
  expect_eq "one revision ran" 1 "$(grep -c 'Running upgrade' "$tmp/st.err")"
  expect_eq "the new database is at Alembic's head" "$merge" "$(versions "$fresh_url")"
  same_catalog "strata's squash builds Alembic's schema" "$alembic_url" "$fresh_url"

  # --- 6. a new strata revision, on Alembic's database and the new one --------
  step="continue"
  st revision -m next --rev-id next01; rc=$?
  expect_eq "strata revision" 0 "$rc"
  next_file="$stp/$(cat "$tmp/st.out")"; [ -f "$next_file" ] || next_file=$(cat "$tmp/st.out")
  grep -q "^down_revision: $merge\$" "$next_file" && ok "the new revision builds on the merge" || { fail "down_revision of the new revision"; grep revision "$next_file"; }
  sed -i 's/^upgrade: \[\]$/upgrade:\n  - add_column: {table: posts, column: {name: views, type: integer, nullable: false, server_default: "0"}}/; s/^downgrade: \[\]$/downgrade:\n  - drop_column: {table: posts, name: views}/' "$next_file"
  grep -q 'add_column: {table: posts' "$next_file" || fail "the new revision's upgrade was not edited"
  st upgrade head; rc=$?
  expect_eq "strata upgrade head on Alembic's database" 0 "$rc"
  [ "$rc" -eq 0 ] || st_err
  expect_eq "only the new revision ran" "Running upgrade $merge -> next01, next" "$(grep -o 'Running upgrade .*' "$tmp/st.err" | sed 's/[[:space:]]*$//')"
  expect_eq "the version row of Alembic's database" next01 "$(versions "$alembic_url")"
  st --url "$fresh_url" upgrade head; rc=$?
  expect_eq "strata upgrade head on the new database" 0 "$rc"
  expect_eq "the version row of the new database" next01 "$(versions "$fresh_url")"

  # --- 8. the two catalogs --------------------------------------------------------
  step="catalogs"
  same_catalog "the database strata built has Alembic's database's schema" "$alembic_url" "$fresh_url"
  expect_eq "posts.views exists" 1 "$(catalog "$fresh_url" | grep -c '|views|')"
  if [ "$backend" = sqlite ]; then
    expect_eq "the unique constraint is there" 1 "$(catalog "$fresh_url" | grep -c '^index|sqlite_autoindex_comments_1|1|u|0|post_id,created_at$')"
    expect_eq "the CHECK constraint is there" "table with a CHECK|comments" "$(catalog "$fresh_url" | grep '^table with a CHECK')"
    # What the CHECK enforces (its text is not comparable): the same refusal
    # on both databases (the statement fails, so neither changes).
    local db
    for db in "$alembic_url" "$fresh_url"; do
      q "$db" "INSERT INTO comments (post_id, body) VALUES (1, '')" >/dev/null 2>"$tmp/check.err"
      grep -q "CHECK constraint failed: ck_comments_body_not_empty" "$tmp/check.err" && ok "an empty body is refused by ck_comments_body_not_empty (${db##*/})" \
        || { fail "no CHECK refusal on ${db##*/}"; cat "$tmp/check.err"; }
      q "$db" "INSERT INTO comments (post_id, body) VALUES (1, 'x')" >/dev/null 2>"$tmp/check.err" && q "$db" "DELETE FROM comments" \
        && ok "a body is accepted (${db##*/})" || { fail "a valid comment is refused on ${db##*/}"; cat "$tmp/check.err"; }
    done
  elif [ "$backend" = mysql ]; then
    expect_eq "the unique and CHECK constraints are there" \
      "constraint|comments|ck_comments_body_not_empty|CHECK|octet_length(\`body\`) > 0;constraint|comments|uq_comments_post_id_created_at|UNIQUE|-" \
      "$(catalog "$fresh_url" | grep '^constraint|comments|[^|]*|\(CHECK\|UNIQUE\)|' | paste -sd';')"
  else
    expect_eq "the unique and CHECK constraints are there" \
      "constraint|comments|ck_comments_body_not_empty|c|CHECK ((length(body) > 0));constraint|comments|uq_comments_post_id_created_at|u|UNIQUE (post_id, created_at)" \
      "$(catalog "$fresh_url" | grep '^constraint|comments|[^|]*|[cu]|' | paste -sd';')"
  fi

  # --- 9. downgrade parity --------------------------------------------------------
  # To the revision before the data migration (the branch grows from the
  # data migration itself): both sides, the merge and the backfill's `pass`
  # downgrade run, on copies taken while the database was at the merge.
  step="downgrade"
  if STORY_URL="$down_alembic" alembic downgrade "$before_data"; then ok "alembic downgrade $before_data"; else fail "alembic downgrade"; al_err; fi
  st --url "$down_strata" downgrade "$before_data"; rc=$?
  expect_eq "strata downgrade $before_data (through the merge, both branches and the backfill's pass)" 0 "$rc"
  [ "$rc" -eq 0 ] || st_err
  expect_eq "the downgrade ran four revisions" 4 "$(grep -c 'Running downgrade' "$tmp/st.err")"
  expect_eq "Alembic's copy is at $before_data" "$before_data" "$(versions "$down_alembic")"
  expect_eq "the version rows agree" "$(versions "$down_alembic")" "$(versions "$down_strata")"
  same_catalog "the catalogs after the downgrades agree" "$down_alembic" "$down_strata"
  expect_eq "comments is gone" 0 "$(catalog "$down_strata" | grep -c comments)"
  step=""
}

start=$SECONDS
story sqlite
story postgresql
story mysql
backend=all
echo "# $((SECONDS - start)) s"
if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
