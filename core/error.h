// The one error model of strata. Every failure that reaches the user is a
// strata::core::Error whose kind decides the process exit code (SPEC §8).
// Adapters (yaml-cpp, SOCI, the filesystem) translate their own exceptions
// into these at their boundary and add context: file:line, revision id,
// SQLSTATE, a URL with its password replaced by ***. Only cli/main.cpp
// catches, prints and exits.
#pragma once

#include <stdexcept>
#include <string>

namespace strata::core {

/// Process exit codes of SPEC §8.
enum class ExitCode : int {
  kOk = 0,
  kFailure = 1,      ///< database or migration failure
  kUsage = 2,        ///< usage, configuration, migration-file or target error
  kDifferences = 3,  ///< `check` found differences
};

/// Base of every error strata reports; `what()` is the full user message.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

/// Bad command-line arguments or an unusable configuration file.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& m) : Error(ExitCode::kUsage, m) {}
};

/// A migration file or models file that cannot be read or is malformed.
/// The message starts with the file name (and line, where known).
class ScriptError : public Error {
 public:
  explicit ScriptError(const std::string& m) : Error(ExitCode::kUsage, m) {}
};

/// A revision graph that is inconsistent, or a target that cannot be resolved.
class RevisionError : public Error {
 public:
  explicit RevisionError(const std::string& m) : Error(ExitCode::kUsage, m) {}
};

/// A database or migration failure (exit 1).
class DatabaseError : public Error {
 public:
  explicit DatabaseError(const std::string& m) : Error(ExitCode::kFailure, m) {}
};

/// The connection to the server went away in the middle (the server ended
/// it, stopped or crashed): nothing more can run on it, so a failed
/// revision is neither rolled back nor undone by strata (exit 1).
class ConnectionLost : public DatabaseError {
 public:
  explicit ConnectionLost(const std::string& m) : DatabaseError(m) {}
};

}  // namespace strata::core
