"""Rounds of `strata upgrade head` and `strata downgrade base` killed with
SIGKILL at a random moment (faults.py states the invariants).

A round: the database is at base (an upgrade round) or at head (a downgrade
round); strata starts and is killed at a random moment (random_moment: in
its start-up, or inside a revision drawn at random, at a random offset);
then `strata current` (the first
to open the database after the kill: on SQLite it rolls back the hot
journal), the invariant, on MySQL the settling of an interrupted revision,
and a clean rerun that must finish. Upgrade and downgrade rounds alternate,
so each rerun leaves the start of the next round.
"""

import os
import re
import time

import project as P
from suite import env_with, wait_for

HEAD = P.REVISIONS


def started(log_path, upgrade):
    """The revision numbers strata said it started, in order ("Running ...")."""
    try:
        with open(log_path) as f:
            text = f.read()
    except FileNotFoundError:
        return []
    word = "upgrade" if upgrade else "downgrade"
    out = []
    for m in re.finditer(rf"^Running {word} (\S*) -> (\S*),", text, re.M):
        rev = m.group(2) if upgrade else m.group(1)
        out.append(int(rev[1:]))
    return out


def done_from(versions):
    """The number of revisions applied, from the version rows (None: not one row of ours)."""
    if not versions:
        return 0
    if len(versions) == 1 and re.fullmatch(r"r\d\d", versions[0]) and 1 <= int(versions[0][1:]) <= HEAD:
        return int(versions[0][1:])
    return None


