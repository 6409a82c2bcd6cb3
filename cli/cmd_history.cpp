// `strata history [-r RANGE] [-v]`: the graph, newest first.
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/revision_log.h"
#include "core/runner.h"
#include "core/version_edits.h"

#include <map>
#include <set>

namespace strata::cli {

namespace {

// "Applied: <when> in <ms> ms (strata <version>)" for each revision the
// version rows ROWS have applied, from the newest upgrade row of the log.
std::map<std::string, std::string> applied_lines(const core::RevisionGraph& g, const std::vector<std::string>& rows,
                                                 core::Session& session, const core::VersionTable& vt) {
  std::map<std::string, std::string> out;
  auto table = core::revision_log_table(vt);
  if (!table) return out;
  std::vector<std::string> known;
  for (const auto& r : rows)
    if (g.find(r)) known.push_back(r);
  core::HeadTracker tracker(g, known);
  for (const auto& e : core::read_revision_log(session, *table)) {
    if (e.direction != "upgrade" || !tracker.is_applied(e.revision)) continue;
    out[e.revision] = "Applied: " + e.applied_at.substr(0, 19) + " UTC" +
                      (e.duration_ms ? " in " + std::to_string(*e.duration_ms) + " ms" : std::string()) +
                      " (strata " + e.strata_version + ")";
  }
  for (const auto& id : g.newest_first())
    if (tracker.is_applied(id) && !out.count(id)) out[id] = "Applied: not in the revision log (by another tool)";
  return out;
}

}  // namespace

void setup_history(CLI::App& app, Context& ctx) {
  struct HistoryOpts {
    std::string range;
    bool verbose = false;
    bool indicate_current = false;
  };
  auto opts = std::make_shared<HistoryOpts>();
  auto* cmd = app.add_subcommand("history", "List revisions in chronological order, newest first");
  cmd->add_option("-r,--rev-range", opts->range, "Range [start]:[end], [start]: or :[end]");
  cmd->add_flag("-v,--verbose", opts->verbose, "Full entry per revision");
  cmd->add_flag("-i,--indicate-current", opts->indicate_current, "Mark the database's current revision(s)");
  cmd->callback([opts, &ctx] {
    const auto& g = ctx.graph();
    auto ids = opts->range.empty() ? g.newest_first() : g.history_range(opts->range);
    std::set<std::string> current;
    // -i -v: when each applied revision was applied, from the revision log.
    std::map<std::string, std::string> applied_line;
    if (opts->indicate_current) {
      auto session = ctx.connect();
      auto rows = core::read_heads(*session, ctx.version_table());
      for (auto& h : rows) current.insert(h);
      if (opts->verbose) applied_line = applied_lines(g, rows, *session, ctx.version_table());
    }
    if (ctx.options.json) {
      std::cout << revisions_json(g, ids) << '\n';
      return;
    }
    LineFormat f{.parents = true, .branches = true, .doc = true, .tree = true};
    std::string out;
    for (const auto& id : ids) {
      // A squash whose originals are present is listed above the last revision it replaces.
      for (const auto& squash : g.squashes())
        if (squash.replaces.back() == id && !opts->verbose) out += revision_line(g, squash, f) + "\n";
      f.current = current.count(id) > 0;
      std::string entry = opts->verbose ? revision_entry(g, g.get(id), f.current) : revision_line(g, g.get(id), f);
      if (auto it = applied_line.find(id); it != applied_line.end())
        if (auto path = entry.find("\nPath: "); path != std::string::npos)
          entry.insert(entry.find('\n', path + 1), "\n" + it->second);
      out += entry + "\n";
    }
    std::cout << out;
  });
}

}  // namespace strata::cli
