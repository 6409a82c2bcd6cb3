#!/usr/bin/env bash
# The SQLAlchemy bridge (SPEC §10.3, contrib/sqlalchemy/strata_models.py) as a
# team would use it, against Debian's real SQLAlchemy, on SQLite and on the
# real PostgreSQL. The seed's models (User, Post, Comment, Product) live in a
# Python package with a declarative Base and a naming convention; strata.yaml
# reads them through `models: [{command: "python3 .../strata_models.py
# app.models:Base"}]`.
#  (a) a database made by Base.metadata.create_all(): `strata check` finds
#      nothing;
#  (b) an empty database: `strata revision --autogenerate` then `strata
#      upgrade head` builds the same catalog as create_all (pg_dump -s on
#      PostgreSQL; the pragmas on SQLite), and `check` is clean there too;
#  (c) the bridge's YAML, exactly, for what (a) and (b) cannot show yet
#      (primary-key names, Identity, native enums: formats of helpers working
#      in parallel), plus schemas, comments, dialect types and defaults;
#  (d) its error paths and those of a failing command source.
# Usage: sqlalchemy_bridge_test.sh PATH_TO_STRATA
set -uo pipefail

if [ $# -lt 1 ]; then echo "usage: $0 PATH_TO_STRATA" >&2; exit 2; fi
strata=$(realpath "$1")
here=$(dirname "$(realpath "${BASH_SOURCE[0]}")")
bridge=$(realpath "$here/../../contrib/sqlalchemy/strata_models.py")
python=/usr/bin/python3
py() { env -u PYTHONPATH -u PYTHONHOME "$python" "$@"; }

. "$here/harness.sh"
if [ ! -x "$python" ] || ! py -c 'import sqlalchemy, psycopg2' >/dev/null 2>&1; then
  echo "FAIL: python3-sqlalchemy and python3-psycopg2 are not installed (scripts/install-deps.sh installs them)" >&2
  exit 1
fi
for tool in sqlite3 psql pg_dump; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed" >&2; exit 1; }
done
require_pg
e2e_harness bridge

expect_eq() {
  if [ "$2" = "$3" ]; then ok "$1"
  else fail "$1: expected [$(printf '%s' "$2" | tr '\n' ';')], got [$(printf '%s' "$3" | tr '\n' ';')]"; fi
}
# expect_in WHAT NEEDLE FILE
expect_in() {
  if grep -qF -- "$2" "$3"; then ok "$1"
  else fail "$1: [$2] not in:"; sed 's/^/    /' "$3" | head -8; fi
}

# The project: strata.yaml, and the models package (app/) next to it.
proj=$tmp/project
mkdir -p "$proj/migrations/versions" "$proj/app"
cat >"$proj/strata.yaml" <<EOF
script_location: migrations
database_url: \${BRIDGE_URL}
models:
  - {command: "env -u PYTHONPATH /usr/bin/python3 $bridge app.models:Base"}
naming_convention:
  ix: "ix_{table}_{column_0}"
  uq: "uq_{table}_{column_0}"
  ck: "ck_{table}_{constraint}"
  fk: "fk_{table}_{column_0}_{referred_table}"
  pk: "pk_{table}"
EOF
# The same convention in SQLAlchemy's spelling, so (a) and (b) cover the
# primary-key names too.
touch "$proj/app/__init__.py"
cat >"$proj/app/database.py" <<'EOF'
from sqlalchemy import MetaData
from sqlalchemy.orm import declarative_base

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))
EOF
cat >"$proj/app/models.py" <<'EOF'
"""The seed's models: users, their posts and comments, and a product catalogue."""
from sqlalchemy import (Boolean, CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, Numeric, String,
                        Text, text)
from sqlalchemy.orm import relationship
from sqlalchemy.sql import func

