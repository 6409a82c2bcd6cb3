"""The fault suite's project: twelve linear revisions r01..r12, and a model of
the schema each prefix of them leaves (used by faults.py).

Revision k creates table tKK, does slow work (a few tens of ms: pg_sleep,
SLEEP, a recursive CTE on SQLite), inserts k+2 rows, and some revisions do
more: add a column to t01, insert rows into an earlier table with raw SQL,
create an index, and slow work again at the end (even k). Each downgrade is
the exact inverse, operation by operation, newest first (rows are deleted
before their table is dropped), so every prefix of operations in either
direction has a known schema.

A state is {table: (columns sorted, row count, index names sorted)}; the
version table and strata's own progress table are not part of it.
"""

REVISIONS = 12
SLOW_MS = 20
# Iterations of SQLite's recursive CTE for about SLOW_MS (faults.py calibrates).
sqlite_slow_iterations = 40000
# The backend the project is written for: each Slow is that dialect's SQL.
backend = "sqlite"


def rev_id(k):
    return "" if k == 0 else f"r{k:02d}"


def table(k):
    return f"t{k:02d}"


class Op:
    """One operation: its YAML item, its effect on a state, and the SQL that
    does the same by hand (for settling an interrupted MySQL revision)."""

    def yaml(self):
        raise NotImplementedError

    def apply(self, state):
        raise NotImplementedError

    def sql(self):
        raise NotImplementedError

    def inverse(self):
        raise NotImplementedError


class CreateTable(Op):
    def __init__(self, name):
        self.name = name

    def yaml(self):
        return (f"  - create_table:\n      name: {self.name}\n      columns:\n"
                "        - {name: id, type: integer, primary_key: true}\n"
                "        - {name: v, type: string(20)}\n")

    def apply(self, state):
        state[self.name] = (("id", "v"), 0, ())

    def sql(self):
        return [f"CREATE TABLE `{self.name}` (id INTEGER NOT NULL PRIMARY KEY, v VARCHAR(20))"]

    def inverse(self):
        return DropTable(self.name)


class DropTable(Op):
    def __init__(self, name):
        self.name = name

    def yaml(self):
        return f"  - drop_table: {{name: {self.name}}}\n"

    def apply(self, state):
        del state[self.name]

    def sql(self):
        return [f"DROP TABLE `{self.name}`"]

    def inverse(self):
        return CreateTable(self.name)


class Rows(Op):
    """Rows first..last inserted into NAME (bulk_insert, or raw SQL when
    raw), or deleted (the inverse: raw SQL)."""

    def __init__(self, name, first, last, tag, raw=False, delete=False):
        self.name, self.first, self.last, self.tag, self.raw, self.delete = name, first, last, tag, raw, delete

    def _insert_sql(self):
        values = ", ".join(f"({i}, '{self.tag}')" for i in range(self.first, self.last + 1))
        return f"INSERT INTO {self.name} (id, v) VALUES {values}"

    def _delete_sql(self):
        return f"DELETE FROM {self.name} WHERE id BETWEEN {self.first} AND {self.last}"

    def yaml(self):
        if self.delete:
            return f'  - execute: "{self._delete_sql()}"\n'
        if self.raw:
            return f'  - execute: "{self._insert_sql()}"\n'
        rows = ", ".join(f"{{id: {i}, v: {self.tag}}}" for i in range(self.first, self.last + 1))
        return f"  - bulk_insert: {{table: {self.name}, rows: [{rows}]}}\n"

    def apply(self, state):
        cols, n, idx = state[self.name]
        count = self.last - self.first + 1
        state[self.name] = (cols, n - count if self.delete else n + count, idx)

    def sql(self):
        return [self._delete_sql() if self.delete else self._insert_sql()]

    def inverse(self):
        return Rows(self.name, self.first, self.last, self.tag, True, not self.delete)


class Column(Op):
    """Column COL added to NAME (or dropped, the inverse)."""

    def __init__(self, name, col, drop=False):
        self.name, self.col, self.drop = name, col, drop

    def yaml(self):
        if self.drop:
            return f"  - drop_column: {{table: {self.name}, name: {self.col}}}\n"
        return f"  - add_column: {{table: {self.name}, column: {{name: {self.col}, type: string(20)}}}}\n"

    def apply(self, state):
        cols, n, idx = state[self.name]
        cols = tuple(sorted(c for c in cols if c != self.col)) if self.drop else tuple(sorted(cols + (self.col,)))
        state[self.name] = (cols, n, idx)

    def sql(self):
        if self.drop:
            return [f"ALTER TABLE `{self.name}` DROP COLUMN `{self.col}`"]
        return [f"ALTER TABLE `{self.name}` ADD COLUMN `{self.col}` VARCHAR(20)"]

    def inverse(self):
        return Column(self.name, self.col, not self.drop)


