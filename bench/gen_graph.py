#!/usr/bin/python3
"""Writes one revision graph twice: as a strata project and as an Alembic project.

    /usr/bin/python3 bench/gen_graph.py N OUTDIR

OUTDIR/strata/   strata.yaml + migrations/versions/<id>_rev_K.yaml  (SPEC section 5)
OUTDIR/alembic/  alembic.ini + migrations/versions/<id>_rev_K.py

The graph has N revisions and is mostly linear; every 500 revisions it forks
into two 2-revision branches that a merge revision joins again, so it ends in
a single head. Ids are deterministic (the same N gives the same files).
Python standard library only.
"""
import hashlib
import os
import sys

BRANCH_EVERY = 500


def rev_id(k):
    return hashlib.sha1(b"strata-bench-%d" % k).hexdigest()[:12]


def parents(n):
    """Yields (k, [down revision numbers]) for k = 1..n."""
    k, prev = 1, None
    while k <= n:
        # A fork of 5 revisions: a1 a2 | b1 b2 | merge(a2, b2), when it fits.
        if k % BRANCH_EVERY == 0 and prev is not None and k + 4 <= n:
            yield k, [prev]          # a1
            yield k + 1, [k]         # a2
            yield k + 2, [prev]      # b1
            yield k + 3, [k + 2]     # b2
            yield k + 4, [k + 1, k + 3]  # merge
            prev, k = k + 4, k + 5
            continue
        yield k, [prev] if prev else []
        prev, k = k, k + 1


def date(k):
    return "2024-01-01 00:00:%02d.%06d" % (k // 1000000 % 60, k % 1000000)


def write_strata(k, downs, vdir):
    down = ("null" if not downs else rev_id(downs[0]) if len(downs) == 1
            else "[%s]" % ", ".join(rev_id(d) for d in downs))
    with open(os.path.join(vdir, "%s_rev_%d.yaml" % (rev_id(k), k)), "w") as f:
        f.write("revision: %s\ndown_revision: %s\nbranch_labels: []\n"
                "depends_on: []\nmessage: rev %d\ncreate_date: %s\n"
                "upgrade: []\ndowngrade: []\n" % (rev_id(k), down, k, date(k)))


def write_alembic(k, downs, vdir):
    down = ("None" if not downs else repr(rev_id(downs[0])) if len(downs) == 1
            else repr(tuple(rev_id(d) for d in downs)))
    with open(os.path.join(vdir, "%s_rev_%d.py" % (rev_id(k), k)), "w") as f:
        f.write('"""rev %d\n\nRevision ID: %s\nRevises: %s\nCreate Date: %s\n\n"""\n'
                "revision = %r\ndown_revision = %s\nbranch_labels = None\n"
                "depends_on = None\n\n\ndef upgrade():\n    pass\n\n\n"
                "def downgrade():\n    pass\n"
                % (k, rev_id(k), ", ".join(rev_id(d) for d in downs), date(k),
                   rev_id(k), down))


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    sdir = os.path.join(out, "strata", "migrations", "versions")
    adir = os.path.join(out, "alembic", "migrations", "versions")
    os.makedirs(sdir)
    os.makedirs(adir)
    with open(os.path.join(out, "strata", "strata.yaml"), "w") as f:
        f.write("script_location: migrations\ndatabase_url: sqlite://\n")
    with open(os.path.join(out, "alembic", "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite://\n")
    for k, downs in parents(n):
        write_strata(k, downs, sdir)
        write_alembic(k, downs, adir)


if __name__ == "__main__":
    main()
