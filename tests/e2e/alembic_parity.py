#!/usr/bin/python3
"""Parity test: `strata history|heads|branches` against real Alembic.

For every scenario (a small revision graph) this writes the same graph twice,
once as an Alembic project (Python revision files) and once as a strata
project (YAML revision files, SPEC section 5), runs the same read-only command
in both and compares what they print on stdout.

Run with an interpreter that can import alembic (Debian's python3-alembic:
/usr/bin/python3).  Standard library only.

    /usr/bin/python3 tests/e2e/alembic_parity.py --strata build/strata --workdir /tmp/x

Output: one line per comparison, `ok - SCENARIO: COMMAND` or
`not ok - SCENARIO: COMMAND` followed by a unified diff (alembic -> strata),
then `N passed, N failed`.  Exit status 1 when anything failed.
"""

import argparse
import difflib
import json
import os
import subprocess
import sys

# ---------------------------------------------------------------------------
# Scenarios
#
# A revision is a dict: id, down (None | str | tuple of str), depends
# (list of str, may name a branch label), labels (list of str), msg.
# "ordered": compare history output line by line in order (the graph is a
# single line, so the order is fully determined); otherwise compare as sorted
# lists of lines, because the walk order of parallel branches may differ.
# "ranges": extra `history -r RANGE` comparisons.
# ---------------------------------------------------------------------------


def rev(id_, down, msg, depends=(), labels=()):
    return {
        "id": id_,
        "down": down,
        "depends": list(depends),
        "labels": list(labels),
        "msg": msg,
    }


SCENARIOS = [
    {
        # (1) a plain linear chain of four revisions.
        "name": "linear",
        "ordered": True,
        "revisions": [
            rev("1975ea83b712", None, "create account table"),
            rev("ae1027a6acf0", "1975ea83b712", "Add a column"),
            rev("3c9b1f0e2d4a", "ae1027a6acf0", "backfill slugs"),
            rev("5d7e8f9a0b1c", "3c9b1f0e2d4a", "add index on slug"),
        ],
        "ranges": [
            # a full id to heads
            "ae1027a6acf0:heads",
            # base to a partial id
            "base:3c9b",
            # partial id to full id
            "ae10:5d7e8f9a0b1c",
            # open-ended forms
            ":ae1027a6acf0",
            "3c9b1f0e2d4a:",
            # head (single head) as the end
            "1975ea83b712:head",
        ],
    },
    {
        # (2) a branch point with two branches of two revisions each:
        # two heads, one (branchpoint).
        "name": "branchpoint",
        "ordered": False,
        "revisions": [
            rev("a1b2c3d4e5f6", None, "initial"),
            rev("b2c3d4e5f6a7", "a1b2c3d4e5f6", "branch point"),
            rev("c3d4e5f6a7b8", "b2c3d4e5f6a7", "left one"),
            rev("d4e5f6a7b8c9", "c3d4e5f6a7b8", "left two"),
            rev("e5f6a7b8c9d0", "b2c3d4e5f6a7", "right one"),
            rev("f6a7b8c9d0e1", "e5f6a7b8c9d0", "right two"),
        ],
    },
    {
        # (3) the same plus a merge revision joining both heads
        # (mergepoint, `a, b -> m`).
        "name": "mergepoint",
        "ordered": False,
        "revisions": [
            rev("a1b2c3d4e5f6", None, "initial"),
            rev("b2c3d4e5f6a7", "a1b2c3d4e5f6", "branch point"),
            rev("c3d4e5f6a7b8", "b2c3d4e5f6a7", "left one"),
            rev("d4e5f6a7b8c9", "c3d4e5f6a7b8", "left two"),
            rev("e5f6a7b8c9d0", "b2c3d4e5f6a7", "right one"),
            rev("f6a7b8c9d0e1", "e5f6a7b8c9d0", "right two"),
            rev("0a1b2c3d4e5f", ("d4e5f6a7b8c9", "f6a7b8c9d0e1"),
                "merge left and right"),
        ],
    },
    {
        # (4) an independent labelled branch: a second base carrying the
        # branch label `shared`, plus one revision on top of it.  Alembic
        # propagates the label to the revision on top: it prints `(shared)`
        # for both.
        "name": "labelled_branch",
        "ordered": False,
        "revisions": [
            rev("11aa22bb33cc", None, "main base"),
            rev("22bb33cc44dd", "11aa22bb33cc", "main second"),
            rev("33cc44dd55ee", None, "shared base", labels=["shared"]),
            rev("44dd55ee66ff", "33cc44dd55ee", "shared second"),
        ],
    },
    {
        # (5) depends_on across branches: a revision on branch B depends on
        # the tip of branch A, which has no child of its own.  That tip is an
        # "(effective head)": listed by `heads`, dropped by
        # `heads --resolve-dependencies`; history shows `down (dep) -> rev`.
        "name": "depends_on",
        "ordered": False,
        "revisions": [
            rev("9f8e7d6c5b4a", None, "root"),
            rev("8e7d6c5b4a39", "9f8e7d6c5b4a", "branch A"),
            rev("7d6c5b4a3928", "9f8e7d6c5b4a", "branch B one"),
            rev("6c5b4a392817", "7d6c5b4a3928", "branch B two needs A",
                depends=["8e7d6c5b4a39"]),
        ],
    },
    {
        # (6) three heads merged by one revision: `x, y, z -> m`.
        "name": "merge_three",
        "ordered": False,
        "revisions": [
            rev("aaaa1111bbbb", None, "root"),
            rev("bbbb2222cccc", "aaaa1111bbbb", "head x"),
            rev("cccc3333dddd", "aaaa1111bbbb", "head y"),
            rev("dddd4444eeee", "aaaa1111bbbb", "head z"),
            rev("eeee5555ffff", ("bbbb2222cccc", "cccc3333dddd", "dddd4444eeee"),
                "merge three heads"),
        ],
    },
    {
        # (7) messages with a comma and non-ASCII characters (UTF-8 output).
        "name": "unicode_message",
        "ordered": True,
        "revisions": [
            rev("0123456789ab", None, "Tabelle für Benutzer, mit E-Mail"),
            rev("123456789abc", "0123456789ab", "add naïve column, über alles"),
            rev("23456789abcd", "123456789abc", "plain, commas, everywhere"),
        ],
    },
    {
        # (8, extra) depends_on given as a branch label instead of an id, on
        # an independent labelled branch.  Alembic prints the dependency as
        # written (the label) in history, and the labelled tip becomes an
        # effective head.
        "name": "depends_on_label",
        "ordered": False,
        "revisions": [
            rev("fa11fa22fa33", None, "app base"),
            rev("fb11fb22fb33", None, "lib base", labels=["lib"]),
            rev("fc11fc22fc33", "fa11fa22fa33", "app needs lib",
                depends=["lib"]),
        ],
    },
]


