"""Everything that is not a literal."""
from alembic import op, context
import sqlalchemy as sa
from sqlalchemy import (Column, Integer,
                        String as Str,)

revision = 'cf01'
down_revision = 'bom1'
branch_labels = depends_on = None
N: int = 3
a, b = 1, 2
counter = 0
counter += 1


@contextmanager
def helper(*args, key=None, **kwargs) -> "Iterator[None]":
    yield


class Model:
    __tablename__ = 'm'

    def method(self):
        return self


def upgrade(engine_name: str = "") -> None:
    global counter
    schema = context.get_context().opts.get('schema') or None
    names = [n for n in ('a', 'b') if n != 'c']
    pairs = {k: v for k, v in zip(names, range(2))}
    key = lambda row: (row[0], -row[1])
    x = names[0] if names else None
    y = not x and (x is not None or x in names)
    z = (yield)
    while counter < N:
        counter = counter + 1
        if counter == 2:
            break
        elif counter > 5:
            continue
        else:
            pass
    def inner():
        nonlocal x
        del x
    assert x, "message"
    op.create_table(*[Column('id', Integer)], **{'schema': schema})
    print(f"{x=}", sep=''); ...
    return


def downgrade(engine_name: str = "") -> None:
    raise NotImplementedError("no way back")
