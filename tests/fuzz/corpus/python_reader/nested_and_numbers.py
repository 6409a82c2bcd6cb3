revision = '33cc'
down_revision = '22bb'
values = [0, -1, +2, 3.14, -2.5e-10, 0x1F, 0o17, 0b101, 1_000_000, 1j, .5, 5.]
nested = {'a': [({'b': (1, [2, {'c': None}])},)], 'd': {}, 'e': [], 'f': ()}
chain = sa.dialects.postgresql.base.JSONB
call_chain = op.get_bind().execute(sa.text("SELECT 1")).scalar()
def upgrade():
    op.execute(sa.text("UPDATE t SET v = :v").bindparams(v=values[1:3]))
    with op.get_context().autocommit_block():
        op.execute("VACUUM")
    with op.batch_alter_table("t") as b, other() as c:
        pass
    match values:
        case [0, *rest]:
            pass
        case _:
            pass
def downgrade():
    pass
