// run_steps: the session's DDL timeouts, then run_steps_once, run again from
// the version table after a lock timeout that left nothing behind.
#include <thread>

#include "core/error.h"
#include "core/runner.h"

namespace strata::core {

namespace {

// 0.5 s, 1 s, 2 s, ... at most 10 s: the other session's work, and the
// queries queued behind strata's lock request, get the table in between.
std::chrono::milliseconds pause_before(int attempt) {
  long long ms = 500;
  for (int i = 1; i < attempt && ms < 10000; ++i) ms *= 2;
  return std::chrono::milliseconds(std::min(ms, 10000LL));
}

}  // namespace

void run_steps(Session& session, const RevisionGraph& graph, const ScriptStore& store, const std::vector<Step>& steps,
               const std::vector<std::string>& heads, const RunOptions& options, Reporter& reporter) {
  if (options.ddl_lock_timeout || options.ddl_statement_timeout) {
    try {
      for (const auto& sql :
           session.dialect().session_timeouts(options.ddl_lock_timeout, options.ddl_statement_timeout))
        session.execute(sql);
    } catch (const DatabaseError& e) {  // MySQL 8 has no max_statement_time
      throw DatabaseError("setting strata.yaml's ddl_lock_timeout / ddl_statement_timeout on the session: " +
                          std::string(e.what()));
    }
  }
  std::vector<Step> remaining = steps;
  std::vector<std::string> rows = heads;
  for (int attempt = 1;; ++attempt) {
    try {
      run_steps_once(session, graph, store, remaining, rows, options, reporter);
      return;
    } catch (const LockTimeoutError& e) {
      if (options.lock_retries <= 0) throw;
      if (attempt > options.lock_retries)
        throw DatabaseError(std::string(e.what()) + "\n  gave up after " + std::to_string(options.lock_retries) +
                                " retries on the lock timeout (ddl_lock_retries)",
                            e.server_code());
      remaining.erase(remaining.begin(), remaining.begin() + static_cast<std::ptrdiff_t>(e.resume_from()));
      rows = read_heads(session, options.version_table);  // what the committed revisions wrote
      const auto pause = pause_before(attempt);
      reporter.retrying(e.revision(), remaining.front(), attempt, options.lock_retries, pause);
      std::this_thread::sleep_for(pause);
    }
  }
}

}  // namespace strata::core
