#!/usr/bin/python3
"""strata's fault-injection suite (`make test-faults`): SQLite, the real
PostgreSQL ($STRATA_TEST_PG_URL) and the real MariaDB ($STRATA_TEST_MYSQL_URL),
each backend in a process of its own, in parallel.

    faults.py STRATA [--rounds N] [--backends sqlite,postgresql,mysql] [--shards N] [--seed N] [-v]

(--rounds defaults to $FAULT_ROUNDS or 100; --shards, the processes per
backend sharing its kill rounds, each on a database of its own, to
$FAULT_SHARDS or 2: the rounds wait on the servers more than they compute.)

The project (project.py): twelve linear revisions that create tables,
insert rows (bulk_insert, and raw SQL into earlier tables), add columns and
indexes and do slow work, each with an exact inverse as its downgrade.

What is injected (kills.py, server_faults.py): N rounds each of `upgrade
head` and `downgrade base` killed with SIGKILL at a random moment, then a
clean rerun; the server ending strata's connection mid-revision
(pg_terminate_backend, KILL); the server stopped mid-run, cleanly and by a
crash (a throwaway server of its own, so the shared one stays up); a lock
holder killed while another run waits; SQLite on a full filesystem and on a
read-only one (a small tmpfs).

The invariant after every fault:

  SQLite, PostgreSQL (transactional DDL): the version table names exactly
  the last completed revision (it is one of the last two strata announced;
  none or the head when the kill came before the first or after the last),
  and the schema holds exactly the revisions applied: their tables,
  columns, indexes and row counts, and nothing of the interrupted revision.
  No progress table.

  MySQL/MariaDB (DDL commits statement by statement): the version table
  names the last completed revision, as above. Either there is no progress
  mark and the schema is exactly that of the completed revisions (the
  interrupted revision had committed nothing: its mark goes with its first
  DDL statement), or the mark names the interrupted revision (the next one
  in the run's direction), the direction and an operation k, and the schema
  is the completed revisions plus operations 1..k-1 or 1..k of it (a prefix
  of its operations: k may have run or not; nothing after k). While marked,
  `current` prints the version row then the mark, and upgrade and downgrade
  refuse (exit 1) and change nothing. The suite settles the mark as README
  says, at random one way or the other: it finishes the revision's
  remaining operations by hand and stamps the revision (its parent, for a
  downgrade), or puts back what it did and stamps where it started; stamp
  clears the mark.

  Then, on every backend, a clean rerun exits 0 and leaves exactly the
  head's schema (or base's), with no progress table. A fault strata sees
  (a lost connection, a full or read-only disk) ends in a clear error: exit
  1, one `strata: error:` message with its details indented, no driver
  noise, no password.

Output: FAIL lines as they happen (-v: ok lines too), then per backend the
rounds run and the invariant violations, and a last line `N passed, N
failed`. Exit 1 when a check failed.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

BACKENDS = ("sqlite", "postgresql", "mysql")


def worker(args):
    import db
    import project
    import server_faults
    from kills import KillRounds
    from suite import Suite

    backend = args.worker
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    work = tempfile.mkdtemp(prefix=f"strata-faults-{backend}.", dir=base)
    suite = Suite(backend, args.strata, work, args.verbose)
    rng = random.Random(args.seed * 100 + BACKENDS.index(backend) * 10 + args.shard)
    name = f"strata_faults_{os.getpid()}_{args.shard}"
    if backend == "sqlite":
        project.sqlite_slow_iterations = server_faults.calibrate_sqlite(project.SLOW_MS)
        database = db.Sqlite(os.path.join(work, "app.db"))
    elif backend == "postgresql":
        database = db.Postgres(os.environ["STRATA_TEST_PG_URL"], name)
    else:
        database = db.Mysql(os.environ["STRATA_TEST_MYSQL_URL"], name)
    proj = os.path.join(work, "proj")
    project.write_project(proj, backend)
    started = time.time()
    try:
        kills = KillRounds(suite, database, proj, rng)
        kills.run(shard_rounds(args.rounds, args.shard, args.shards))
        if args.shard == 0:
            server_faults.run_all(suite, database, proj, rng, args.rounds, kills)
    except Exception:
        # The suite's own failure (a server that would not start, a query of
        # its own): a failed check, and the figures so far are still reported.
        import traceback
        suite.check(False, "the suite ran to its end", traceback.format_exc().strip().replace("\n", "\n    "))
    finally:
        database.drop()
        subprocess.run(["rm", "-rf", work])
    suite.figures["seconds"] = round(time.time() - started, 1)
    with open(args.result, "w") as f:
        json.dump({"passed": suite.passed, "failed": suite.failed, "figures": suite.figures,
                   "notes": suite.notes}, f)


def shard_rounds(rounds, shard, shards):
    return rounds // shards + (1 if shard < rounds % shards else 0)


def merge(parts):
    """One backend's result from its shards': counts added, times the longest."""
    out = {"passed": 0, "failed": 0, "figures": {}, "notes": []}
    for r in parts:
        out["passed"] += r["passed"]
        out["failed"] += r["failed"]
        out["notes"] += [n for n in r["notes"] if n not in out["notes"]]
        for k, v in r["figures"].items():
            if "(ms)" in k or k == "seconds":
                out["figures"][k] = max(out["figures"].get(k, 0), v)
            else:
                out["figures"][k] = out["figures"].get(k, 0) + v
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("strata")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("FAULT_ROUNDS", "100")))
    ap.add_argument("--backends", default=",".join(BACKENDS))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("FAULT_SEED", str(int(time.time())))))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--shards", type=int, default=int(os.environ.get("FAULT_SHARDS", "2")),
                    help="processes per backend for the kill rounds (each on a database of its own)")
    ap.add_argument("--worker", choices=BACKENDS)
    ap.add_argument("--shard", type=int, default=0)
    ap.add_argument("--result")
    args = ap.parse_args()
    args.strata = os.path.abspath(args.strata)
    if args.worker:
        return worker(args)
    backends = [b for b in args.backends.split(",") if b]
    for b in backends:
        if b not in BACKENDS:
            sys.exit(f"unknown backend {b!r} (known: {', '.join(BACKENDS)})")
        need = {"postgresql": "STRATA_TEST_PG_URL", "mysql": "STRATA_TEST_MYSQL_URL"}.get(b)
        if need and not os.environ.get(need):
            sys.exit(f"FAIL: {need} is not set: the {b} rounds need the server that 'make test-faults' starts")
    shards = max(1, min(args.shards, args.rounds or 1))
    print(f"fault suite: {args.rounds} rounds per direction, backends {', '.join(backends)} in parallel "
          f"({shards} processes each), seed {args.seed} (FAULT_SEED={args.seed} repeats it)", flush=True)
    started = time.time()
    results, procs = {}, []
    tmp = tempfile.mkdtemp(prefix="strata-faults.")
    for b in backends:
        for shard in range(shards):
            path = os.path.join(tmp, f"{b}.{shard}.json")
            cmd = [sys.executable, os.path.abspath(__file__), args.strata, "--worker", b, "--result", path,
                   "--rounds", str(args.rounds), "--seed", str(args.seed), "--shard", str(shard),
                   "--shards", str(shards)] + (["-v"] if args.verbose else [])
            procs.append((b, subprocess.Popen(cmd), path))
    parts = {b: [] for b in backends}
    for b, p, path in procs:
        rc = p.wait()
        try:
            with open(path) as f:
                parts[b].append(json.load(f))
        except (OSError, ValueError):
            parts[b].append({"passed": 0, "failed": 1, "figures": {},
                             "notes": [f"a worker exited {rc} with no result"]})
    subprocess.run(["rm", "-rf", tmp])
    passed = failed = 0
    for b in backends:
        results[b] = merge(parts[b])
        passed += results[b]["passed"]
        failed += results[b]["failed"]
    for b in backends:
        r = results[b]
        fig = r["figures"]
        rounds = sum(v for k, v in fig.items() if k.endswith(" rounds"))
        print(f"[{b}] {rounds} rounds run, {fig.get('invariant violations', 0)} invariant violations, "
              f"{r['passed']} checks passed, {r['failed']} failed ({fig.get('seconds', '?')} s)")
        for k in sorted(fig):
            if k not in ("invariant violations", "seconds"):
                print(f"    {k}: {fig[k]}")
        for n in r["notes"]:
            print(f"    note: {n}")
    print(f"total {time.time() - started:.0f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main() or 0)
