# -*- coding: utf-8 -*-
'''Strings of every form.

Revision ID: 0a1b2c3d4e5f
Revises:
'''
revision = u'0a1b2c3d4e5f'
down_revision = None
LABEL = 'feature'
branch_labels = (LABEL,)
raw = r'\d+\'' R"\n"
escapes = '\x41\101\u00e9\U0001F600\N{BULLET}\q\
continued'
blob = b'\x00\xff' rb'\q' Br"\\"
joined = ('SELECT * '
          "FROM t "  # a comment between parts
          '''WHERE a = 'x' ''')
fstr = f"{revision!r:>{10}}" 'tail'
empty = '' "" '''''' """"""
quotes = "it's" 'say "hi"' '''both ' and "''' """a "b" c"""


def upgrade():
    op.execute("""
        UPDATE t SET note = 'it''s'
        WHERE id IN (1, 2, 3)
    """)
    op.execute('INSERT INTO t VALUES (%s)' % ', '.join(['1'] * 3))
    op.execute(sa.text(u"SELECT '\\' AS bs"))


def downgrade():
    ...
