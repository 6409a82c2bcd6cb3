// Running a `models:` command (SPEC §10.3): `{command: "...", format: ...}`
// entries of strata.yaml, whose standard output is the models.
//
// Why here: versions/ reads what strata finds outside itself (files on disk,
// Alembic projects), and a command's output is one more such text; core/
// stays free of processes, and cli/ only decides what to print.
//
// Decisions:
//  - The command runs as `/bin/sh -c COMMAND` in DIR (the folder of
//    strata.yaml, where relative paths of strata.yaml start), with the
//    environment of strata and /dev/null as its standard input (a command
//    that waits for input would otherwise hang `check` silently).
//  - ENVIRONMENT adds to (or replaces in) strata's environment: the CLI sets
//    STRATA_DIALECT to the project database's dialect, so a generator such as
//    contrib/sqlalchemy/strata_models.py can compile for it.
//  - Its stdout and stderr are both read as they come (poll), so neither
//    pipe can fill up and block the command.
//  - A command that exits non-zero, is killed by a signal, or cannot be
//    started is a ScriptError (exit 2) that names the command, how it ended
//    and the last lines of its stderr.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace strata::versions {

struct CommandOutput {
  std::string out;  ///< standard output: the models
  std::string err;  ///< standard error (warnings of a command that succeeded)
};

/// Runs COMMAND in DIR and returns what it printed; throws ScriptError
/// "WHERE: models command `COMMAND` ..." when it does not exit 0.
CommandOutput run_models_command(const std::string& command, const std::string& dir, const std::string& where,
                                 const std::vector<std::pair<std::string, std::string>>& environment = {});

/// The last MAX_LINES lines of TEXT (and at most about 4000 characters),
/// each indented by two spaces, saying how many lines were left out.
std::string last_lines(const std::string& text, size_t max_lines = 20);

}  // namespace strata::versions
