#!/usr/bin/python3
"""Branches, merges and depends_on on a live database (driven by branches_db_test.sh).

A graph with a branch point, two labelled branches, a merge and a second
base whose revision depends_on a revision of the first tree. Every revision
creates a table t_<id> (and drops it on downgrade), so the tables present show
which revisions really ran. A list of steps (upgrade/downgrade/stamp with
every target form) runs with strata; after each one the version rows (sorted),
the exit status and the tables must equal the expected values written below.

The expected values are Alembic's: when Alembic (python3-alembic) can be
imported, the same steps also run through Alembic itself on a second database
of the same backend, and any disagreement between Alembic and the expectation
written here is reported (so the expectations are checked against the oracle,
and strata is checked against them whether or not Alembic is installed).

    branches_db.py --strata BIN --workdir DIR --backend sqlite|postgresql \\
        --urls URL_S1 URL_A1 URL_S2 URL_A2

Output: `ok - ...` / `not ok - ...` lines, then a count; exit 1 on failure.
"""

import argparse
import io
import os
import sqlite3
import subprocess
import sys

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

# Steps on the main database pair. (strata args, alembic call, expected rows,
# expected outcome "ok" or "error", whether the tables must follow the rows.)
# Alembic calls: ("upgrade", target) / ("downgrade", target) / ("stamp",
# [revs], purge) / ("history",) / ("current",).
ERR = "error"
MAIN_STEPS = [
    (["upgrade", "rb1"], ("upgrade", "rb1"), ["rb1"], "ok"),
    (["upgrade", "rc1"], ("upgrade", "rc1"), ["rb1", "rc1"], "ok"),
    (["downgrade", "cl@-1"], ("downgrade", "cl@-1"), "?", "?"),
    (["upgrade", "cl@+1"], ("upgrade", "cl@+1"), "?", "?"),
    (["upgrade", "rb1+1"], ("upgrade", "rb1+1"), "?", "?"),
    (["history", "-i"], ("history",), None, "ok"),
    (["current"], ("current",), None, "ok"),
    (["upgrade", "+1"], ("upgrade", "+1"), "?", "?"),
    (["downgrade", "-1"], None, "?", "?"),
    (["upgrade", "head"], ("upgrade", "head"), "?", "?"),
    (["upgrade", "rd2"], ("upgrade", "rd2"), "?", "?"),
    (["current"], ("current",), None, "ok"),
    (["history", "-i"], ("history",), None, "ok"),
    (["downgrade", "cl@-1"], ("downgrade", "cl@-1"), "?", "?"),
    (["upgrade", "heads"], ("upgrade", "heads"), "?", "?"),
    (["history", "-i"], ("history",), None, "ok"),
    (["current"], ("current",), None, "ok"),
    (["downgrade", "rb1"], ("downgrade", "rb1"), "?", "?"),
    (["downgrade", "dl@-1"], ("downgrade", "dl@-1"), "?", "?"),
    (["downgrade", "dl@base"], ("downgrade", "dl@base"), "?", "?"),
    (["upgrade", "dl@+1"], ("upgrade", "dl@+1"), "?", "?"),
    (["upgrade", "dl@head"], ("upgrade", "dl@head"), "?", "?"),
    (["downgrade", "rc1-1"], ("downgrade", "rc1-1"), "?", "?"),
    (["downgrade", "bl@-1"], ("downgrade", "bl@-1"), "?", "?"),
    (["downgrade", "base"], ("downgrade", "base"), "?", "?"),
    (["upgrade", "r0"], ("upgrade", "r0"), "?", "?"),
    (["upgrade", "+1"], ("upgrade", "+1"), "?", "?"),
    (["upgrade", "+1"], ("upgrade", "+1"), "?", "?"),
    (["downgrade", "-1"], ("downgrade", "-1"), "?", "?"),
    (["upgrade", "rb1+1"], ("upgrade", "rb1+1"), "?", "?"),
    (["downgrade", "rb2-1"], ("downgrade", "rb2-1"), "?", "?"),
    (["upgrade", "bl@+1"], ("upgrade", "bl@+1"), "?", "?"),
    (["downgrade", "-2"], ("downgrade", "-2"), "?", "?"),
    (["upgrade", "nosuch"], ("upgrade", "nosuch"), "?", "?"),
    (["upgrade", "heads"], ("upgrade", "heads"), "?", "?"),
    (["downgrade", "base"], ("downgrade", "base"), "?", "?"),
]

