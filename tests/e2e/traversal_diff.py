#!/usr/bin/python3
"""Differential test of upgrade/downgrade traversal: strata against Alembic.

Hundreds of random revision graphs (several bases, branches, merges, branch
labels, depends_on across branches, on ids and on labels); from many
starting points (version rows that Alembic itself wrote by upgrading to a
random set of revisions), every target form is run through Alembic's own
RevisionMap and HeadMaintainer (in process, Debian's python3-alembic) and
through strata's (tests/tools/graph_probe, the code the commands run). They
must agree on: refusing or not, the set of revisions run and their
direction, and the version rows left.

    traversal_diff.py PROBE [--graphs N] [--seed S] [--verbose] [--strata BIN --cli-graphs M]

With --strata, M of the graphs are also run through the strata command on
real SQLite databases (every revision creates a table t_<id> and drops it
on downgrade): from a database upgraded to each revision in turn, a few
targets each, checking the version rows and that the tables present are
exactly the revisions Alembic would have applied.

Prints `ok`/`not ok` per graph, then `N passed, N failed`; exit 1 on any
difference. A case where Alembic itself crashes (an AssertionError inside
its traversal, not a refusal) is not compared and is counted apart.
"""

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import types
import warnings

import sqlalchemy as sa
from alembic.runtime.migration import HeadMaintainer, RevisionStep
from alembic.script import revision as alembic_revision
from alembic.util import CommandError

warnings.simplefilter("ignore")

_NOOP = types.SimpleNamespace(upgrade=lambda: None, downgrade=lambda: None)


class Rev(alembic_revision.Revision):
    """A revision as RevisionStep wants it (a module with the two functions)."""

    module = _NOOP
    doc = ""


class FakeContext:
    """What HeadMaintainer uses of a MigrationContext: statements are built
    (so its own logic runs) but not executed."""

    as_sql = True
    version_table = "alembic_version"

    def __init__(self):
        self._version = sa.Table("alembic_version", sa.MetaData(), sa.Column("version_num", sa.String(32)))
        self.impl = types.SimpleNamespace(_exec=lambda stmt: None)
        self.dialect = types.SimpleNamespace(supports_sane_rowcount=False)


def random_graph(rng):
    """[(id, down_revisions, depends_on, labels)] in file order, shaped as real
    projects are: merges join revisions on separate lines of history, and a
    depends_on names a revision that is not already an ancestor."""
    count = rng.randint(2, 11)
    # A third of the graphs use hex ids, so partial ids are targets too.
    hex_ids = rng.random() < 0.33
    revs = []
    ancestors = {}  # id -> ids below it, by down_revision and depends_on
    labels_used = 0
    for i in range(count):
        rid = ("%06x" % rng.getrandbits(24)) if hex_ids else "rv%02d" % i
        earlier = [r[0] for r in revs]
        unrelated = lambda a: [b for b in earlier if b != a and a not in ancestors[b] and b not in ancestors[a]]
        roll = rng.random()
        if not earlier or roll < 0.18:
            down = []
        else:
            # Mostly extend a recent revision, so branches grow long.
            down = [earlier[max(0, len(earlier) - 1 - int(rng.expovariate(0.7)))]]
            if roll < 0.35 and unrelated(down[0]):
                down.append(rng.choice(unrelated(down[0])))
        below = set(down).union(*(ancestors[d] for d in down)) if down else set()
        deps = []
        if earlier and rng.random() < 0.3:
            candidates = [b for b in earlier if b not in below]
            if candidates:
                deps = [rng.choice(candidates)]
        labels = []
        if rng.random() < 0.25:
            labels = ["lb%d" % labels_used]
            labels_used += 1
        ancestors[rid] = below.union(deps).union(*(ancestors[d] for d in deps))
        revs.append([rid, down, deps, labels])
    # Some depends_on name a label instead of an id, as projects write them.
    by_label = {lab: r[0] for r in revs for lab in r[3]}
    for r in revs:
        if r[2] and rng.random() < 0.3:
            for lab, owner in by_label.items():
                if owner == r[2][0]:
                    r[2] = [lab]
    return revs