# ---------------------------------------------------------------------------
# Writing the two projects
# ---------------------------------------------------------------------------

CREATE_DATE = "2026-11-25 10:00:00.000000"


def _py_tuple_or_scalar(value):
    """down_revision as Alembic's template writes it."""
    if value is None:
        return "None"
    if isinstance(value, str):
        return repr(value)
    return repr(tuple(value))


def _py_seq_or_none(values):
    return repr(tuple(values)) if values else "None"


def write_alembic_project(root, revisions):
    os.makedirs(os.path.join(root, "alembic_scripts", "versions"))
    with open(os.path.join(root, "alembic.ini"), "w", encoding="utf-8") as f:
        f.write("[alembic]\n"
                "script_location = alembic_scripts\n"
                "sqlalchemy.url = sqlite://\n")
    for r in revisions:
        down = r["down"]
        revises = ("" if down is None else
                   down if isinstance(down, str) else ", ".join(down))
        body = (
            '"""{msg}\n'
            "\n"
            "Revision ID: {id}\n"
            "Revises: {revises}\n"
            "Create Date: {date}\n"
            "\n"
            '"""\n'
            "\n"
            "# revision identifiers, used by Alembic.\n"
            "revision = {rid}\n"
            "down_revision = {down}\n"
            "branch_labels = {labels}\n"
            "depends_on = {depends}\n"
            "\n"
            "\n"
            "def upgrade():\n"
            "    pass\n"
            "\n"
            "\n"
            "def downgrade():\n"
            "    pass\n"
        ).format(
            msg=r["msg"], id=r["id"], revises=revises, date=CREATE_DATE,
            rid=repr(r["id"]), down=_py_tuple_or_scalar(down),
            labels=_py_seq_or_none(r["labels"]),
            depends=_py_seq_or_none(r["depends"]),
        )
        path = os.path.join(root, "alembic_scripts", "versions",
                            "%s_x.py" % r["id"])
        with open(path, "w", encoding="utf-8") as f:
            f.write(body)


def _yaml_scalar(value):
    # JSON strings/null/lists are valid YAML flow scalars/sequences.
    return json.dumps(value, ensure_ascii=False)


