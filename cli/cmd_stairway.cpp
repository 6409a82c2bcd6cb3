// `strata stairway [--dev-url URL]` (SPEC §10.4): on a scratch database,
// every revision in upgrade order is upgraded, reflected, downgraded and
// reflected again; the schema (and the version table) must be exactly what
// they were before it, then it is upgraded again and the walk goes on. Exit
// 3 naming the first revision whose downgrade is not its inverse, with the
// difference. A revision marked `irreversible: true` is stepped over (only
// upgraded) and named.
#include <algorithm>
#include <iostream>
#include <optional>
#include <set>

#include "cli/commands.h"
#include "cli/model_diff.h"
#include "cli/output.h"
#include "core/differ.h"
#include "core/error.h"
#include "core/revision_traversal.h"
#include "core/runner.h"
#include "drivers/scratch.h"

namespace strata::cli {

namespace {

class QuietReporter : public core::Reporter {
 public:
  void running(const core::Step&, const core::RevisionHeader&) override {}
};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

using TableKey = std::pair<std::string, std::string>;

// The tables a revision's operations name, in both directions (a rename's
// old and new names); nullopt when an operation can reach beyond the tables
// it names (raw SQL, enum types), and the whole schema must be compared.
std::optional<std::set<TableKey>> touched_tables(const core::RevisionBody& body) {
  if (body.untranslated_upgrade || body.untranslated_downgrade) return std::nullopt;
  std::set<TableKey> out;
  for (const auto* ops : {&body.upgrade, &body.downgrade})
    for (const auto& op : *ops) {
      auto t = core::op_table(op);
      if (!t) return std::nullopt;
      out.insert(*t);
      if (const auto* r = std::get_if<core::RenameTable>(&op)) out.insert({r->schema, r->new_name});
    }
  return out;
}

}  // namespace

void setup_stairway(CLI::App& app, Context& ctx) {
  auto dev_url = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "stairway", "On a scratch database, check that every revision's downgrade undoes its upgrade (exit 3 if not)");
  cmd->add_option("--dev-url", *dev_url,
                  "Where to make the scratch database (default: dev_url; in-memory SQLite for a SQLite project)");
  cmd->callback([&ctx, dev_url] {
    const auto& g = ctx.graph();
    const core::DatabaseUrl url =
        dev_url->empty() ? scratch_url(ctx, "stairway") : core::parse_database_url(*dev_url, ctx.config().dir);
    auto scratch = drivers::open_scratch(url);
    core::Session& session = scratch->session();

    core::RunOptions run;
    run.version_table = ctx.version_table();
    run.naming_convention = ctx.config().naming_convention;
    core::ReflectOptions reflect;
    reflect.schemas = ctx.config().include_schemas;
    core::DiffOptions compare;
    compare.version_table = ctx.version_table();
    if (compare.version_table.schema == "public") compare.version_table.schema.clear();
    auto schema_now = [&] {
      core::Schema s = session.inspector().reflect(reflect);
      // Without native enums the reflection has none; the columns carry them.
      if (!session.dialect().supports_native_enums()) s.enums.clear();
      // The version table is compared by its rows, below.
      std::erase_if(s.tables, [&](const core::Table& t) {
        return t.name == compare.version_table.name && t.schema == compare.version_table.schema;
      });
      return s;
    };
    QuietReporter quiet;
    auto step = [&](const core::Step& s) {
      run_steps(session, g, ctx.scripts(), {s}, core::read_heads(session, run.version_table), run, quiet);
    };

    // The tables of KEYS as they are now (all of them when KEYS is unset).
    // Reflected whole, which is a few bulk queries on a server and served
    // from the inspector's cache on SQLite, then narrowed.
    auto tables_now = [&](const std::optional<std::set<TableKey>>& keys) {
      core::Schema s = schema_now();
      if (keys)
        std::erase_if(s.tables, [&](const core::Table& t) { return !keys->count({t.schema, t.name}); });
      return s;
    };

    // Every revision, one by one: no squash stands in for its originals.
    const std::vector<core::Step> path = core::RevisionTraversal(g).upgrade({}, "heads");
    std::size_t checked = 0;
    std::vector<std::string> stepped_over;
    for (const auto& up : path) {
      const core::RevisionHeader& r = g.get(up.revision);
      const auto rows_before = sorted(core::read_heads(session, run.version_table));
      if (r.irreversible) {
        step(up);
        stepped_over.push_back(r.id);
        progress(ctx, "irreversible  " + r.id + "  " + r.message + " (stepped over)");
        continue;
      }
      // Operations change only the tables they name, so only those are
      // compared (the whole schema when the revision runs raw SQL).
      const auto keys = touched_tables(ctx.scripts().load_body(r));
      const core::Schema before = tables_now(keys);
      step(up);
      step(core::Step{up.revision, false});
      const core::Schema undone = tables_now(keys);
      const auto rows_undone = sorted(core::read_heads(session, run.version_table));
      // Reflection is deterministic: the same schema reads back equal, and
      // the differ (which names what differs) runs only when it does not.
      core::Diff diff;
      if (!(undone == before)) diff = core::diff_schemas(before, undone, session.dialect(), compare);
      if (!diff.empty() || rows_undone != rows_before) {
        std::cout << "Revision " << r.id << " (" << shown_path(r.path)
                  << "): its downgrade does not undo its upgrade. What the schema after upgrade and downgrade "
                     "lacks of the schema before it:\n";
        for (const auto& change : diff.changes) std::cout << "  " << change.message << '\n';
        if (rows_undone != rows_before)
          std::cout << "  the version table holds " << (rows_undone.empty() ? "<base>" : comma_join(rows_undone))
                    << ", not " << (rows_before.empty() ? "<base>" : comma_join(rows_before)) << '\n';
        throw core::Error(core::ExitCode::kDifferences,
                          "stairway: revision " + r.id + " is not reversible (" + std::to_string(checked) +
                              " revision(s) before it are)");
      }
      step(up);
      ++checked;
      progress(ctx, "ok  " + r.id + "  " + r.message);
    }
    std::cout << "Stairway: " << checked << " revision(s) upgraded, downgraded and upgraded again, the schema "
              << "restored each time";
    if (!stepped_over.empty()) std::cout << "; stepped over (irreversible): " << comma_join(stepped_over);
    std::cout << '\n';
  });
}

}  // namespace strata::cli