def build_alembic(revs):
    rmap = alembic_revision.RevisionMap(
        lambda: [Rev(r[0], tuple(r[1]) or None, dependencies=tuple(r[2]) or None,
                     branch_labels=tuple(r[3]) or None) for r in revs])
    rmap.heads  # builds and validates it
    return rmap


def alembic_run(rmap, upgrade, target, rows):
    """('ok', {(+/-id)}, [rows]) / ('error', message) / ('crash', message)."""
    try:
        if upgrade:
            scripts = list(rmap.iterate_revisions(target, tuple(rows), implicit_base=True))
            steps = [RevisionStep(rmap, s, True) for s in reversed(scripts)]
        else:
            scripts = list(rmap.iterate_revisions(tuple(rows), target, select_for_downgrade=True))
            steps = [RevisionStep(rmap, s, False) for s in scripts]
        heads = HeadMaintainer(FakeContext(), rows)
        for step in steps:
            heads.update_to_step(step)
    except (alembic_revision.RevisionError, CommandError) as e:
        return ("error", str(e))
    except (AssertionError, KeyError, TypeError, ValueError, IndexError) as e:
        return ("crash", "%s: %s" % (type(e).__name__, e))
    shown = [("+" if upgrade else "-") + s.revision.revision for s in steps]
    return ("ok", shown, sorted(heads.heads))


def targets_for(revs, upgrade):
    ids = [r[0] for r in revs]
    labels = [lab for r in revs for lab in r[3]]
    out = ["heads", "head", "base"] if upgrade else ["base", "-1", "-2", "heads", "head"]
    if upgrade:
        out += ["+1", "+2"]
    out += ids
    out += [i[:4] for i in ids if len(i) > 4] + [i[:3] for i in ids[:2]]
    out += [i + "-1" for i in ids] + [i + "+1" for i in ids]
    for lab in labels:
        out += [lab + "@head", lab + "@base", lab + "@-1", lab + "@+1", lab]
        out += [lab + "@" + i for i in ids[:3]]
    return out


