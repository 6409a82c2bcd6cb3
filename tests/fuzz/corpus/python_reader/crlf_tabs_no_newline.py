"""crlf and tabs

Revision ID: 11aa
Revises: 0a1b2c3d4e5f
"""
from alembic import op
import sqlalchemy as sa

revision = "11aa"
down_revision = "0a1b2c3d4e5f"

def upgrade():
	op.create_table("t",
		sa.Column("id", sa.Integer, primary_key=True),
	)
	if True:
		op.execute("SELECT 1")

def downgrade():
	op.drop_table("t")