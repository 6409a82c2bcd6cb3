// `strata heads [-v] [--resolve-dependencies]` and `strata branches [-v]`.
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"

namespace strata::cli {

void setup_heads(CLI::App& app, Context& ctx) {
  struct Opts {
    bool verbose = false;
    bool resolve = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("heads", "Show the current heads (revisions with no children)");
  cmd->add_flag("-v,--verbose", opts->verbose, "Full entry per revision");
  cmd->add_flag("--resolve-dependencies", opts->resolve, "Leave out heads that other revisions depend on");
  cmd->callback([opts, &ctx] {
    const auto& g = ctx.graph();
    auto ids = opts->resolve ? g.real_heads() : g.heads();
    if (ctx.options.json) {
      std::cout << revisions_json(g, ids) << '\n';
      return;
    }
    for (const auto& id : ids)
      std::cout << (opts->verbose ? revision_entry(g, g.get(id)) : revision_line(g, g.get(id), {.tree = false})) << '\n';
  });
}

void setup_branches(CLI::App& app, Context& ctx) {
  auto verbose = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("branches", "Show the branch points");
  cmd->add_flag("-v,--verbose", *verbose, "Full entry per branch point");
  cmd->callback([verbose, &ctx] {
    const auto& g = ctx.graph();
    std::vector<std::string> points;
    for (const auto& id : g.newest_first())
      if (g.is_branch_point(id)) points.push_back(id);
    if (ctx.options.json) {
      std::cout << revisions_json(g, points) << '\n';
      return;
    }
    for (const auto& id : points) {
      const auto& r = g.get(id);
      std::cout << (*verbose ? revision_entry(g, r) : revision_line(g, r, {})) << '\n';
      // Alembic indents each child under the branch point by the id's width.
      std::string pad(id.size(), ' ');
      for (const auto& child : g.children(id))
        std::cout << pad << " -> " << revision_line(g, g.get(child), {.doc = *verbose}) << '\n';
      std::cout << '\n';
    }
  });
}

}  // namespace strata::cli
