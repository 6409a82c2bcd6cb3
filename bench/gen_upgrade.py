#!/usr/bin/python3
"""Writes one chain of DDL revisions twice: as a strata project and as an Alembic project.

    /usr/bin/python3 bench/gen_upgrade.py N OUTDIR

OUTDIR/strata/   strata.yaml (transaction_per_migration: true, the default),
                 strata-one.yaml (false: one transaction for the whole run),
                 migrations/versions/<id>_create_t_K.yaml   (SPEC section 5)
OUTDIR/alembic/  alembic.ini + migrations/env.py + migrations/versions/<id>_create_t_K.py

Revision K (1..N, a linear chain, the same ids in both projects) creates table
t_K (id integer primary key, name varchar(100) not null, amount numeric(10,2),
created_at timestamp not null) and the index ix_t_K_name on (name); its
downgrade drops both. The Alembic files are what `alembic revision
--autogenerate` writes for that table: op.create_table / op.create_index.

Both projects read the database URL from $DATABASE_URL. Alembic's env.py takes
`-x tpm=false` for transaction_per_migration=False (default True), as strata
takes `-c strata-one.yaml`. Python standard library only.
"""
import hashlib
import os
import sys


def rev_id(k):
    return hashlib.sha1(b"strata-bench-upgrade-%d" % k).hexdigest()[:12]


def table(k):
    return "t_%04d" % k


def date(k):
    return "2024-01-01 00:%02d:%02d.%06d" % (k // 3600 % 60, k // 60 % 60, k % 1000000)


STRATA_REV = """\
revision: {rev}
down_revision: {down}
branch_labels: []
depends_on: []
message: create {t}
create_date: {date}
upgrade:
  - create_table:
      name: {t}
      columns:
        - {{name: id, type: integer, primary_key: true}}
        - {{name: name, type: string(100), nullable: false}}
        - {{name: amount, type: "numeric(10,2)"}}
        - {{name: created_at, type: datetime, nullable: false}}
  - create_index: {{name: ix_{t}_name, table: {t}, columns: [name]}}
downgrade:
  - drop_index: {{name: ix_{t}_name, table: {t}}}
  - drop_table: {{name: {t}}}
"""

ALEMBIC_REV = '''\
"""create {t}

Revision ID: {rev}
Revises: {revises}
Create Date: {date}

"""
from alembic import op
import sqlalchemy as sa


revision = {rev!r}
down_revision = {down}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        {t!r},
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_{t}_name", {t!r}, ["name"], unique=False)


def downgrade():
    op.drop_index("ix_{t}_name", table_name={t!r})
    op.drop_table({t!r})
'''

ALEMBIC_ENV = '''\
"""Online migrations only, as a typical project's env.py (no logging setup)."""
import os

from alembic import context
from sqlalchemy import create_engine, pool

x = context.get_x_argument(as_dictionary=True)
per_migration = x.get("tpm", "true").lower() != "false"

engine = create_engine(os.environ["DATABASE_URL"], poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None,
                      transaction_per_migration=per_migration)
    with context.begin_transaction():
        context.run_migrations()
'''


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    sdir = os.path.join(out, "strata", "migrations", "versions")
    adir = os.path.join(out, "alembic", "migrations", "versions")
    os.makedirs(sdir)
    os.makedirs(adir)
    for name, per_migration in (("strata.yaml", "true"), ("strata-one.yaml", "false")):
        with open(os.path.join(out, "strata", name), "w") as f:
            f.write("script_location: migrations\ndatabase_url: ${DATABASE_URL}\n"
                    "transaction_per_migration: %s\n" % per_migration)
    with open(os.path.join(out, "alembic", "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s/migrations\n")
    with open(os.path.join(out, "alembic", "migrations", "env.py"), "w") as f:
        f.write(ALEMBIC_ENV)
    with open(os.path.join(out, "alembic", "migrations", "script.py.mako"), "w") as f:
        f.write("# unused: the benchmark writes its revisions itself\n")
    for k in range(1, n + 1):
        rev, t = rev_id(k), table(k)
        with open(os.path.join(sdir, "%s_create_%s.yaml" % (rev, t)), "w") as f:
            f.write(STRATA_REV.format(rev=rev, down=rev_id(k - 1) if k > 1 else "null",
                                      t=t, date=date(k)))
        with open(os.path.join(adir, "%s_create_%s.py" % (rev, t)), "w") as f:
            f.write(ALEMBIC_REV.format(rev=rev, down=repr(rev_id(k - 1)) if k > 1 else "None",
                                       revises=rev_id(k - 1) if k > 1 else "", t=t, date=date(k)))


if __name__ == "__main__":
    main()
