"""sqlite batch

Revision ID: a1b2c3d4e5f6
Revises: 3c4d5e6f7a8b
Create Date: 2024-03-02 08:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'a1b2c3d4e5f6'
down_revision = '3c4d5e6f7a8b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=120), nullable=True))
        batch_op.create_index(batch_op.f('ix_account_email'), ['email'], unique=True)
        batch_op.alter_column('description', existing_type=sa.Unicode(200), nullable=False, server_default="")

    with op.batch_alter_table('user', recreate='always', table_args=(sa.CheckConstraint('id > 0'),)) as batch_op:
        batch_op.drop_column('legacy')


def downgrade():
    with op.batch_alter_table('user') as batch_op:
        batch_op.add_column(sa.Column('legacy', sa.Boolean(), nullable=True))
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_email'))
        batch_op.drop_column('email')