class KillRounds:
    def __init__(self, suite, database, proj, rng, tag="main"):
        self.s, self.db, self.proj, self.rng = suite, database, proj, rng
        self.env = env_with(database.url)
        self.mysql = database.name == "mysql"
        self.log = os.path.join(suite.workdir, f"interrupted-{tag}.log")
        self.stamped = False

    def run(self, rounds):
        s = self.s
        times = {}
        for upgrade in (True, False):
            t = time.time()
            rc, _, err = s.strata(self.proj, self.env, *self.args(upgrade))
            times[upgrade] = time.time() - t
            if not s.eq(f"calibration: a whole {self.word(upgrade)} exits 0", 0, rc):
                print(err)
                return
        s.figures["whole upgrade (ms)"] = int(times[True] * 1000)
        s.figures["whole downgrade (ms)"] = int(times[False] * 1000)
        for i in range(rounds):
            for upgrade in (True, False):
                self.round(i + 1, upgrade, times[upgrade])

    @staticmethod
    def args(upgrade):
        return ("upgrade", "head") if upgrade else ("downgrade", "base")

    @staticmethod
    def word(upgrade):
        return "upgrade" if upgrade else "downgrade"

    def round(self, n, upgrade, whole, terminate=False):
        """One round; TERMINATE: the server ends strata's connection (on the
        database's side) instead of strata being killed."""
        s = self.s
        kind = "connection-ended" if terminate else "killed"
        s.count(f"{kind} {self.word(upgrade)} rounds")
        what = f"{kind} {self.word(upgrade)} round {n}"
        p = s.start(self.proj, self.env, *self.args(upgrade), log=self.log)
        self.random_moment(p, upgrade, whole, startup=not terminate)  # before it connects, nothing to end
        if terminate:
            for pid in self.db.backends():
                self.db.terminate(pid)
            rc = p.wait(timeout=60)
            with open(self.log) as f:
                err = f.read()
            if rc != 0:
                s.clear_error(what, rc, err, ["the connection to the server was lost"])
        else:
            p.kill()
            rc = p.wait()
        if rc == 0:
            s.count(f"{kind} runs that had finished first")
        self.check_and_rerun(what, upgrade, rc == 0)

    def random_moment(self, p, upgrade, whole, startup=True):
        """Waits for a random moment of P's run: one time in ten within its
        first 50 ms (start-up, connecting, the lock, the version table), else
        in the i-th revision of the run (i uniform over the twelve), at an
        offset drawn uniformly from about one revision's time."""
        if startup and self.rng.random() < 0.1:
            time.sleep(self.rng.uniform(0, 0.05))
            return
        i = self.rng.randint(1, HEAD)
        k = i if upgrade else HEAD + 1 - i
        line = (f"Running upgrade {P.rev_id(k - 1)} -> {P.rev_id(k)}," if upgrade
                else f"Running downgrade {P.rev_id(k)} -> {P.rev_id(k - 1)},")
        wait_for(lambda: p.poll() is not None or line in open(self.log).read(), timeout=60, step=0.002)
        time.sleep(self.rng.uniform(0, 1.2 * whole / HEAD))

    def check_and_rerun(self, what, upgrade, finished, before_rerun=None):
        """The invariant after a fault (counted as a violation when any check
        of it fails), then, unless the database cannot be gone on from, a
        clean rerun in the same direction, which must finish."""
        s = self.s
        failed_before = s.failed
        done = self.after_kill(what, upgrade, finished)
        if s.failed != failed_before:
            s.count("invariant violations")
            with open(self.log) as f:
                print(f"    stderr of the interrupted run:\n      " + f.read().strip().replace("\n", "\n      "))
        if done is None:
            return
        if before_rerun:
            before_rerun()
        rc, _, err = s.strata(self.proj, self.env, *self.args(upgrade))
        snap = self.db.snapshot()
        end = HEAD if upgrade else 0
        ok = s.eq(f"{what}: the clean rerun exits 0", 0, rc)
        ok &= s.eq(f"{what}: after the rerun, the version table", [P.rev_id(end)] if end else [], snap.versions)
        ok &= s.check(snap.state == P.state_at(end), f"{what}: after the rerun, the schema and rows",
                      f"got {P.describe(snap.state)}")
        ok &= s.check(not snap.mark_table, f"{what}: after the rerun, no progress table")
        if not ok:
            s.count("rerun failures")
            print("    " + err.strip().replace("\n", "\n    "))

    def after_kill(self, what, upgrade, finished):
        """Checks the invariant; settles a MySQL mark. Returns the revisions
        applied, or None when the database is not in a state to go on from."""
        s = self.s
        rc, out, err = s.strata(self.proj, self.env, "current")
        snap = self.db.snapshot()
        done = done_from(snap.versions)
        if not s.check(done is not None, f"{what}: the version table holds one known revision or none",
                       f"got {snap.versions}"):
            return None
        began = started(self.log, upgrade)
        if finished:
            s.eq(f"{what}: the run finished before the kill: the version table", HEAD if upgrade else 0, done)
        elif began:
            last = began[-1]
            allowed = (last - 1, last) if upgrade else (last, last - 1)
            s.check(done in allowed, f"{what}: the version table names the last completed revision",
                    f"strata started {P.rev_id(last)} last, the version table says {snap.versions}")
        else:
            s.eq(f"{what}: killed before any revision started: the version table", 0 if upgrade else HEAD, done)
        if 0 < done < HEAD:
            s.count("kills between the first and the last revision")
        s.eq(f"{what}: strata current exits 0", 0, rc)
        first = out.splitlines()[0] if out.strip() else ""
        expected = (P.rev_id(done) + (" (head)" if done == HEAD else "")) if done else ""
        if not self.stamped:
            # The log row is written with the version row: the revisions
            # applied are exactly those whose latest log row is an upgrade.
            logged = [k for k in range(1, HEAD + 1) if snap.log_latest.get(P.rev_id(k)) == "upgrade"]
            s.eq(f"{what}: the revision log agrees with the version table", list(range(1, done + 1)), logged)
        if snap.mark is None:
            s.eq(f"{what}: strata current prints the version row", expected, out.strip())
            s.check(snap.state == P.state_at(done), f"{what}: the schema is that of the revisions completed",
                    f"version {snap.versions}: expected {P.describe(P.state_at(done))}, got {P.describe(snap.state)}")
            return done
        if expected:
            s.eq(f"{what}: strata current's first line is the version row", expected, first)
        else:
            s.check(first.startswith("interrupted: "), f"{what}: no version row: strata current starts with the mark",
                    out)
        if not s.check(self.mysql, f"{what}: a progress mark only on MySQL", f"found {snap.mark}"):
            return None
        return self.settle(what, upgrade, done, snap, out)

    def settle(self, what, upgrade, done, snap, current_out):
        """MySQL: the mark names the interrupted revision and the schema is the
        completed revisions plus a prefix of its operations; upgrade and
        downgrade refuse; settled by hand as README says, then stamped."""
        s = self.s
        s.count("interrupted revisions (progress mark found)")
        rev, direction, op, state = snap.mark
        k = done + 1 if upgrade else done
        s.eq(f"{what}: the mark names the next revision and the run's direction",
             (P.rev_id(k), self.word(upgrade), "running"), (rev, direction, state))
        s.check(f"interrupted: the {self.word(upgrade)} of revision {P.rev_id(k)}" in current_out,
                f"{what}: strata current names the interrupted revision", current_out)
        candidates = [j for j in (op - 1, op) if 0 <= j <= len(P.ops(k, upgrade))]
        matching = [j for j in candidates if snap.state == P.state_at(done, (upgrade, j))]
        if not s.check(bool(matching), f"{what}: the schema is the completed revisions plus operations "
                       f"1..{op - 1} or 1..{op} of {P.rev_id(k)}", f"got {P.describe(snap.state)}"):
            return None
        j = matching[-1]
        # Upgrade and downgrade refuse while marked (one of them, drawn at
        # random, per round), and change nothing.
        args = self.rng.choice((("upgrade", "head"), ("downgrade", "base")))
        rc, _, err = s.strata(self.proj, self.env, *args, "--lock-timeout", "30")
        s.check(rc == 1 and "interrupted: the " in err, f"{what}: {args[0]} refuses while marked (exit 1)",
                f"exit {rc}: {err.strip()}")
        again = self.db.snapshot()
        s.check((again.versions, again.mark, again.state) == (snap.versions, snap.mark, snap.state),
                f"{what}: the refused runs changed nothing")
        ops = P.ops(k, upgrade)
        parent = P.rev_id(k - 1) or "base"
        if self.rng.random() < 0.5:
            # Finish the revision's operations by hand, then stamp where it goes.
            for o in ops[j:]:
                for sql in o.sql():
                    self.db.execute(sql)
            target, now = (P.rev_id(k), k) if upgrade else (parent, k - 1)
            s.count("settled by finishing the revision by hand")
        else:
            # Put back what it did, then stamp where it started.
            for o in reversed(ops[:j]):
                for sql in o.inverse().sql():
                    self.db.execute(sql)
            target, now = (parent, k - 1) if upgrade else (P.rev_id(k), k)
            s.count("settled by undoing the revision by hand")
        rc, _, err = s.strata(self.proj, self.env, "stamp", target)
        self.stamped = True  # stamp writes no log row: the log and the version table part
        after = self.db.snapshot()
        s.eq(f"{what}: stamp {target} exits 0", 0, rc)
        s.check(after.mark is None and not after.mark_table, f"{what}: stamp {target} clears the mark")
        s.eq(f"{what}: stamp {target}: the version table", [P.rev_id(now)] if now else [], after.versions)
        s.check(after.state == P.state_at(now), f"{what}: settled by hand: the schema of {target}",
                f"got {P.describe(after.state)}")
        return now
