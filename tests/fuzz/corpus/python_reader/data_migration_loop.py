"""backfill slugs

Revision ID: 5e6f7a8b9c0d
Revises: a1b2c3d4e5f6
Create Date: 2024-04-10 09:15:00

"""
import re

from alembic import op
import sqlalchemy as sa
from sqlalchemy.sql import table, column

revision = '5e6f7a8b9c0d'
down_revision = 'a1b2c3d4e5f6'
branch_labels = None
depends_on = None

accounts = table('account',
    column('id', sa.Integer),
    column('name', sa.String),
    column('slug', sa.String),
)


def slugify(name):
    return re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')


def upgrade():
    op.add_column('account', sa.Column('slug', sa.String(120), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.select(accounts.c.id, accounts.c.name)).fetchall()
    for row_id, name in rows:
        conn.execute(
            accounts.update().where(accounts.c.id == row_id).values(slug=slugify(name))
        )
    batch = [{'id': i, 'name': 'n%d' % i, 'slug': None} for i in range(10)]
    if batch:
        op.bulk_insert(accounts, batch)
    op.bulk_insert(accounts, [
        {'id': 100, 'name': u'caf\u00e9', 'slug': 'cafe'},
        {'id': 101, 'name': 'x', 'slug': -1.5e3},
    ])
    try:
        conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # noqa
        print("ignored", exc)
    finally:
        pass


def downgrade():
    op.drop_column('account', 'slug')
