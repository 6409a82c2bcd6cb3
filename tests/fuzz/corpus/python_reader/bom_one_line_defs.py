revision = "bom1"
down_revision = None
def upgrade(): op.execute("x"); op.execute("y")
def downgrade(): pass