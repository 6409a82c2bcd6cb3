"""What the fault suite's parts share: counting checks, running strata, and
the shape of a clear error."""

import os
import re
import subprocess
import time

PASSWORDS = ("strata-test-pw",)


class Suite:
    """One backend's run: checks passed and failed, and the figures the
    summary prints (rounds run, invariant violations, kinds of kill)."""

    def __init__(self, backend, strata, workdir, verbose=False):
        self.backend, self.strata_bin, self.workdir, self.verbose = backend, strata, workdir, verbose
        self.passed = self.failed = 0
        self.figures = {}   # name -> number, printed in the summary
        self.notes = []     # lines printed in the summary (not run, and why)

    def count(self, name, n=1):
        self.figures[name] = self.figures.get(name, 0) + n

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            if self.verbose:
                print(f"ok [{self.backend}] {what}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL [{self.backend}] {what}" + (f"\n    {detail}" if detail else ""), flush=True)
        return ok

    def eq(self, what, expected, actual):
        return self.check(expected == actual, what, f"expected {expected!r}, got {actual!r}")

    def strata(self, proj, env, *args, timeout=120):
        """Runs strata to the end: (exit code, stdout, stderr)."""
        r = subprocess.run([self.strata_bin, *args], cwd=proj, env=env, capture_output=True, text=True,
                           timeout=timeout)
        return r.returncode, r.stdout, r.stderr

    def start(self, proj, env, *args, log=None):
        """Starts strata; its stderr goes to LOG (a path) or nowhere."""
        err = open(log, "w") if log else subprocess.DEVNULL
        try:
            return subprocess.Popen([self.strata_bin, *args], cwd=proj, env=env, stdout=subprocess.DEVNULL,
                                    stderr=err)
        finally:
            if log:
                err.close()

    def clear_error(self, what, rc, err, mentions=()):
        """A failure as strata must report it: exit 1, one `strata: error:`
        message whose first line says what failed (the lines after it are its
        indented `statement:` / `error:` / detail lines: no driver noise such
        as a multi-line libpq text or a SOCI function name), no password."""
        lines = [l for l in err.splitlines() if not l.startswith("Running ")]
        errors = [l for l in lines if l.startswith("strata: error: ")]
        ok = self.eq(f"{what}: exit 1", 1, rc)
        ok &= self.check(len(errors) == 1 and lines and lines[0] == errors[0] and
                         all(l.startswith("  ") for l in lines[1:]),
                         f"{what}: one error message, its details indented", err.strip())
        ok &= self.check(not any(re.search(r"\t|This probably means|backend::|while executing \"", l) for l in lines),
                         f"{what}: no driver noise in the error", err.strip())
        ok &= self.check(not any(p in err for p in PASSWORDS), f"{what}: no password in the error", err.strip())
        for m in mentions:
            ok &= self.check(m in err, f"{what}: the error says {m!r}", err.strip())
        return ok


def wait_for(cond, timeout=20.0, step=0.005):
    """Polls COND until it is true; returns whether it became true."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if cond():
                return True
        except Exception:
            pass
        time.sleep(step)
    return False


def env_with(url):
    e = dict(os.environ)
    e["DATABASE_URL"] = url
    return e
