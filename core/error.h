// The one error model of strata. Every failure that reaches the user is a
// strata::core::Error whose kind decides the process exit code (SPEC §8).
// Adapters (yaml-cpp, SOCI, the filesystem) translate their own exceptions
// into these at their boundary and add context: file:line, revision id,
// SQLSTATE, a URL with its password replaced by ***. Only cli/main.cpp
// catches, prints and exits.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

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
  explicit DatabaseError(const std::string& m, std::string server_code = "")
      : Error(ExitCode::kFailure, m), server_code_(std::move(server_code)) {}
  /// The server's code for the failure: the SQLSTATE on PostgreSQL, the
  /// error number on MySQL and SQLite; "" when there is none.
  const std::string& server_code() const { return server_code_; }

 private:
  std::string server_code_;
};

/// A revision that failed only on a lock timeout, with nothing of it kept
/// (rolled back, or stopped before its first statement): the run may go on
/// again from the version table (strata.yaml's ddl_lock_retries).
/// RESUME_FROM counts the steps of the run that were committed before it.
class LockTimeoutError : public DatabaseError {
 public:
  LockTimeoutError(const std::string& m, std::string server_code, size_t resume_from, std::string revision)
      : DatabaseError(m, std::move(server_code)), resume_from_(resume_from), revision_(std::move(revision)) {}
  size_t resume_from() const { return resume_from_; }
  /// The revision whose statement timed out.
  const std::string& revision() const { return revision_; }

 private:
  size_t resume_from_;
  std::string revision_;
};

/// The connection to the server went away in the middle (the server ended
/// it, stopped or crashed): nothing more can run on it, so a failed
/// revision is neither rolled back nor undone by strata (exit 1).
class ConnectionLost : public DatabaseError {
 public:
  explicit ConnectionLost(const std::string& m) : DatabaseError(m) {}
};

}  // namespace strata::core
