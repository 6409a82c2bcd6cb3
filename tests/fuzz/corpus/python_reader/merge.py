"""merge heads

Revision ID: 9f8e7d6c5b4a
Revises: 5e6f7a8b9c0d, 0a1b2c3d4e5f
Create Date: 2024-05-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9f8e7d6c5b4a'
down_revision = ('5e6f7a8b9c0d', '0a1b2c3d4e5f')
branch_labels = None
depends_on = ['1975ea83b712']


def upgrade():
    pass


def downgrade():
    pass
