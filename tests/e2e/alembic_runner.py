#!/usr/bin/python3
"""Runs `alembic` command lines in one long-lived process (for e2e tests).

Starting the alembic CLI costs ~0.35 s of imports per command; a test that
interleaves dozens of alembic and strata commands runs this as a bash
coprocess instead. Each request is one line on stdin, tab-separated:

    CWD <TAB> STDOUT_FILE <TAB> STDERR_FILE <TAB> NAME=VALUE;NAME=VALUE <TAB> ARG ...

(the fourth field sets environment variables for the command, may be empty).
It runs `alembic ARG ...` in CWD exactly as the `alembic` script would
(alembic.config.CommandLine), writes the command's stdout and stderr
(including logging configured by env.py) to the two files, and answers with
one line: the exit status the `alembic` process would have had.
"""

import os
import sys
import traceback

from alembic.config import CommandLine


def run(cwd, argv, out_file, err_file):
    """Run one command with fd 1 and 2 pointing at the two files.

    At the file-descriptor level, because alembic's Config keeps the
    sys.stdout it saw at import time and env.py's logging binds sys.stderr.
    """
    code = 0
    old = os.getcwd()
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(out_file, "w") as out, open(err_file, "w") as err:
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            os.chdir(cwd)
            try:
                CommandLine(prog="alembic").main(argv=argv)
            except SystemExit as e:  # util.err() exits -1 (255) on CommandError
                c = e.code
                code = (c if isinstance(c, int) else (0 if c is None else 1)) & 0xFF
            except Exception:  # the alembic script would die with a traceback
                traceback.print_exc()
                code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
            os.chdir(old)
    return code


def main():
    # Answers go to a private copy of the original stdout.
    answers = os.fdopen(os.dup(1), "w")
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        fields = line.split("\t")
        cwd, out_file, err_file, env = fields[:4]
        for pair in filter(None, env.split(";")):
            name, _, value = pair.partition("=")
            os.environ[name] = value
        code = run(cwd, fields[4:], out_file, err_file)
        answers.write("%d\n" % code)
        answers.flush()


if __name__ == "__main__":
    main()