class Index(Op):
    """Index IX on NAME(v) created (or dropped, the inverse)."""

    def __init__(self, ix, name, drop=False):
        self.ix, self.name, self.drop = ix, name, drop

    def yaml(self):
        if self.drop:
            return f"  - drop_index: {{name: {self.ix}, table: {self.name}}}\n"
        return f"  - create_index: {{name: {self.ix}, table: {self.name}, columns: [v]}}\n"

    def apply(self, state):
        cols, n, idx = state[self.name]
        idx = tuple(sorted(i for i in idx if i != self.ix)) if self.drop else tuple(sorted(idx + (self.ix,)))
        state[self.name] = (cols, n, idx)

    def sql(self):
        if self.drop:
            return [f"DROP INDEX `{self.ix}` ON `{self.name}`"]
        return [f"CREATE INDEX `{self.ix}` ON `{self.name}` (v)"]

    def inverse(self):
        return Index(self.ix, self.name, not self.drop)


class Slow(Op):
    """A few tens of ms of work that changes nothing (the window for a kill)."""

    def yaml(self):
        s = SLOW_MS / 1000
        sql = {"postgresql": f"SELECT pg_sleep({s})", "mysql": f"SELECT SLEEP({s})",
               "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                         f"{sqlite_slow_iterations}) SELECT count(*) FROM n"}[backend]
        return f'  - execute: "{sql}"\n'

    def apply(self, state):
        pass

    def sql(self):
        return []

    def inverse(self):
        return Slow()


def upgrade_ops(k):
    """Revision k's upgrade operations (one YAML item each: the project is
    written for one backend, so strata's operation numbers are these)."""
    t = table(k)
    ops = [CreateTable(t), Slow(), Rows(t, 1, k + 2, rev_id(k))]
    extra = {
        3: [Column("t01", "note")],
        5: [Rows("t01", 101, 103, "r05", raw=True)],
        7: [Index("ix_t02_v", "t02")],
        9: [Index("ix_t09_v", "t09")],
        11: [Rows("t02", 201, 204, "r11", raw=True), Column("t02", "extra")],
    }
    ops += extra.get(k, [])
    if k % 2 == 0:
        ops.append(Slow())
    return ops


def downgrade_ops(k):
    return [op.inverse() for op in reversed(upgrade_ops(k))]


def ops(k, upgrade):
    return upgrade_ops(k) if upgrade else downgrade_ops(k)


def revision_yaml(k):
    parent = "null" if k == 1 else rev_id(k - 1)
    up = "".join(op.yaml() for op in upgrade_ops(k))
    down = "".join(op.yaml() for op in downgrade_ops(k))
    return (f"revision: {rev_id(k)}\ndown_revision: {parent}\nmessage: step {k}\n"
            f"upgrade:\n{up}downgrade:\n{down}")


def write_project(d, for_backend, url_var="DATABASE_URL"):
    import os
    global backend
    backend = for_backend
    versions = os.path.join(d, "migrations", "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(d, "strata.yaml"), "w") as f:
        f.write(f"script_location: migrations\ndatabase_url: ${{{url_var}}}\n")
    for k in range(1, REVISIONS + 1):
        with open(os.path.join(versions, f"{rev_id(k)}_step.yaml"), "w") as f:
            f.write(revision_yaml(k))


def state_at(done, partial=None):
    """The state after revisions 1..DONE, plus, for PARTIAL = (upgrade, j),
    the first j operations of the next revision's upgrade (upgrade) or of
    revision DONE's downgrade."""
    state = {}
    for k in range(1, done + 1):
        for op in upgrade_ops(k):
            op.apply(state)
    if partial:
        upgrade, j = partial
        for op in ops(done + 1 if upgrade else done, upgrade)[:j]:
            op.apply(state)
    return state


def describe(state):
    return " ".join(f"{t}[{','.join(c)}]:{n}" + (f"{{{','.join(i)}}}" if i else "")
                    for t, (c, n, i) in sorted(state.items())) or "<empty>"