from app.database import Base


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True, index=True)
    email = Column(String(255), unique=True, index=True, nullable=False)
    username = Column(String(50), unique=True, index=True, nullable=False)
    hashed_password = Column(String(255), nullable=False)
    full_name = Column(String(255), nullable=True)
    bio = Column(Text, nullable=True)
    is_active = Column(Boolean, default=True, nullable=False, server_default=text("true"))
    is_superuser = Column(Boolean, default=False, nullable=False, server_default=text("false"))
    created_at = Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    updated_at = Column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False)
    posts = relationship("Post", back_populates="author", cascade="all, delete-orphan")


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True, index=True)
    title = Column(String(255), nullable=False, index=True)
    slug = Column(String(255), unique=True, index=True, nullable=False)
    content = Column(Text, nullable=False)
    published = Column(Boolean, default=False, nullable=False)
    author_id = Column(Integer, ForeignKey("users.id"), nullable=False)
    created_at = Column(DateTime(timezone=True), server_default=func.now())
    updated_at = Column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now())
    author = relationship("User", back_populates="posts")
    comments = relationship("Comment", back_populates="post", cascade="all, delete-orphan")


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_post_created", "post_id", "created_at"),
        CheckConstraint("length(body) > 0", name="body_not_empty"),
    )
    id = Column(Integer, primary_key=True)
    post_id = Column(Integer, ForeignKey("posts.id", ondelete="CASCADE"), nullable=False)
    author_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    body = Column(Text, nullable=False)
    is_approved = Column(Boolean, nullable=False, server_default=text("false"))
    created_at = Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    post = relationship("Post", back_populates="comments")


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price >= 0", name="check_price_positive"),
        CheckConstraint("stock >= 0", name="check_stock_positive"),
    )
    id = Column(Integer, primary_key=True)
    sku = Column(String(64), nullable=False, unique=True)
    name = Column(String(200), nullable=False)
    description = Column(Text)
    price = Column(Numeric(10, 2), nullable=False)
    stock = Column(Integer, nullable=False, server_default=text("0"))
    currency = Column(String(3), nullable=False, server_default="EUR")
EOF
cat >"$proj/create_all.py" <<'EOF'
import sys
from sqlalchemy import create_engine
from app.models import Base
Base.metadata.create_all(create_engine(sys.argv[1]))
EOF

# st ARGS: strata in the project with BRIDGE_URL=$url; output in $tmp/st.{out,err}.
st() { (cd "$proj" && BRIDGE_URL=$url "$strata" "$@") >"$tmp/st.out" 2>"$tmp/st.err"; }
st_err() { sed 's/^/    /' "$tmp/st.err" | head -12; }

# new_db NAME: a fresh empty database; sets $url.
new_db() {
  if [ "$backend" = sqlite ]; then
    rm -f "$tmp/$backend-$1.db"; url="sqlite:///$tmp/$backend-$1.db"
  else
    pg_create_db "strata_bridge_$1"; url="${STRATA_TEST_PG_URL%/*}/$pg_db"
  fi
}
q() {
  if [ "$backend" = sqlite ]; then sqlite3 -batch -separator '|' "${1#sqlite:///}" "$2"
  else psql -X -A -t -q -v ON_ERROR_STOP=1 "$1" -c "$2"; fi
}

# catalog URL: the schema, alembic_version left out. PostgreSQL: pg_dump -s
# (everything: types, defaults, sequences, constraint and index names).
# SQLite: the pragmas, one line per fact, plus each CHECK clause as written
# in sqlite_master (the only place SQLite keeps it); an expression default's
# outer parentheses are dropped, as SQLite ignores them.
catalog() {
  local db=$1 t
  if [ "$backend" = sqlite ]; then
    for t in $(q "$db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('alembic_version', 'strata_revisions') ORDER BY name"); do
      echo "table $t"
      q "$db" "SELECT 'column', cid, name, type, \"notnull\", CASE WHEN dflt_value LIKE '(%)' THEN substr(dflt_value, 2, length(dflt_value) - 2) ELSE dflt_value END, pk FROM pragma_table_info('$t') ORDER BY cid"
      q "$db" "SELECT 'index', il.name, il.\"unique\", il.origin, il.partial,
                 (SELECT group_concat(coalesce(name, '<expr>'), ',') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno))
               FROM pragma_index_list('$t') il ORDER BY il.name"
      q "$db" "SELECT 'foreign key', id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('$t') ORDER BY id, seq"
      q "$db" "SELECT sql FROM sqlite_master WHERE name = '$t'" | tr -d '"' | grep -o 'CONSTRAINT [a-z_]* CHECK ([^)]*)' | sed 's/^/check /' | sort
    done
  else
    pg_dump -s --no-owner --no-privileges -T alembic_version -T alembic_version_pkc -T 'strata_revisions*' "$db" | grep -v '^--' | grep -v '^$' \
      | grep -v '^SET \|^SELECT pg_catalog.set_config\|^\\restrict \|^\\unrestrict '
  fi
}
same_catalog() {
  catalog "$2" >"$tmp/cat.a"; catalog "$3" >"$tmp/cat.b"
  if [ ! -s "$tmp/cat.a" ]; then fail "$1: the catalog is empty"
  elif diff "$tmp/cat.a" "$tmp/cat.b" >"$tmp/cat.diff"; then ok "$1 ($(wc -l <"$tmp/cat.a") catalog lines)"
  else fail "$1: catalogs differ (< create_all, > strata):"; sed 's/^/    /' "$tmp/cat.diff" | head -40; fi
}

