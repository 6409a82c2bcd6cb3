// `strata check`: exit 0 when the database is at head and the models match
// it; exit 3, with what differs on stdout, otherwise (SPEC §6). Made for CI:
// a build whose models and migrations disagree fails.
#include <iostream>

#include "cli/commands.h"
#include "cli/model_diff.h"
#include "cli/output.h"
#include "core/error.h"

namespace strata::cli {

namespace {


std::string changes_json(const ModelComparison& c) {
  std::string out = "{\"at_head\": " + std::string(c.at_head ? "true" : "false") +
                    ", \"database_heads\": " + json_list(c.database_heads) + ", \"heads\": " + json_list(c.script_heads) +
                    ", \"changes\": [";
  for (size_t i = 0; i < c.diff.changes.size(); ++i) {
    const auto& ch = c.diff.changes[i];
    out += std::string(i ? ",\n  " : "\n  ") + "{\"kind\": " + json_string(ch.kind) + ", \"table\": " +
           json_string(ch.table) + ", \"object\": " + json_string(ch.object) + ", \"message\": " +
           json_string(ch.message) + "}";
  }
  return out + (c.diff.changes.empty() ? "]}" : "\n]}");
}

}  // namespace

void setup_check(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("check", "Exit 3 when the database is not at head or the models differ from it");
  auto dev_url = std::make_shared<std::string>();
  cmd->add_option("--dev-url", *dev_url,
                  "Compare with what the migrations build on a scratch database there (sqlite://, or a server)");
  cmd->callback([&ctx, dev_url] {
    auto c = compare_models(ctx, *dev_url);
    if (ctx.options.json) {
      std::cout << changes_json(c) << '\n';
    } else if (!c.at_head) {
      std::cout << "Target database is not up to date: it is at "
                << (c.database_heads.empty() ? std::string("<base>") : comma_join(c.database_heads))
                << ", the heads are " << (c.script_heads.empty() ? std::string("<base>") : comma_join(c.script_heads))
                << '\n';
    } else if (c.diff.empty()) {
      std::cout << "No new upgrade operations detected.\n";
    } else {
      for (const auto& ch : c.diff.changes) std::cout << ch.message << '\n';
    }
    if (!c.at_head) throw core::Error(core::ExitCode::kDifferences, "the database is not at head");
    if (!c.diff.empty())
      throw core::Error(core::ExitCode::kDifferences,
                        std::to_string(c.diff.changes.size()) + " difference(s) between the models and the database");
  });
}

}  // namespace strata::cli
