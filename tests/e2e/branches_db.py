#!/usr/bin/python3
"""Branches, merges and depends_on on a live database (run by branches_db_test.sh).

The graph (every revision creates a table t_<id> and drops it on downgrade,
so the tables present show which revisions really ran):

    r0 -> ra -> rb1 (label bl) -> rb2 --+
               \\                        +--> rm (merge)
                +-> rc1 (label cl) -----+
    rd1 (label dl, a second base) -> rd2 (depends_on rc1)

Scenarios run strata steps (upgrade / downgrade / stamp with every target
form, history -i, current) on a fresh database each; after every step the
exit status, the version rows (sorted) and the tables must equal the values
written below. Those values are what Alembic leaves: when Alembic can be
imported, every step also runs through Alembic itself (in process) on a
second fresh database, and an Alembic result that differs from the written
value is reported as "oracle:" (the expectation would be wrong); strata is
checked against the written values either way.

    branches_db.py --strata BIN --workdir DIR --backend sqlite|postgresql|mysql \\
        [--pg-admin-url URL --pg-prefix PREFIX] [--my-admin-url URL --my-prefix PREFIX] [--no-oracle]

Output: `ok - ...` / `not ok - ...` lines, then a count; exit 1 on failure.
PostgreSQL and MariaDB databases are created as PREFIX<n> and dropped at the end
(MariaDB through PyMySQL).
"""

import argparse
import io
import os
import re
import sqlite3
import subprocess
import sys
import urllib.parse

# (id, down_revision, branch_labels, depends_on, message)
REVS = [
    ("r0", None, [], [], "root"),
    ("ra", "r0", [], [], "branch point"),
    ("rb1", "ra", ["bl"], [], "b one"),
    ("rb2", "rb1", [], [], "b two"),
    ("rc1", "ra", ["cl"], [], "c one"),
    ("rm", ("rb2", "rc1"), [], [], "merge b and c"),
    ("rd1", None, ["dl"], [], "second base"),
    ("rd2", "rd1", [], ["rc1"], "d two needs c one"),
]
BY_ID = {r[0]: r for r in REVS}

OK, ERR = "ok", "error"


def up(target, rows, outcome=OK, oracle=True):
    return {"args": ["upgrade", target], "call": ("upgrade", target) if oracle else None,
            "rows": rows, "outcome": outcome}


def down(target, rows, outcome=OK, oracle=True):
    return {"args": ["downgrade", target], "call": ("downgrade", target) if oracle else None,
            "rows": rows, "outcome": outcome}


def stamp(revs, rows, purge=False, outcome=OK):
    return {"args": ["stamp"] + (["--purge"] if purge else []) + revs,
            "call": ("stamp", revs, purge), "rows": rows, "outcome": outcome}


def history():
    return {"args": ["history", "-i"], "call": ("history",)}


def current(lines):
    """`current`: the exact lines (sorted) Alembic prints."""
    return {"args": ["current"], "call": ("current",), "lines": lines}


def sql(statement):
    return {"sql": statement}