def write_strata_project(root, revisions):
    os.makedirs(os.path.join(root, "migrations", "versions"))
    with open(os.path.join(root, "strata.yaml"), "w", encoding="utf-8") as f:
        f.write("script_location: migrations\n"
                "database_url: sqlite://\n")
    for r in revisions:
        down = r["down"]
        if down is not None and not isinstance(down, str):
            down = list(down)
        body = (
            "revision: {id}\n"
            "down_revision: {down}\n"
            "branch_labels: {labels}\n"
            "depends_on: {depends}\n"
            "message: {msg}\n"
            "create_date: {date}\n"
            "upgrade: []\n"
            "downgrade: []\n"
        ).format(
            id=_yaml_scalar(r["id"]), down=_yaml_scalar(down),
            labels=_yaml_scalar(r["labels"]),
            depends=_yaml_scalar(r["depends"]),
            msg=_yaml_scalar(r["msg"]), date=CREATE_DATE,
        )
        path = os.path.join(root, "migrations", "versions",
                            "%s_x.yaml" % r["id"])
        with open(path, "w", encoding="utf-8") as f:
            f.write(body)


# ---------------------------------------------------------------------------
# Running and comparing
# ---------------------------------------------------------------------------


def _clean_env():
    env = dict(os.environ)
    # Keep a pyenv/virtualenv setup from leaking into /usr/bin/python3.
    for k in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"):
        env.pop(k, None)
    env["PYTHONIOENCODING"] = "utf-8"
    env["LC_ALL"] = "C.UTF-8"
    env["LANG"] = "C.UTF-8"
    # strata must find ./strata.yaml, not an inherited config.
    env.pop("STRATA_CONFIG", None)
    env.pop("DATABASE_URL", None)
    return env


def run(argv, cwd):
    try:
        p = subprocess.run(argv, cwd=cwd, env=_clean_env(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120)
    except subprocess.TimeoutExpired:
        return 124, "", "timed out after 120s"
    except OSError as e:
        return 127, "", str(e)
    return (p.returncode,
            p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def lines_of(text):
    """Output lines, line endings removed, blank lines ignored."""
    return [l.rstrip("\r") for l in text.split("\n") if l.strip()]


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, name):
        self.passed += 1
        print("ok - %s" % name)

    def not_ok(self, name, detail):
        self.failed += 1
        print("not ok - %s" % name)
        for line in detail:
            print("    " + line)
        sys.stdout.flush()


def compare(results, scenario, args, alembic_cmd, strata_cmd, ordered,
            alembic_dir, strata_dir):
    name = "%s: %s" % (scenario, " ".join(args))
    arc, aout, aerr = run(alembic_cmd + args, alembic_dir)
    src, sout, serr = run(strata_cmd + args, strata_dir)
    detail = []
    if arc != 0:
        detail.append("alembic exited %d (test setup problem):" % arc)
        detail.extend(aerr.splitlines()[-10:])
    if src != 0:
        detail.append("strata exited %d; stderr:" % src)
        detail.extend(serr.splitlines()[-10:])
    a = lines_of(aout)
    s = lines_of(sout)
    if not ordered:
        a = sorted(a)
        s = sorted(s)
    if a != s:
        if not ordered:
            detail.append("(compared as sorted lists of lines)")
        detail.extend(l.rstrip("\n") for l in difflib.unified_diff(
            a, s, fromfile="alembic", tofile="strata", lineterm=""))
    if detail:
        results.not_ok(name, detail)
    else:
        results.ok(name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--strata", required=True, help="the strata binary")
    ap.add_argument("--workdir", required=True,
                    help="an empty or new directory for the projects")
    ap.add_argument("--python", default="/usr/bin/python3",
                    help="interpreter that can import alembic "
                         "(default /usr/bin/python3)")
    ap.add_argument("--only", action="append", default=[],
                    help="run only this scenario (repeatable)")
    opts = ap.parse_args()

    strata = os.path.abspath(opts.strata)
    if not os.access(strata, os.X_OK):
        print("Bail out! strata binary not executable: %s" % strata)
        return 2
    alembic_cmd = [opts.python, "-m", "alembic", "-c", "alembic.ini"]
    strata_cmd = [strata]

    results = Results()
    workdir = os.path.abspath(opts.workdir)
    os.makedirs(workdir, exist_ok=True)

    for sc in SCENARIOS:
        if opts.only and sc["name"] not in opts.only:
            continue
        base = os.path.join(workdir, sc["name"])
        alembic_dir = os.path.join(base, "alembic")
        strata_dir = os.path.join(base, "strata")
        write_alembic_project(alembic_dir, sc["revisions"])
        write_strata_project(strata_dir, sc["revisions"])

        ordered = sc["ordered"]
        checks = [
            (["history"], ordered),
            (["heads"], False),
            (["heads", "--resolve-dependencies"], False),
            # branches: whole output as a multiset of lines
            (["branches"], False),
        ]
        for r in sc.get("ranges", []):
            checks.append((["history", "-r", r], ordered))
        for args, ord_ in checks:
            compare(results, sc["name"], args, alembic_cmd, strata_cmd, ord_,
                    alembic_dir, strata_dir)

    print("%d passed, %d failed" % (results.passed, results.failed))
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