class Probe:
    def __init__(self, path):
        self.proc = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def send(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def ask(self, line):
        self.send(line)
        return self.proc.stdout.readline().rstrip("\n")

    def load(self, revs):
        for r in revs:
            self.send("rev %s %s %s %s" % (r[0], ",".join(r[1]) or "-", ",".join(r[2]) or "-", ",".join(r[3]) or "-"))
        self.send("build")

    def run(self, upgrade, target, rows):
        answer = self.ask("%s %s %s" % ("up" if upgrade else "down", target, ",".join(rows) or "-"))
        if answer.startswith("ok "):
            _, steps, left = answer.split(" ")
            return ("ok", [] if steps == "-" else steps.split(","), [] if left == "-" else left.split(","))
        return ("error", answer)


def starting_points(rng, rmap, revs):
    """Version rows Alembic writes when upgrading an empty database to random targets."""
    ids = [r[0] for r in revs]
    points = {()}
    for _ in range(6):
        chosen = tuple(rng.sample(ids, rng.randint(1, min(3, len(ids)))))
        result = alembic_run(rmap, True, chosen, ())
        if result[0] == "ok":
            points.add(tuple(result[2]))
    heads = alembic_run(rmap, True, "heads", ())
    if heads[0] == "ok":
        points.add(tuple(heads[2]))
    return sorted(points)


def compare(expected, got):
    if expected[0] != got[0]:
        return False
    if expected[0] == "error":
        return True
    return expected[1] == got[1] and expected[2] == got[2]


CLI_CASES = [0]  # runs of the real command, for the summary


def write_project(folder, revs):
    os.makedirs(os.path.join(folder, "migrations", "versions"), exist_ok=True)
    with open(os.path.join(folder, "strata.yaml"), "w") as f:
        f.write("script_location: migrations\ndatabase_url: sqlite:///app.db\n")
    for rid, down, deps, labels in revs:
        with open(os.path.join(folder, "migrations", "versions", rid + ".yaml"), "w") as f:
            f.write("revision: %s\ndown_revision: [%s]\ndepends_on: [%s]\nbranch_labels: [%s]\nmessage: m\n"
                    "upgrade:\n  - create_table: {name: t_%s, columns: [{name: id, type: integer}]}\n"
                    "downgrade:\n  - drop_table: {name: t_%s}\n" % (rid, ", ".join(down), ", ".join(deps),
                                                                     ", ".join(labels), rid, rid))


def cli_check(strata, rng, rmap, revs, folder):
    """Problems found running the real command on SQLite (empty: none)."""
    write_project(folder, revs)
    db = os.path.join(folder, "app.db")
    problems = []

    def strata_run(*args):
        return subprocess.run([strata, "-q"] + list(args), cwd=folder, capture_output=True, text=True).returncode

    def state():
        con = sqlite3.connect(db)
        try:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            rows = sorted(r[0] for r in con.execute("SELECT version_num FROM alembic_version")) \
                if "alembic_version" in names else []
        finally:
            con.close()
        return rows, sorted(n[2:] for n in names if n.startswith("t_"))

    def applied(rows):
        return sorted({r.revision for r in rmap._get_ancestor_nodes(rmap.get_revisions(tuple(rows)))})

    for start in [r[0] for r in revs]:
        for upgrade, target in [(rng.random() < 0.4, rng.choice(targets_for(revs, True))) for _ in range(3)]:
            if os.path.exists(db):
                os.remove(db)
            first = alembic_run(rmap, True, start, [])
            if first[0] != "ok" or strata_run("upgrade", start) != 0:
                continue
            expected = alembic_run(rmap, upgrade, target, list(first[2]))
            if expected[0] == "crash":
                continue
            code = strata_run("upgrade" if upgrade else "downgrade", target)
            CLI_CASES[0] += 1
            rows, tables = state()
            want_rows = first[2] if expected[0] == "error" else expected[2]
            label = "%s %s from %s" % ("upgrade" if upgrade else "downgrade", target, start)
            if (code == 0) != (expected[0] == "ok") or (code not in (0, 2)):
                problems.append("%s: strata exit %d, alembic %s" % (label, code, expected[0]))
            elif rows != want_rows or tables != applied(want_rows):
                problems.append("%s: rows %s tables %s, alembic rows %s tables %s" % (
                    label, rows, tables, want_rows, applied(want_rows)))
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("probe")
    parser.add_argument("--graphs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--strata", type=os.path.abspath)
    parser.add_argument("--cli-graphs", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    probe = Probe(args.probe)
    passed = failed = cases = crashes = 0
    for g in range(args.graphs):
        revs = random_graph(rng)
        try:
            rmap = build_alembic(revs)
        except alembic_revision.RevisionError:
            continue  # a graph Alembic refuses (a label twice, a cycle): not a traversal case
        probe.load(revs)
        problems = []
        for rows in starting_points(rng, rmap, revs):
            for upgrade in (True, False):
                for target in targets_for(revs, upgrade):
                    expected = alembic_run(rmap, upgrade, target, list(rows))
                    if expected[0] == "crash":
                        crashes += 1
                        continue
                    cases += 1
                    got = probe.run(upgrade, target, list(rows))
                    if not compare(expected, got):
                        problems.append("%s %s from %s: alembic %s, strata %s" % (
                            "upgrade" if upgrade else "downgrade", target, list(rows) or "<base>",
                            expected, got))
        if args.strata and g < args.cli_graphs:
            with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as folder:
                problems += ["cli: " + p for p in cli_check(args.strata, rng, rmap, revs, folder)]
        if problems:
            failed += 1
            print("not ok - graph %d %s" % (g, revs))
            for p in problems[: (50 if args.verbose else 5)]:
                print("    " + p)
            if len(problems) > 5 and not args.verbose:
                print("    ... %d differences in all" % len(problems))
        else:
            passed += 1
            if args.verbose:
                print("ok - graph %d" % g)
    print("%d cases compared, %d where Alembic itself crashed (not compared)" % (cases, crashes))
    if args.strata:
        print("%d of them also run by the strata command on SQLite" % CLI_CASES[0])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
