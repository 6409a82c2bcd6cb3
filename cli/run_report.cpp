#include "cli/run_report.h"

#include <algorithm>
#include <iostream>

#include "cli/output.h"

namespace strata::cli {

namespace {

// Below this many steps a run prints Alembic's lines exactly, counter-free.
constexpr size_t kCountFrom = 20;

}  // namespace

RunReport::RunReport(const Context& ctx, const core::RevisionGraph& g, const std::vector<core::Step>& steps)
    : ctx_(ctx), graph_(g), steps_(steps) {}

void RunReport::running(const core::Step& step, const core::RevisionHeader&) {
  std::string line = core::describe_step(graph_, step);
  if (steps_.size() >= kCountFrom) {
    // The position in the whole run: steps run in order, so it is usually the
    // one after the last; a retried step is found again, not counted twice.
    auto is_step = [&](const core::Step& s) { return s.revision == step.revision && s.upgrade == step.upgrade; };
    size_t k = next_step_;
    if (k >= steps_.size() || !is_step(steps_[k]))
      k = static_cast<size_t>(std::find_if(steps_.begin(), steps_.end(), is_step) - steps_.begin());
    next_step_ = k + 1;
    line = "[" + std::to_string(k + 1) + "/" + std::to_string(steps_.size()) + "] " + line;
  }
  progress(ctx_, line);
}

void RunReport::finished(const core::Step& step, std::chrono::milliseconds took) {
  done_.push_back({step, static_cast<long long>(took.count())});
  if (ctx_.options.verbose) progress(ctx_, "  done " + step.revision + " in " + std::to_string(took.count()) + " ms");
}

void RunReport::retrying(const std::string& failed, const core::Step& from, int attempt, int of,
                         std::chrono::milliseconds pause) {
  // What ran since FROM was rolled back with the failed revision.
  for (size_t i = 0; i < done_.size(); ++i)
    if (done_[i].step.revision == from.revision && done_[i].step.upgrade == from.upgrade) {
      done_.resize(i);
      break;
    }
  progress(ctx_, "  lock timeout in " + failed + ", rolled back: retry " + std::to_string(attempt) + " of " +
                     std::to_string(of) + " in " + std::to_string(pause.count()) + " ms" +
                     (from.revision == failed ? "" : ", from " + from.revision + " (one transaction for the run)"));
}

std::string RunReport::json(const std::string& command, const std::vector<std::string>& before,
                            const std::vector<std::string>& after, const std::string* error) const {
  std::string out = "{\"command\": " + json_string(command) + ", \"before\": " + json_list(before) +
                    ", \"after\": " + json_list(after) + ", \"steps\": [";
  for (size_t i = 0; i < done_.size(); ++i) {
    const auto& d = done_[i];
    out += std::string(i ? ",\n  " : "\n  ") + "{\"revision\": " + json_string(d.step.revision) +
           ", \"direction\": " + json_string(d.step.upgrade ? "upgrade" : "downgrade") +
           ", \"message\": " + json_string(graph_.get(d.step.revision).message) +
           ", \"duration_ms\": " + std::to_string(d.ms) + "}";
  }
  out += done_.empty() ? "]" : "\n]";
  return out + ", \"error\": " + (error ? json_string(*error) : std::string("null")) + "}";
}

std::string version_rows_json(const std::string& command, const std::vector<std::string>& before,
                              const std::vector<std::string>& after) {
  return "{\"command\": " + json_string(command) + ", \"before\": " + json_list(before) + ", \"after\": " +
         json_list(after) + "}";
}

}  // namespace strata::cli
