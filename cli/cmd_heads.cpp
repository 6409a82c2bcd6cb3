// `strata heads [-v] [--resolve-dependencies] [--check]` and `strata branches [-v]`.
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/error.h"

namespace strata::cli {

namespace {

// heads --check: several heads no branch label sets apart are the "Multiple
// head revisions" that stop `upgrade head`; say how to join them, exit 3.
// The newest head is the one to move: it is the likeliest to be applied
// nowhere yet (`rebase` checks).
void fail_on_several_heads(const core::RevisionGraph& g) {
  const auto loose = g.unlabelled_heads();
  if (loose.size() < 2) return;
  std::cerr << "strata: " << loose.size() << " heads with no branch label to tell them apart: " << comma_join(loose)
            << "\njoin them into one line of history (moves " << loose[0] << "'s branch, if no database has applied it):\n"
            << "  strata rebase " << loose[0] << " --onto " << loose[1] << '\n';
  if (loose.size() > 2) std::cerr << "  (then again for each other head)\n";
  std::cerr << "or with a merge revision:\n  strata merge heads -m \"merge heads\"\n";
  throw core::Error(core::ExitCode::kDifferences, "several heads");
}

}  // namespace

void setup_heads(CLI::App& app, Context& ctx) {
  struct HeadsOpts {
    bool verbose = false;
    bool resolve = false;
    bool check = false;
  };
  auto opts = std::make_shared<HeadsOpts>();
  auto* cmd = app.add_subcommand("heads", "Show the current heads (revisions with no children)");
  cmd->add_flag("-v,--verbose", opts->verbose, "Full entry per revision");
  cmd->add_flag("--resolve-dependencies", opts->resolve, "Leave out heads that other revisions depend on");
  cmd->add_flag("--check", opts->check, "Exit 3 when several heads have no branch label to tell them apart (for CI)");
  cmd->callback([opts, &ctx] {
    const auto& g = ctx.graph();
    auto ids = opts->resolve ? g.real_heads() : g.heads();
    if (ctx.options.json) {
      std::cout << revisions_json(g, ids) << '\n';
      if (opts->check) fail_on_several_heads(g);
      return;
    }
    for (const auto& id : ids)
      std::cout << (opts->verbose ? revision_entry(g, g.get(id)) : revision_line(g, g.get(id), {.tree = false})) << '\n';
    if (opts->check) fail_on_several_heads(g);
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
