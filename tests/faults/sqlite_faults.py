"""SQLite on a full filesystem and on a read-only one: a small tmpfs of its
own (mount -t tmpfs, as root). Where mounting is not permitted, the full
filesystem is RLIMIT_FSIZE instead (strata started with `ulimit -f` and
SIGXFSZ ignored, so a write past it fails with EFBIG), and the read-only
case is not run, which the summary says."""

import os
import resource
import signal
import subprocess

import db
import project as P
from kills import KillRounds


def mount(path, size_kb):
    os.makedirs(path, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", path], capture_output=True,
                       text=True)
    return r.returncode == 0, r.stderr.strip()


def umount(path):
    subprocess.run(["umount", path], capture_output=True)


def remount(path, mode):
    return subprocess.run(["mount", "-o", f"remount,{mode}", path], capture_output=True).returncode == 0


def free_kb(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize // 1024


def fill(path, leave_kb):
    """A filler file leaving about LEAVE_KB free on PATH's filesystem."""
    filler = os.path.join(path, "filler")
    with open(filler, "ab") as f:
        while free_kb(path) > leave_kb:
            f.write(b"\0" * 4096)
            f.flush()
            os.fsync(f.fileno())
    return filler


def run(suite, proj, rng):
    s = suite
    mnt = os.path.join(s.workdir, "mnt")
    ok, why = mount(mnt, 512)
    if not ok:
        s.notes.append(f"mount -t tmpfs is not permitted here ({why}): the full filesystem is RLIMIT_FSIZE instead, "
                       "and the read-only filesystem case was not run")
        fsize_limit(s, proj)
        return
    try:
        database = db.Sqlite(os.path.join(mnt, "app.db"))
        kills = KillRounds(s, database, proj, rng, tag="full")
        full_filesystem(s, kills, mnt)
        read_only(s, kills, mnt)
    finally:
        umount(mnt)


def full_filesystem(s, kills, mnt):
    """The run stops where the filesystem fills up: exit 1 naming it, the
    version table true, nothing of the failed revision; with room again, a
    rerun finishes. Upgrades with a little, some and more room, and a
    downgrade with almost none (its journal needs room too)."""
    cases = [(True, leave) for leave in (8, 20, 36)] + [(False, 0)]
    for upgrade, leave in cases:
        what = f"full filesystem ({leave} KiB free) during a {kills.word(upgrade)}"
        s.count("full-filesystem rounds")
        filler = fill(mnt, leave)
        rc, _, err = s.strata(kills.proj, kills.env, *kills.args(upgrade))
        with open(kills.log, "w") as f:
            f.write(err)
        if rc == 0:
            s.count("full-filesystem runs that had room enough")
        else:
            s.clear_error(what, rc, err, ["database or disk is full"])
        kills.check_and_rerun(what, upgrade, rc == 0, before_rerun=lambda: os.remove(filler))
        if os.path.exists(filler):
            os.remove(filler)


def read_only(s, kills, mnt):
    """On a read-only filesystem: current answers; upgrade, downgrade and
    stamp fail in a clear error and change nothing; writable again, a rerun
    finishes."""
    rc, _, err = s.strata(kills.proj, kills.env, "upgrade", "r06")
    s.eq("read-only filesystem: upgrade r06 first", 0, rc)
    before = kills.db.snapshot()
    if not s.check(remount(mnt, "ro"), "read-only filesystem: remount ro"):
        return
    try:
        s.count("read-only rounds")
        rc, out, err = s.strata(kills.proj, kills.env, "current")
        s.eq("read-only filesystem: current exits 0 and prints r06", (0, "r06"), (rc, out.strip()))
        for args in (("upgrade", "head"), ("downgrade", "base"), ("stamp", "r08")):
            rc, _, err = s.strata(kills.proj, kills.env, *args)
            s.clear_error(f"read-only filesystem: {args[0]}", rc, err, ["read-only"])
        after = kills.db.snapshot()
        s.check((after.versions, after.state) == (before.versions, before.state),
                "read-only filesystem: nothing changed", P.describe(after.state))
    finally:
        remount(mnt, "rw")
    rc, _, err = s.strata(kills.proj, kills.env, "upgrade", "head")
    snap = kills.db.snapshot()
    s.eq("read-only filesystem: writable again, upgrade head exits 0", 0, rc)
    s.check(snap.state == P.state_at(P.REVISIONS) and snap.versions == ["r12"],
            "read-only filesystem: writable again, at head", P.describe(snap.state))


def fsize_limit(s, proj):
    """Without mount: strata may write files of at most LIMIT bytes."""
    database = db.Sqlite(os.path.join(s.workdir, "fsize.db"))
    env = dict(os.environ, DATABASE_URL=database.url)
    for limit_kb in (16, 28):
        what = f"file size limit {limit_kb} KiB during an upgrade"
        s.count("full-filesystem rounds")

        def limited():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_kb * 1024, limit_kb * 1024))

        r = subprocess.run([s.strata_bin, "upgrade", "head"], cwd=proj, env=env, capture_output=True, text=True,
                           preexec_fn=limited)
        if r.returncode != 0:
            s.clear_error(what, r.returncode, r.stderr)
        kills = KillRounds(s, database, proj, None, tag="fsize")
        with open(kills.log, "w") as f:
            f.write(r.stderr)
        kills.check_and_rerun(what, True, r.returncode == 0)
        rc, _, _ = s.strata(proj, env, "downgrade", "base")
        s.eq(f"{what}: back to base", 0, rc)