# Each scenario starts on a fresh, empty database (one for strata, one for
# Alembic). "tables": whether the tables must follow the version rows (not
# for stamps, which run no migration).
SCENARIOS = [
    ("relative targets on the trunk", True, [
        up("r0", ["r0"]),
        up("+1", ["ra"]),
        up("+1", ["ra"], ERR),              # ra is a branch point: ambiguous
        down("-1", ["r0"]),
        up("rb1+1", ["rb2"]),               # REV+N from r0
        down("rb2-1", ["rb1"]),             # REV-N
        up("bl@+1", ["rb2"]),               # LABEL@+N
        down("-2", ["ra"]),
        up("nosuch", ["ra"], ERR),
        up("heads", ["rd2", "rm"]),
        history(),
        down("base", []),
    ]),
    ("two branches applied", True, [
        up("rb1", ["rb1"]),
        up("rc1", ["rb1", "rc1"]),
        history(),
        current(["rb1", "rc1"]),
        up("+1", ["rb1", "rc1"], ERR),      # several heads: ambiguous
        # Alembic 1.8 accepts this (with a warning): it steps down from the
        # first version row, and strata does the same.
        down("-1", ["rc1"]),
        up("rb1", ["rb1", "rc1"]),
        up("head", ["rb1", "rc1"], ERR),    # two heads in the graph
        down("cl@-1", ["rb1"]),             # reverts rc1 only, branch bl untouched
    ]),
    ("LABEL@+1 on a branch not started yet", True, [
        up("rb1", ["rb1"]),
        up("cl@+1", ["rb1", "rc1"]),
    ]),
    ("LABEL@+1 and LABEL@head on a started branch", True, [
        up("rb1", ["rb1"]),
        up("rc1", ["rb1", "rc1"]),
        up("bl@+1", ["rb2", "rc1"]),
        history(),
        up("bl@head", ["rm"]),              # the label reaches the merge
        current(["rm (head) (mergepoint)"]),
    ]),
    ("merge and unmerge, a second base", True, [
        up("rb2", ["rb2"]),
        up("rc1", ["rb2", "rc1"]),
        up("rm", ["rm"]),
        down("rc1", ["rb2", "rc1"]),        # unmerge
        up("heads", ["rd2", "rm"]),
        history(),
        down("rb1", ["rb1", "rd2"]),
        down("dl@-1", ["rb1", "rc1", "rd1"]),
        down("dl@base", ["rb1", "rc1"]),
        up("dl@+1", ["rb1", "rc1", "rd1"]),
    ]),
    ("LABEL@head of the dependent base, REV-N below a branch", True, [
        up("rb1", ["rb1"]),
        up("rc1", ["rb1", "rc1"]),
        up("dl@head", ["rb1", "rd2"]),
        down("rc1-1", ["ra", "rd1"]),       # reverts rd2 (needs rc1), rc1 and rb1
    ]),
    ("LABEL@-1 from the branch point", True, [
        up("ra", ["ra"]),
        up("rd1", ["ra", "rd1"]),
        # Alembic counts ra in bl's lineage: bl@-1 is r0.
        down("bl@-1", ["r0", "rd1"]),
    ]),
    ("depends_on", True, [
        up("rd2", ["rd2"]),                 # applies r0, ra, rc1, rd1 first
        current(["rc1", "rd2 (head)"]),  # Alembic lists rc1, applied as a dependency
        history(),
        up("rb2", ["rb2", "rd2"]),
        current(["rb2", "rc1", "rd2 (head)"]),
        history(),
        down("cl@-1", ["rb2", "rd1"]),      # reverts rd2 (depends on rc1), then rc1
        up("heads", ["rd2", "rm"]),
        down("dl@base", ["rm"]),
    ]),
    ("stamp", False, [
        stamp(["rb1", "rc1"], ["rb1", "rc1"]),
        history(),
        current(["rb1", "rc1"]),
        stamp(["rm"], ["rm"]),
        stamp(["rd1"], ["rd1", "rm"]),
        stamp(["rd2"], ["rd2", "rm"]),
        stamp(["base"], []),
        stamp(["heads"], ["rd2", "rm"]),
        stamp(["rb2"], ["rb2", "rd2"]),
        stamp(["rc1"], ["rc1"], purge=True),
        stamp(["bl@head", "dl@head"], ["rd2", "rm"]),
        stamp(["ra"], ["ra"]),
        stamp(["rb1", "rc1"], ["rb1", "rc1"]),
        stamp(["base"], []),
        stamp(["rb2"], ["rb2"]),
        # a row naming a revision no file has: only --purge gets past it
        sql("INSERT INTO alembic_version (version_num) VALUES ('deadbeef0000')"),
        stamp(["rc1"], ["deadbeef0000", "rb2"], outcome=ERR),
        stamp(["rc1"], ["rc1"], purge=True),
        stamp(["base"], [], purge=True),
    ]),
]


# ---------------------------------------------------------------------------

