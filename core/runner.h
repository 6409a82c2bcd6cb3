// The runner applies or reverts a list of steps through a Session: for each
// revision it renders the operations with the session's dialect, executes
// them, writes the version-table edits, and commits, so a revision and its
// version row land together (SPEC §9). Every body is parsed before the first
// statement runs: a broken file stops the run before any database work.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/dialect.h"
#include "core/revision_graph.h"
#include "core/script_store.h"
#include "core/session.h"

namespace strata::core {

struct RunOptions {
  VersionTable version_table;
  bool transaction_per_migration = true;  ///< false: one transaction for the whole run
  std::chrono::milliseconds lock_timeout{std::chrono::minutes(5)};
  /// strata.yaml's ddl_lock_timeout / ddl_statement_timeout, set on the
  /// session before the run (unset: the server's own).
  std::optional<std::chrono::milliseconds> ddl_lock_timeout, ddl_statement_timeout;
  /// strata.yaml's ddl_lock_retries: how often the run goes on again after a
  /// revision failed only on a lock timeout with nothing of it kept.
  int lock_retries = 0;
  /// strata.yaml's naming_convention, for what create_table leaves unnamed.
  std::map<std::string, std::string> naming_convention;
  std::string strata_version;  ///< recorded in the revision log (version_table.revision_log)
};

/// Progress of a run (printed by the CLI, ignored by tests).
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void running(const Step& step, const RevisionHeader& revision) = 0;
  virtual void finished(const Step&, std::chrono::milliseconds) {}
  /// Revision FAILED hit a lock timeout and was rolled back (with the
  /// revisions of the run's transaction before it, if one transaction holds
  /// the run); the run goes on again from FROM after PAUSE, as retry ATTEMPT
  /// of OF.
  virtual void retrying(const std::string& failed, const Step& from, int attempt, int of,
                        std::chrono::milliseconds pause) {
    (void)failed, (void)from, (void)attempt, (void)of, (void)pause;
  }
};

/// The rows of the version table (empty when it does not exist).
std::vector<std::string> read_heads(Session& session, const VersionTable& vt);

/// Runs STEPS starting from the version rows HEADS. On a failing statement the
/// current revision is rolled back and DatabaseError names the revision, its
/// file and the statement; revisions committed before it stay. A revision
/// with `transactional: false` runs outside a transaction (on databases with
/// transactional DDL): the revisions before it are committed first, and a
/// failure leaves what it did, which the error names. The session's DDL
/// timeouts are set first; a lock timeout that left nothing behind is
/// retried (options.lock_retries) from the version table as it then is.
void run_steps(Session& session, const RevisionGraph& graph, const ScriptStore& store, const std::vector<Step>& steps,
               const std::vector<std::string>& heads, const RunOptions& options, Reporter& reporter);

/// run_steps once, without the timeouts and retries: a lock timeout that
/// left nothing behind is thrown as LockTimeoutError.
void run_steps_once(Session& session, const RevisionGraph& graph, const ScriptStore& store,
                    const std::vector<Step>& steps, const std::vector<std::string>& heads, const RunOptions& options,
                    Reporter& reporter);

/// Sets the version table to TARGETS without running anything (stamp):
/// the same rows a real upgrade or downgrade to TARGETS would leave.
/// PURGE empties the table first (for rows that name unknown revisions).
void stamp(Session& session, const RevisionGraph& graph, const std::vector<std::string>& targets, bool purge,
           const RunOptions& options);

/// "Running upgrade a -> b, message" as Alembic logs it.
std::string describe_step(const RevisionGraph& graph, const Step& step);

}  // namespace strata::core
