"""pg types

Revision ID: 22bb
Revises: cf01
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, mysql
import sqlalchemy.dialects.sqlite

revision = "22bb"
down_revision = "cf01"


def upgrade():
    status = postgresql.ENUM('active', 'inactive', name='status', create_type=False)
    status.create(op.get_bind(), checkfirst=True)
    op.create_table(
        "events",
        sa.Column("id", postgresql.UUID(as_uuid=True), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("ip", postgresql.INET(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=False, comment="in cents"),
        sa.Column("ratio", sa.Float(precision=53), server_default="0.5"),
        sa.Column("big", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.Enum("a", "b", name="kind_enum"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        schema="audit",
        postgresql_partition_by="RANGE (id)",
    )
    op.create_index("ix_events_payload", "events", ["payload"], postgresql_using="gin",
                    postgresql_where=sa.text("payload IS NOT NULL"), schema="audit")
    op.create_foreign_key(None, "events", "account", ["account_id"], ["id"], source_schema="audit",
                          onupdate="CASCADE", ondelete="SET NULL")


def downgrade():
    op.drop_table("events", schema="audit")
    sa.Enum(name="kind_enum").drop(op.get_bind(), checkfirst=False)
