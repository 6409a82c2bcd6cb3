// `strata current [-v]` and `strata stamp REV... [--purge]`.
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/run_report.h"
#include "core/error.h"
#include "core/progress.h"
#include "core/runner.h"

namespace strata::cli {

void setup_current(CLI::App& app, Context& ctx) {
  auto verbose = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("current", "Show the revision(s) the database is at");
  cmd->add_flag("-v,--verbose", *verbose, "Full entry per revision");
  cmd->callback([verbose, &ctx] {
    ctx.start_connecting();
    const auto& g = ctx.graph();
    auto session = ctx.connect();
    auto heads = core::read_heads(*session, ctx.version_table());
    for (const auto& h : heads)
      if (!g.find(h))
        throw g.unknown_row(h);
    heads = g.all_current(heads);
    // MySQL: a revision stopped in the middle (a kill) is part of the answer.
    const auto interrupted = core::read_progress(*session, ctx.version_table());
    if (ctx.options.json) {
      std::cout << revisions_json(g, heads) << '\n';
      if (interrupted)
        std::cerr << "strata: warning: " << core::describe_progress(*interrupted, g, ctx.scripts()) << '\n';
      return;
    }
    if (*verbose) std::cout << "Current revision(s) for " << ctx.database_url().redacted() << ":\n";
    for (const auto& h : heads)
      std::cout << (*verbose ? revision_entry(g, g.get(h)) : revision_line(g, g.get(h), {.branches = false})) << '\n';
    if (interrupted) std::cout << core::describe_progress(*interrupted, g, ctx.scripts()) << '\n';
  });
}

void setup_stamp(CLI::App& app, Context& ctx) {
  struct CurrentOpts {
    std::vector<std::string> revisions;
    bool purge = false;
    double lock_timeout = 300;
  };
  auto o = std::make_shared<CurrentOpts>();
  auto* cmd = app.add_subcommand("stamp", "Set the version table without running migrations");
  cmd->add_option("REVISIONS", o->revisions, "Revision(s) to stamp: ids, heads, base, ...")->required();
  cmd->add_flag("--purge", o->purge, "Empty the version table first (for rows naming unknown revisions)");
  cmd->add_option("--lock-timeout", o->lock_timeout, "Seconds to wait for another run on the same database")
      ->check(CLI::Range(0.0, 2592000.0) & finite_number);  // up to 30 days
  cmd->callback([o, &ctx] {
    ctx.start_connecting();
    const auto& g = ctx.graph();
    for (const auto& r : o->revisions) g.resolve(r, {}, true);  // bad targets: exit 2, not a connection error
    core::RunOptions run;
    run.version_table = ctx.version_table();
    auto session = ctx.connect();
    session->lock(run.version_table.schema + "." + run.version_table.name,
                  std::chrono::milliseconds(static_cast<long long>(o->lock_timeout * 1000)));
    const auto before = ctx.options.json ? core::read_heads(*session, run.version_table) : std::vector<std::string>{};
    core::stamp(*session, g, o->revisions, o->purge, run);
    if (ctx.options.json)
      std::cout << version_rows_json("stamp", before, core::read_heads(*session, run.version_table)) << '\n';
    session->unlock();
  });
}

}  // namespace strata::cli
