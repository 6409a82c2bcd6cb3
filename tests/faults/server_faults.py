"""Faults other than a kill of strata (faults.py states the invariants):
the server ending the connection, the server stopped (a throwaway server of
its own), a lock holder killed while another run waits, SQLite on a full
and on a read-only filesystem (sqlite_faults.py)."""

import os
import sqlite3
import subprocess
import tempfile
import time

import db
import project as P
import sqlite_faults
from kills import KillRounds
from suite import env_with, wait_for

SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts")


def calibrate_sqlite(ms):
    """Iterations of the recursive CTE that take about MS here."""
    n = 200000
    c = sqlite3.connect(":memory:")
    t = time.time()
    c.execute(f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) "
              "SELECT count(*) FROM n").fetchall()
    took = max(time.time() - t, 1e-4)
    return max(1000, int(n * ms / 1000 / took))


def whole_runs(suite):
    return {True: suite.figures["whole upgrade (ms)"] / 1000, False: suite.figures["whole downgrade (ms)"] / 1000}


def run_all(suite, database, proj, rng, rounds, kills):
    if "whole upgrade (ms)" not in suite.figures:
        return  # the calibration failed (reported)
    if database.name != "sqlite":
        for i in range(max(3, rounds // 10)):
            for upgrade in (True, False):
                kills.round(i + 1, upgrade, whole_runs(suite)[upgrade], terminate=True)
    lock_holder_killed(suite, database, rng)
    for i in range(max(3, rounds // 20)):
        lock_rounds(suite, kills, i + 1, rng)
    if database.name == "sqlite":
        sqlite_faults.run(suite, proj, rng)
    else:
        server_stopped(suite, database, proj, rng)


LOCK_PROJECT = {
    "l1": ("null", "{first}  - create_table: {{name: l1, columns: [{{name: id, type: integer, "
                   "primary_key: true}}]}}\n  - bulk_insert: {{table: l1, rows: [{{id: 1}}]}}\n"),
    "l2": ("l1", "  - create_table: {{name: l2, columns: [{{name: id, type: integer, primary_key: true}}]}}\n"
                 "  - bulk_insert: {{table: l2, rows: [{{id: 1}}]}}\n"),
}
# What the lock holder's l1 does first: 30 s that commit nothing (it is
# killed long before). The waiter's own copy of the project has no such step.
LONG_SLEEP = {"postgresql": "SELECT pg_sleep(30)", "mysql": "SELECT SLEEP(30)",
              "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000000000) "
                        "SELECT count(*) FROM n"}


def lock_project(d, sleep):
    versions = os.path.join(d, "migrations", "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(d, "strata.yaml"), "w") as f:
        f.write("script_location: migrations\ndatabase_url: ${DATABASE_URL}\n")
    for rev, (parent, body) in LOCK_PROJECT.items():
        with open(os.path.join(versions, f"{rev}_lock.yaml"), "w") as f:
            f.write(f"revision: {rev}\ndown_revision: {parent}\nmessage: {rev}\nupgrade:\n"
                    + body.format(first=f'  - execute: "{sleep}"\n' if sleep else "") + "downgrade: []\n")


def lock_holder_killed(suite, database, rng):
    """A holds the run lock, inside l1's first operation (30 s that commit
    nothing), and B waits for it; A is killed: B proceeds soon (the server
    sees A gone: at once on SQLite, within a second on PostgreSQL, whose
    backend looks for a dead client every second as strata asks it to,
    within about 5 s on MariaDB, whose SLEEP looks that often), applies l1
    and l2, once each, and exits 0."""
    s, name = suite, database.name
    proj_a, proj_b = os.path.join(s.workdir, "lock-a"), os.path.join(s.workdir, "lock-b")
    lock_project(proj_a, LONG_SLEEP[name])
    lock_project(proj_b, None)
    d = other_database(database, "lock")
    try:
        env = env_with(d.url)
        log_a, log_b = os.path.join(s.workdir, "lock-a.log"), os.path.join(s.workdir, "lock-b.log")
        a = s.start(proj_a, env, "upgrade", "head", log=log_a)
        s.check(wait_for(lambda: "Running upgrade  -> l1" in open(log_a).read()), "lock holder: A starts l1")
        b = s.start(proj_b, env, "upgrade", "head", log=log_b)
        time.sleep(0.5)
        s.check(a.poll() is None and b.poll() is None, "lock holder: B waits while A holds the lock")
        s.eq("lock holder: B ran nothing yet", "", open(log_b).read())
        a.kill()
        a.wait()
        killed = time.time()
        s.check(wait_for(lambda: "Running upgrade  -> l1" in open(log_b).read(), timeout=60),
                "lock holder killed: the waiter starts l1")
        waited = time.time() - killed
        s.figures["lock holder killed: ms from the kill to the waiter's first revision"] = int(waited * 1000)
        s.check(waited < 10, "lock holder killed: the waiter proceeds within 10 s", f"{waited:.1f} s")
        rc = b.wait(timeout=60)
        err = open(log_b).read()
        s.eq("lock holder killed: the waiter exits 0", 0, rc)
        s.check("Running upgrade  -> l1" in err and "Running upgrade l1 -> l2" in err,
                "lock holder killed: the waiter applies l1 and l2", err)
        snap = d.snapshot()
        s.eq("lock holder killed: the version table", ["l2"], snap.versions)
        s.eq("lock holder killed: l1 and l2 applied once each",
             {"l1": (("id",), 1, ()), "l2": (("id",), 1, ())}, snap.state)
    finally:
        d.drop()


def other_database(database, tag):
    if database.name == "sqlite":
        return db.Sqlite(database.path + f".{tag}")
    cls = db.Postgres if database.name == "postgresql" else db.Mysql
    return cls(database.admin_url, f"{database.db}_{tag}")


def lock_rounds(suite, kills, n, rng):
    """A run killed at a random moment while a second one waits for the lock:
    the waiter proceeds. It finishes the upgrade (exit 0), or, on MySQL, when
    A left a progress mark, refuses (exit 1) naming it; the invariant then
    holds, the mark is settled and a rerun finishes. From base."""
    s = suite
    what = f"lock-wait round {n}"
    s.count("lock-wait rounds")
    rc0, _, _ = s.strata(kills.proj, kills.env, "downgrade", "base")
    s.eq(f"{what}: from base", 0, rc0)
    log_b = os.path.join(s.workdir, "waiter.log")
    a = s.start(kills.proj, kills.env, "upgrade", "head", log=kills.log)
    time.sleep(0.03)
    b = s.start(kills.proj, kills.env, "upgrade", "head", log=log_b)
    kills.random_moment(a, True, whole_runs(s)[True])
    a.kill()
    finished = a.wait() == 0
    rc = b.wait(timeout=120)
    err = open(log_b).read()
    if rc == 0:
        snap = kills.db.snapshot()
        s.eq(f"{what}: the waiter finished: the version table", [P.rev_id(P.REVISIONS)], snap.versions)
        s.check(snap.state == P.state_at(P.REVISIONS), f"{what}: the waiter finished: the schema",
                P.describe(snap.state))
        return
    s.check(kills.mysql and rc == 1 and "interrupted: the upgrade of revision" in err,
            f"{what}: the waiter exits 0, or (MySQL) 1 naming the interrupted revision", f"exit {rc}: {err}")
    kills.check_and_rerun(what, True, finished)


def throwaway(kind, workdir):
    """A server of its own (scripts/pg-cluster.sh, mariadb-cluster.sh), durable
    enough that a commit survives the server's crash. Returns (dir, env)."""
    d = tempfile.mkdtemp(prefix=f"sf-{kind}.", dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else "/tmp")
    script = os.path.join(SCRIPTS, "pg-cluster.sh" if kind == "postgresql" else "mariadb-cluster.sh")
    e = dict(os.environ, STRATA_PG_DURABLE="1", STRATA_MYSQL_DURABLE="1")
    os.rmdir(d)
    r = subprocess.run(["bash", script, "start", d], env=e, capture_output=True, text=True)
    if r.returncode != 0:
        subprocess.run(["bash", script, "stop", d], capture_output=True)
        raise RuntimeError(f"the throwaway {kind} server did not start: {r.stderr.strip()}")
    values = {}
    with open(os.path.join(d, "env")) as f:
        for line in f:
            if line.startswith("export "):
                k, v = line[7:].strip().split("=", 1)
                values[k] = v.strip("'")
    return script, d, values


def server_stopped(suite, database, proj, rng):
    """The server stopped in the middle of a run, cleanly (PostgreSQL's fast
    shutdown, MariaDB's SHUTDOWN) and as a crash (immediate / SIGKILL), for
    an upgrade and a downgrade: strata exits 1 with a clear error; while the
    server is down every command fails in one line; once it is back the
    invariant holds and a rerun finishes."""
    s, kind = suite, database.name
    script, d, values = throwaway(kind, s.workdir)
    try:
        url = values["STRATA_TEST_PG_URL" if kind == "postgresql" else "STRATA_TEST_MYSQL_URL"]
        cls = db.Postgres if kind == "postgresql" else db.Mysql
        target = cls(url, "strata_faults_stop")
        kills = KillRounds(s, target, proj, rng, tag="stopped")
        env = kills.env
        rc, _, err = s.strata(proj, env, "upgrade", "head")
        s.eq("stopped server: a whole upgrade on the throwaway server", 0, rc)
        rc, _, err = s.strata(proj, env, "downgrade", "base")
        n = 0
        for mode in ("fast", "immediate"):
            for upgrade in (True, False):
                n += 1
                what = f"server stopped ({mode}) during a {kills.word(upgrade)}"
                s.count("server-stopped rounds")
                p = s.start(proj, env, *kills.args(upgrade), log=kills.log)
                # Mid-run: once the third revision started.
                third = "Running upgrade r02 -> r03" if upgrade else "Running downgrade r10 -> r09"
                s.check(wait_for(lambda: third in open(kills.log).read(), timeout=30), f"{what}: the run started")
                time.sleep(rng.uniform(0, 0.05))
                r = subprocess.run(["bash", script, "halt", d, mode], capture_output=True, text=True)
                s.eq(f"{what}: halt", 0, r.returncode)
                rc = p.wait(timeout=60)
                out = open(kills.log).read()
                if rc == 0:
                    s.count("server-stopped runs that had finished first")
                else:
                    s.clear_error(what, rc, out, ["the connection to the server was lost"])
                for args in (("current",), ("upgrade", "head"), ("stamp", "base")):
                    rc2, _, err2 = s.strata(proj, env, *args)
                    s.eq(f"{what}: while it is down, {args[0]} exits 1", 1, rc2)
                    s.check(len(err2.strip().splitlines()) == 1 and err2.startswith("strata: error: cannot connect"),
                            f"{what}: while it is down, {args[0]}: one line saying it cannot connect", err2)
                    s.check("strata-test-pw" not in err2, f"{what}: no password")
                r = subprocess.run(["bash", script, "resume", d], capture_output=True, text=True)
                s.eq(f"{what}: resume", 0, r.returncode)
                target.reconnect()
                kills.check_and_rerun(what, upgrade, rc == 0)
        target.drop()
    finally:
        subprocess.run(["bash", script, "stop", d], capture_output=True)
