// `strata history [-r RANGE] [-v]`: the graph, newest first.
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/runner.h"

#include <set>

namespace strata::cli {

void setup_history(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string range;
    bool verbose = false;
    bool indicate_current = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("history", "List revisions in chronological order, newest first");
  cmd->add_option("-r,--rev-range", opts->range, "Range [start]:[end], [start]: or :[end]");
  cmd->add_flag("-v,--verbose", opts->verbose, "Full entry per revision");
  cmd->add_flag("-i,--indicate-current", opts->indicate_current, "Mark the database's current revision(s)");
  cmd->callback([opts, &ctx] {
    const auto& g = ctx.graph();
    auto ids = opts->range.empty() ? g.newest_first() : g.history_range(opts->range);
    std::set<std::string> current;
    if (opts->indicate_current) {
      auto session = ctx.connect();
      for (auto& h : core::read_heads(*session, ctx.version_table())) current.insert(h);
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
      out += (opts->verbose ? revision_entry(g, g.get(id), f.current) : revision_line(g, g.get(id), f)) + "\n";
    }
    std::cout << out;
  });
}

}  // namespace strata::cli
