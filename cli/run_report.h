// What `upgrade`, `downgrade` and `stamp` say about a run: the progress
// lines on stderr (Alembic's `Running upgrade A -> B, msg`, counted as
// `[12/300] Running upgrade ...` on runs of 20 revisions or more), and with
// --json, on stdout, what ran in which order, how long each took and the
// version rows before and after.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "cli/context.h"
#include "core/runner.h"

namespace strata::cli {

class RunReport : public core::Reporter {
 public:
  RunReport(const Context& ctx, const core::RevisionGraph& g, const std::vector<core::Step>& steps);
  void running(const core::Step& step, const core::RevisionHeader&) override;
  void finished(const core::Step& step, std::chrono::milliseconds took) override;
  void retrying(const std::string& failed, const core::Step& from, int attempt, int of,
                std::chrono::milliseconds pause) override;

  /// The run as JSON: {"command", "before", "after", "steps": [{"revision",
  /// "direction", "message", "duration_ms"}], "error"} (error: null when it
  /// completed).
  std::string json(const std::string& command, const std::vector<std::string>& before,
                   const std::vector<std::string>& after, const std::string* error) const;

 private:
  struct Done {
    core::Step step;
    long long ms;
  };
  const Context& ctx_;
  const core::RevisionGraph& graph_;
  const std::vector<core::Step>& steps_;
  size_t next_step_ = 0;  ///< where the step after the last one announced is, in steps_
  std::vector<Done> done_;
};

/// The version rows as JSON, for stamp --json.
std::string version_rows_json(const std::string& command, const std::vector<std::string>& before,
                              const std::vector<std::string>& after);

}  // namespace strata::cli