for backend in sqlite postgresql; do
  rm -f "$proj"/migrations/versions/*
  step="create_all, then check"
  new_db created
  created=$url
  if (cd "$proj" && py create_all.py "$url") 2>"$tmp/py.err"; then ok "Base.metadata.create_all"
  else fail "create_all failed:"; sed 's/^/    /' "$tmp/py.err"; continue; fi
  st check
  rc=$?
  expect_eq "check exit status" 0 "$rc"
  [ "$rc" = 0 ] || { cat "$tmp/st.out"; st_err; }
  expect_eq "check output" "No new upgrade operations detected." "$(cat "$tmp/st.out")"

  step="autogenerate from empty"
  new_db built
  if st revision --autogenerate -m "initial schema" --rev-id b0001; then ok "revision --autogenerate"
  else fail "revision --autogenerate failed:"; st_err; continue; fi
  expect_in "the revision creates the four tables" "Detected added table 'comments'" "$tmp/st.err"
  if st upgrade head; then ok "upgrade head"; else fail "upgrade head failed:"; st_err; continue; fi
  same_catalog "strata's upgrade builds create_all's catalog" "$created" "$url"
  st check
  expect_eq "check after the upgrade" "0 No new upgrade operations detected." "$? $(cat "$tmp/st.out")"
  # The database Base.metadata.create_all made is at the same schema: check
  # there is still clean with the revision in place (marked as applied).
  url=$created
  q "$created" "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY); INSERT INTO alembic_version VALUES ('b0001')"
  st check
  expect_eq "check of the create_all database at head" "0 No new upgrade operations detected." "$? $(cat "$tmp/st.out")"
done
backend=""

# (c) The bridge's output, exactly: deterministic, every name SQLAlchemy
# gives, and the formats helpers add in parallel (primary_key names,
# identity, native enums, computed), which strata reads once their branches are merged.
step="bridge output"
cat >"$proj/app/features.py" <<'EOF'
import enum
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})


class Status(enum.Enum):
    draft = "draft"
    published = "published"


sa.Table(
    "accounts", metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(always=True, start=100, increment=5), primary_key=True),
    sa.Column("region", sa.String(2), primary_key=True, server_default="eu"),
    sa.Column("handle", sa.Unicode(40), nullable=False, comment="shown to others"),
    schema="app", comment="One per customer",
)
sa.Table(
    "articles", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("status", sa.Enum(Status, name="article_status"), nullable=False, server_default="draft"),
    sa.Column("kind", sa.Enum("news", "opinion", native_enum=False, create_constraint=True, name="kind")),
    sa.Column("lang", sa.Enum("en", "fr", native_enum=False)),
    sa.Column("account_id", sa.BigInteger),
    sa.Column("account_region", sa.String(2)),
    sa.Column("body", sa.Text, server_default=sa.text("''")),
    sa.Column("payload", postgresql.JSONB),
    sa.Column("token", sa.Uuid if hasattr(sa, "Uuid") else postgresql.UUID),
    sa.Column("score", sa.Float),
    sa.Column("ratio", sa.Numeric(5)),
    sa.Column("raw", sa.LargeBinary),
    sa.Column("born", sa.Date),
    sa.Column("at", sa.Time),
    sa.Column("seen", sa.DateTime, server_default=sa.func.now()),
    sa.Column("double_score", sa.Float, sa.Computed("score * 2", persisted=True)),
    sa.ForeignKeyConstraint(["account_id", "account_region"], ["app.accounts.id", "app.accounts.region"],
                            ondelete="cascade", onupdate="restrict"),
    sa.UniqueConstraint("account_id", "body"),
    sa.CheckConstraint(sa.column("score") > 0, name="score_positive"),
    sa.Index("ix_articles_lower_body", sa.func.lower(sa.column("body"))),
    sa.Index(None, "status", postgresql_where=sa.text("status = 'draft'")),
)
EOF
(cd "$proj" && py "$bridge" --dialect postgresql app.features:metadata) >"$tmp/features.yaml" 2>"$tmp/bridge.err"
expect_eq "the bridge exits 0 and prints nothing on stderr" "0" "$?$(cat "$tmp/bridge.err")"
cat >"$tmp/features.expected" <<'EOF'
# Generated by strata_models.py from app.features:metadata; do not edit.
enums:
  - {name: article_status, values: [draft, published]}
tables:
  - name: articles
    primary_key: {name: pk_articles, columns: [id]}
    columns:
      - {name: id, type: integer, primary_key: true, autoincrement: false}
      - {name: status, type: article_status, nullable: false, server_default: "'draft'"}
      - {name: kind, type: "string(7)"}
      - {name: lang, type: "string(2)"}
      - {name: account_id, type: biginteger}
      - {name: account_region, type: "string(2)"}
      - {name: body, type: text, server_default: "''"}
      - {name: payload, type: JSONB}
      - {name: token, type: uuid}
      - {name: score, type: float}
      - {name: ratio, type: "numeric(5)"}
      - {name: raw, type: binary}
      - {name: born, type: date}
      - {name: at, type: time}
      - {name: seen, type: "datetime(timezone=false)", server_default: "now()"}
      - {name: double_score, type: float, computed: {sqltext: "score * 2", persisted: true}}
    indexes:
      - {name: ix_articles_lower_body, columns: [{expression: "lower(body)"}]}
      - {name: ix_articles_status, columns: [status], where: "status = 'draft'"}
    unique_constraints:
      - {name: uq_articles_account_id, columns: [account_id, body]}
    check_constraints:
      - {name: ck_articles_score_positive, condition: "score > 0"}
      - {name: ck_articles_kind, condition: "kind IN ('news', 'opinion')"}
    foreign_keys:
      - {name: fk_articles_account_id_accounts, columns: [account_id, account_region], referred_schema: app, referred_table: accounts, referred_columns: [id, region], ondelete: CASCADE, onupdate: RESTRICT}
  - name: accounts
    schema: app
    comment: "One per customer"
    primary_key: {name: pk_accounts, columns: [id, region]}
    columns:
      - {name: id, type: biginteger, primary_key: true, identity: {always: true, start: 100, increment: 5}}
      - {name: region, type: "string(2)", primary_key: true, server_default: "'eu'"}
      - {name: handle, type: "string(40)", nullable: false, comment: "shown to others"}
EOF
if diff "$tmp/features.expected" "$tmp/features.yaml" >"$tmp/features.diff"; then ok "the YAML is exactly as expected"
else fail "the YAML differs (< expected, > printed):"; sed 's/^/    /' "$tmp/features.diff"; fi
(cd "$proj" && py "$bridge" --dialect postgresql app.features:metadata) | cmp -s - "$tmp/features.yaml" \
  && ok "the output is the same on a second run" || fail "the output changed between two runs"
# The names are SQLAlchemy's own: create_all on PostgreSQL makes exactly them.
pg_create_db strata_bridge_features
features_url="${STRATA_TEST_PG_URL%/*}/$pg_db"
psql -X -q "$features_url" -c "CREATE SCHEMA app" >/dev/null
(cd "$proj" && py -c "import sys, sqlalchemy as sa; from app.features import metadata; metadata.create_all(sa.create_engine(sys.argv[1]))" "$features_url") 2>"$tmp/py.err" \
  || { fail "create_all of the features failed:"; sed 's/^/    /' "$tmp/py.err" | tail -3; }
names=$(psql -X -A -t -q "$features_url" -c "SELECT conname FROM pg_constraint WHERE connamespace IN ('public'::regnamespace, 'app'::regnamespace) AND contype IN ('p','u','c','f')
                                               UNION SELECT indexname FROM pg_indexes WHERE schemaname IN ('public', 'app') ORDER BY 1" | tr '\n' ' ')
expect_eq "create_all's names are the printed ones" \
  "ck_articles_kind ck_articles_score_positive fk_articles_account_id_accounts ix_articles_lower_body ix_articles_status pk_accounts pk_articles uq_articles_account_id " "$names"
# Without --dialect, STRATA_DIALECT (which strata sets) chooses the dialect.
(cd "$proj" && STRATA_DIALECT=sqlite py "$bridge" app.features:metadata) >"$tmp/features.sqlite.yaml" 2>&1
expect_in "STRATA_DIALECT=sqlite compiles now() as SQLite spells it" 'server_default: CURRENT_TIMESTAMP' "$tmp/features.sqlite.yaml"

# (d) Errors: one line on stderr, exit 2.
step="bridge errors"
bridge_fails() {  # WHAT EXPECTED_STDERR_PART ARGS...
  local what=$1 part=$2; shift 2
  (cd "$proj" && py "$bridge" "$@") >"$tmp/b.out" 2>"$tmp/b.err"
  local rc=$?
  if [ "$rc" = 2 ] && grep -qF -- "$part" "$tmp/b.err" && [ "$(wc -l <"$tmp/b.err")" = 1 ] && [ ! -s "$tmp/b.out" ]; then ok "$what"
  else fail "$what: exit $rc, stderr [$(cat "$tmp/b.err")], stdout $(wc -c <"$tmp/b.out") bytes"; fi
}
bridge_fails "no argument" "usage: strata_models.py [--dialect NAME] MODULE:ATTR"
bridge_fails "no colon" "expected MODULE:ATTR (such as app.models:Base), not 'app.models'" app.models
bridge_fails "empty attribute" "expected MODULE:ATTR" "app.models:"
bridge_fails "a module that does not exist" "cannot import app.nothing: ModuleNotFoundError: No module named 'app.nothing'" app.nothing:Base
printf 'import sqlalchemy\nraise RuntimeError("settings missing")\n' >"$proj/app/broken.py"
bridge_fails "a module that fails on import" "cannot import app.broken: RuntimeError: settings missing" app.broken:Base
bridge_fails "a missing attribute" "app.models has no attribute 'Bsae'" app.models:Bsae
bridge_fails "an attribute that is not a MetaData" "app.models:User.__tablename__ is a str, not a MetaData or a declarative Base" "app.models:User.__tablename__"
bridge_fails "an unknown dialect" "unknown dialect 'nosuchdb'" --dialect nosuchdb app.models:Base
printf 'import sqlalchemy as sa\nm = sa.MetaData(naming_convention={"ck": "ck_%%(table_name)s_%%(constraint_name)s"})\nsa.Table("t", m, sa.Column("x", sa.Integer), sa.CheckConstraint("x > 0"))\n' >"$proj/app/unnamed.py"
bridge_fails "models SQLAlchemy refuses" "requires that constraint is explicitly named" app.unnamed:m
printf 'import sqlalchemy as sa\nm = sa.MetaData()\nsa.Table("t", m, sa.Column("x", sa.Enum("a", "b")))\n' >"$proj/app/anonymous_enum.py"
bridge_fails "a native enum without a name" "column t.x: a native Enum needs a name" app.anonymous_enum:m

# And through strata: a failing bridge is exit 2 with its message.
step="command source errors"
url="sqlite:///$tmp/errors.db"
sed -i 's/app.models:Base/app.broken:Base/' "$proj/strata.yaml"
st check
expect_eq "a failing bridge: check exits 2" 2 "$?"
expect_in "its exit status is named" "failed with exit status 2; its stderr:" "$tmp/st.err"
expect_in "its stderr is shown" "strata_models.py: error: cannot import app.broken: RuntimeError: settings missing" "$tmp/st.err"
sed -i 's/app.broken:Base/app.models:Base/; s|/usr/bin/python3 |/usr/bin/no-such-python3 |' "$proj/strata.yaml"
st check
expect_eq "a missing interpreter: check exits 2" 2 "$?"
expect_in "exit status 127 is named" "failed with exit status 127 (command not found?)" "$tmp/st.err"

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