def write_projects(root):
    al = os.path.join(root, "al")
    st = os.path.join(root, "st")
    os.makedirs(os.path.join(al, "scripts", "versions"))
    os.makedirs(os.path.join(st, "migrations", "versions"))
    with open(os.path.join(al, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = scripts\nsqlalchemy.url = sqlite://\n")
    with open(os.path.join(al, "scripts", "env.py"), "w") as f:
        f.write(
            "from alembic import context\n"
            "from sqlalchemy import create_engine\n"
            "config = context.config\n"
            "engine = create_engine(config.get_main_option('sqlalchemy.url'))\n"
            "try:\n"
            "    with engine.connect() as connection:\n"
            "        context.configure(connection=connection, transaction_per_migration=True)\n"
            "        with context.begin_transaction():\n"
            "            context.run_migrations()\n"
            "finally:\n"
            "    engine.dispose()\n")
    with open(os.path.join(st, "strata.yaml"), "w") as f:
        f.write("script_location: migrations\ndatabase_url: ${DATABASE_URL}\n")
    for rid, down_rev, labels, deps, msg in REVS:
        py_down = "None" if down_rev is None else repr(down_rev)
        with open(os.path.join(al, "scripts", "versions", rid + ".py"), "w") as f:
            f.write(
                '"""%s"""\n'
                "from alembic import op\n"
                "import sqlalchemy as sa\n"
                "revision = %r\n"
                "down_revision = %s\n"
                "branch_labels = %s\n"
                "depends_on = %s\n"
                "def upgrade():\n"
                "    op.create_table('t_%s', sa.Column('id', sa.Integer, primary_key=True))\n"
                "def downgrade():\n"
                "    op.drop_table('t_%s')\n"
                % (msg, rid, py_down, repr(tuple(labels)) if labels else "None",
                   repr(tuple(deps)) if deps else "None", rid, rid))
        if down_rev is None:
            y_down = "null"
        elif isinstance(down_rev, str):
            y_down = down_rev
        else:
            y_down = "[%s]" % ", ".join(down_rev)
        with open(os.path.join(st, "migrations", "versions", rid + ".yaml"), "w") as f:
            f.write(
                "revision: %s\n"
                "down_revision: %s\n"
                "branch_labels: [%s]\n"
                "depends_on: [%s]\n"
                "message: %s\n"
                "upgrade:\n"
                "  - create_table: {name: t_%s, columns: [{name: id, type: integer, primary_key: true}]}\n"
                "downgrade:\n"
                "  - drop_table: {name: t_%s}\n"
                % (rid, y_down, ", ".join(labels), ", ".join(deps), msg, rid, rid))
    return al, st


def psql(url, statement):
    return subprocess.run(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", statement],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def my_connect(url, database=None):
    """A PyMySQL connection (autocommit) for a mysql:// URL."""
    import pymysql
    u = urllib.parse.urlsplit(url)
    return pymysql.connect(host=u.hostname, port=u.port or 3306, user=urllib.parse.unquote(u.username or ""),
                           password=urllib.parse.unquote(u.password or ""), database=database, autocommit=True)


class Databases:
    """Fresh databases: SQLite files in the workdir, or PostgreSQL / MariaDB databases."""

    def __init__(self, backend, workdir, admin_url, prefix):
        self.backend, self.workdir, self.admin_url, self.prefix = backend, workdir, admin_url, prefix
        self.count, self.created, self.dbs = 0, [], []

    def new(self):
        self.count += 1
        if self.backend == "sqlite":
            return Db("sqlite", "sqlite:///" + os.path.join(self.workdir, "db%d.sqlite" % self.count))
        name = "%s%d" % (self.prefix, self.count)
        if self.backend == "mysql":
            admin = my_connect(self.admin_url)
            try:
                with admin.cursor() as cur:
                    cur.execute("CREATE DATABASE `%s`" % name)
            finally:
                admin.close()
            self.created.append(name)
            # mysql+pymysql://: the form Alembic (SQLAlchemy) needs, which strata reads too.
            db = Db("mysql", "mysql+pymysql://" + self.admin_url.split("://", 1)[1].rsplit("/", 1)[0] + "/" + name)
            self.dbs.append(db)
            return db
        p = psql(self.admin_url, "CREATE DATABASE %s" % name)
        if p.returncode != 0:
            raise RuntimeError("CREATE DATABASE %s failed: %s" % (name, p.stderr))
        self.created.append(name)
        db = Db("postgresql", self.admin_url.rsplit("/", 1)[0] + "/" + name)
        self.dbs.append(db)
        return db

    def drop_all(self):
        for db in self.dbs:
            db.close()
        if self.backend == "mysql":
            if self.created:
                admin = my_connect(self.admin_url)
                try:
                    with admin.cursor() as cur:
                        for name in self.created:
                            cur.execute("DROP DATABASE IF EXISTS `%s`" % name)
                finally:
                    admin.close()
            return
        for name in self.created:
            psql(self.admin_url, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)


class Db:
    def __init__(self, backend, url):
        self.backend, self.url, self.conn = backend, url, None

    def query(self, statement):
        """Rows (first column) or None when the statement fails."""
        if self.backend == "sqlite":
            path = self.url[len("sqlite:///"):]
            con = sqlite3.connect(path)
            try:
                rows = [r[0] for r in con.execute(statement).fetchall()]
                con.commit()
                return rows
            except sqlite3.Error:
                return None
            finally:
                con.close()
        if self.backend == "mysql":
            import pymysql
            if self.conn is None:
                self.conn = my_connect(self.url.replace("mysql+pymysql://", "mysql://", 1), self.url.rsplit("/", 1)[1])
            try:
                with self.conn.cursor() as cur:
                    cur.execute(statement)
                    return [str(r[0]) for r in cur.fetchall()] if cur.description else []
            except pymysql.Error:
                return None
        try:
            import psycopg2  # one connection per database: much faster than psql per query
        except ImportError:
            p = psql(self.url, statement)
            if p.returncode != 0:
                return None
            return [line for line in p.stdout.splitlines() if line != ""]
        if self.conn is None:
            self.conn = psycopg2.connect(self.url)
            self.conn.autocommit = True
        try:
            with self.conn.cursor() as cur:
                cur.execute(statement)
                return [str(r[0]) for r in cur.fetchall()] if cur.description else []
        except psycopg2.Error:
            return None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def versions(self):
        rows = self.query("SELECT version_num FROM alembic_version")
        return sorted(rows) if rows is not None else []

    def tables(self):
        if self.backend == "sqlite":
            q = "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 't\\_%' ESCAPE '\\'"
        elif self.backend == "mysql":
            q = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 't!_%' ESCAPE '!'"
        else:
            q = "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename LIKE 't\\_%'"
        return sorted(r[2:] for r in (self.query(q) or []))


def applied_closure(rows):
    """Every revision the version rows imply: ancestors through down_revision and depends_on."""
    seen, todo = set(), list(rows)
    while todo:
        r = todo.pop()
        if r in seen or r not in BY_ID:
            continue
        seen.add(r)
        _, down_rev, _, deps, _ = BY_ID[r]
        if down_rev is not None:
            todo.extend([down_rev] if isinstance(down_rev, str) else list(down_rev))
        todo.extend(deps)
    return sorted(seen)


class Results:
    def __init__(self, tag):
        self.tag, self.passed, self.failed = tag, 0, 0

    def check(self, name, expected, actual, detail=""):
        if expected == actual:
            self.passed += 1
            print("ok - [%s] %s" % (self.tag, name))
        else:
            self.failed += 1
            print("not ok - [%s] %s: expected %r, got %r" % (self.tag, name, expected, actual))
            if detail and detail.strip():
                print("    " + detail.strip().replace("\n", "\n    "))


def run_strata(strata, st_dir, url, args):
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env.pop("STRATA_CONFIG", None)
    p = subprocess.run([strata] + args, cwd=st_dir, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


class AlembicRunner:
    def __init__(self, al_dir, url):
        self.al_dir, self.url = al_dir, url

    def run(self, call):
        from alembic import command
        from alembic.config import Config
        buf = io.StringIO()
        cfg = Config(os.path.join(self.al_dir, "alembic.ini"), stdout=buf)
        cfg.set_main_option("script_location", os.path.join(self.al_dir, "scripts"))
        cfg.set_main_option("sqlalchemy.url", self.url)
        try:
            if call[0] == "upgrade":
                command.upgrade(cfg, call[1])
            elif call[0] == "downgrade":
                command.downgrade(cfg, call[1])
            elif call[0] == "stamp":
                command.stamp(cfg, call[1], purge=call[2])
            elif call[0] == "history":
                command.history(cfg, indicate_current=True)
            elif call[0] == "current":
                command.current(cfg)
            return OK, buf.getvalue(), ""
        except Exception as e:  # CommandError, resolution errors
            return ERR, buf.getvalue(), "%s: %s" % (type(e).__name__, e)


def marked_current(text):
    """Ids of the history lines that carry (current)."""
    out = []
    for line in text.splitlines():
        if "(current)" in line:
            m = re.search(r"-> ([^\s,]+)", line)
            out.append(m.group(1) if m else line)
    return sorted(out)


def normalise_labels(line):
    """Branch labels in sorted order: Alembic prints them in set order."""
    def fix(m):
        parts = [p.strip() for p in m.group(1).split(",")]
        return "(" + ", ".join(sorted(parts)) + ")"
    return re.sub(r"\(([a-z0-9_]+(?:, [a-z0-9_]+)+)\)", fix, line)


def run_scenario(res, title, check_tables, steps, strata, st_dir, dbs, have_alembic, al_dir):
    s_db = dbs.new()
    a_db = dbs.new() if have_alembic else None
    alembic = AlembicRunner(al_dir, a_db.url) if have_alembic else None
    for step in steps:
        if "sql" in step:
            for db in (s_db, a_db):
                if db is not None and db.query(step["sql"]) is None:
                    res.check("%s: setup SQL %s" % (title, step["sql"]), "ok", "failed")
            continue
        args = step["args"]
        name = "%s: strata %s" % (title, " ".join(args))
        rc, out, err = run_strata(strata, st_dir, s_db.url, args)
        a_outcome = a_out = None
        if alembic is not None and step.get("call"):
            a_outcome, a_out, a_err = alembic.run(step["call"])
            if "outcome" in step:
                res.check("oracle: %s: alembic %s" % (title, " ".join(args)), step["outcome"], a_outcome, a_err)
                res.check("oracle: %s: alembic %s: version rows" % (title, " ".join(args)),
                          step["rows"], a_db.versions())
            elif "lines" in step:
                res.check("oracle: %s: alembic current" % title, step["lines"], sorted(a_out.splitlines()))
        if args[0] == "history":
            res.check(name + ": exit 0", 0, rc, err)
            res.check(name + ": (current) marks exactly the version rows", s_db.versions(),
                      marked_current(out), out)
            if a_out is not None:
                res.check(name + ": same lines as alembic history -i (labels sorted)",
                          sorted(normalise_labels(l) for l in a_out.splitlines()),
                          sorted(normalise_labels(l) for l in out.splitlines()))
            continue
        if args[0] == "current":
            res.check(name + ": exit 0", 0, rc, err)
            res.check(name + ": lines (sorted)", step["lines"], sorted(out.splitlines()), err)
            continue
        if step["outcome"] == OK:
            res.check(name + ": exit 0", 0, rc, err)
        else:
            res.check(name + ": exit 2 (target cannot be resolved)", 2, rc, err)
        res.check(name + ": version rows", step["rows"], s_db.versions(), err)
        if check_tables:
            res.check(name + ": tables = revisions the rows imply", applied_closure(step["rows"]),
                      s_db.tables(), err)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strata", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--backend", required=True, choices=["sqlite", "postgresql", "mysql"])
    ap.add_argument("--pg-admin-url")
    ap.add_argument("--pg-prefix", default="strata_e2e_br_")
    ap.add_argument("--my-admin-url")
    ap.add_argument("--my-prefix", default="strata_e2e_br_")
    ap.add_argument("--no-oracle", action="store_true",
                    help="do not run Alembic (version rows do not depend on the backend: one run suffices)")
    opts = ap.parse_args()

    os.makedirs(opts.workdir, exist_ok=True)
    al_dir, st_dir = write_projects(os.path.join(opts.workdir, "projects"))
    try:
        if opts.no_oracle:
            raise ImportError("--no-oracle")
        import alembic  # noqa: F401
        import sqlalchemy  # noqa: F401
        if opts.backend == "postgresql":
            import psycopg2  # noqa: F401
        if opts.backend == "mysql":
            import pymysql  # noqa: F401
        have_alembic = True
    except ImportError:
        have_alembic = False
        if not opts.no_oracle:
            print("# alembic is not importable: the Alembic cross-check is skipped, strata is still checked")

    res = Results(opts.backend)
    if opts.backend == "mysql":
        dbs = Databases(opts.backend, opts.workdir, opts.my_admin_url, opts.my_prefix)
    else:
        dbs = Databases(opts.backend, opts.workdir, opts.pg_admin_url, opts.pg_prefix)
    try:
        for title, check_tables, steps in SCENARIOS:
            run_scenario(res, title, check_tables, steps, opts.strata, st_dir, dbs, have_alembic, al_dir)
    finally:
        dbs.drop_all()
    print("# [%s] %d passed, %d failed" % (opts.backend, res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