STAMP_STEPS = [
    (["stamp", "rb1", "rc1"], ("stamp", ["rb1", "rc1"], False), "?"),
    (["history", "-i"], ("history",), None),
    (["current"], ("current",), None),
    (["stamp", "rm"], ("stamp", ["rm"], False), "?"),
    (["stamp", "rd1"], ("stamp", ["rd1"], False), "?"),
    (["stamp", "rd2"], ("stamp", ["rd2"], False), "?"),
    (["stamp", "base"], ("stamp", ["base"], False), "?"),
    (["stamp", "heads"], ("stamp", ["heads"], False), "?"),
    (["stamp", "rb2"], ("stamp", ["rb2"], False), "?"),
    (["stamp", "--purge", "rc1"], ("stamp", ["rc1"], True), "?"),
    (["stamp", "bl@head", "dl@head"], ("stamp", ["bl@head", "dl@head"], False), "?"),
    (["stamp", "rb2", "rc1"], ("stamp", ["rb2", "rc1"], False), "?"),
    (["stamp", "ra"], ("stamp", ["ra"], False), "?"),
    (["stamp", "rc1"], ("stamp", ["rc1"], False), "?"),
    (["stamp", "--purge", "base"], ("stamp", ["base"], True), "?"),
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
    for rid, down, labels, deps, msg in REVS:
        py_down = "None" if down is None else repr(down)
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
        y_down = "null" if down is None else (down if isinstance(down, str) else "[%s]" % ", ".join(down))
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


class Db:
    def __init__(self, backend, url):
        self.backend, self.url = backend, url

    def query(self, sql):
        if self.backend == "sqlite":
            path = self.url[len("sqlite:///"):]
            if not os.path.exists(path):
                return []
            con = sqlite3.connect(path)
            try:
                return [r[0] for r in con.execute(sql).fetchall()]
            except sqlite3.OperationalError:
                return None
            finally:
                con.close()
        p = subprocess.run(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", self.url, "-c", sql],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            return None
        return [l for l in p.stdout.splitlines() if l != ""]

    def versions(self):
        rows = self.query("SELECT version_num FROM alembic_version")
        return sorted(rows) if rows is not None else []

    def tables(self):
        if self.backend == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 't\\_%' ESCAPE '\\'"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename LIKE 't\\_%'"
        return sorted(r[2:] for r in (self.query(sql) or []))


def applied_closure(rows):
    """Every revision the version rows imply: ancestors through down_revision and depends_on."""
    seen, todo = set(), list(rows)
    while todo:
        r = todo.pop()
        if r in seen:
            continue
        seen.add(r)
        _, down, _, deps, _ = BY_ID[r]
        if down is not None:
            todo.extend([down] if isinstance(down, str) else list(down))
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
            if detail:
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
        from alembic.config import Config  # noqa: imported only when available
        self.al_dir, self.url, self.Config = al_dir, url, Config

    def run(self, call):
        from alembic import command
        buf = io.StringIO()
        cfg = self.Config(os.path.join(self.al_dir, "alembic.ini"), stdout=buf)
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
            return "ok", buf.getvalue(), ""
        except Exception as e:  # CommandError, resolution errors
            return ERR, buf.getvalue(), "%s: %s" % (type(e).__name__, e)


def marked_current(text):
    """Revision ids on history lines that carry (current)."""
    out = []
    for line in text.splitlines():
        if "(current)" in line:
            head = line.split(",")[0]  # "a -> b (head) (current)" / "a, b -> m ..."
            rid = head.split("->")[-1].strip().split(" ")[0]
            out.append(rid)
    return sorted(out)


def run_steps(res, steps, strata, st_dir, s_db, alembic, a_db, check_tables):
    for step in steps:
        args, call, rows = step[0], step[1], step[2]
        outcome = step[3] if len(step) > 3 else "ok"
        name = "strata " + " ".join(args)
        rc, out, err = run_strata(strata, st_dir, s_db.url, args)
        a_out = None
        if rows == "?":
            a_outcome, a_out, a_err = alembic.run(call) if call else ("-", "", "")
            print("EXPLORE %-28s alembic %-5s %-22s | strata rc=%d %-22s tables=%s %s" % (
                " ".join(args), a_outcome, a_db.versions(), rc, s_db.versions(), s_db.tables() == applied_closure(s_db.versions()),
                (a_err + " | " + err.strip().replace("\n", " / "))[:200]))
            continue
        if alembic is not None:
            a_outcome, a_out, a_err = alembic.run(call)
            res.check("oracle: alembic %s -> %s" % (" ".join(args), outcome), outcome, a_outcome, a_err)
            if rows is not None:
                res.check("oracle: alembic %s: version rows" % " ".join(args), rows, a_db.versions())
        if args[0] in ("history", "current"):
            res.check(name + ": exit 0", 0, rc, err)
            if args[0] == "history":
                res.check(name + ": (current) marks the version rows", s_db.versions(), marked_current(out), out)
                if a_out is not None:
                    res.check(name + ": same lines as alembic history -i",
                              sorted(a_out.splitlines()), sorted(out.splitlines()))
            else:
                cur = sorted(l.split(" ")[0] for l in out.splitlines() if l.strip())
                res.check(name + ": lists the version rows", s_db.versions(), cur, out + err)
                if a_out is not None:
                    res.check(name + ": same lines as alembic current",
                              sorted(a_out.splitlines()), sorted(out.splitlines()))
            continue
        if outcome == "ok":
            res.check(name + ": exit 0", 0, rc, err)
        else:
            res.check(name + ": exit 2 (target cannot be resolved)", 2, rc, err)
        res.check(name + ": version rows", rows, s_db.versions(), err)
        if check_tables:
            res.check(name + ": tables = revisions applied", applied_closure(rows), s_db.tables(), err)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strata", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--backend", required=True, choices=["sqlite", "postgresql"])
    ap.add_argument("--urls", nargs=4, required=True)
    opts = ap.parse_args()

    al_dir, st_dir = write_projects(opts.workdir)
    try:
        import alembic  # noqa: F401
        have_alembic = True
    except ImportError:
        have_alembic = False
        print("# alembic is not importable: the Alembic cross-check is skipped, strata is still checked")

    res = Results(opts.backend)
    s1, a1, s2, a2 = (Db(opts.backend, u) for u in opts.urls)
    run_steps(res, MAIN_STEPS, opts.strata, st_dir, s1,
              AlembicRunner(al_dir, a1.url) if have_alembic else None, a1, True)
    run_steps(res, STAMP_STEPS, opts.strata, st_dir, s2,
              AlembicRunner(al_dir, a2.url) if have_alembic else None, a2, False)
    print("# [%s] %d passed, %d failed" % (opts.backend, res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
