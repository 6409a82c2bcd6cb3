// `strata upgrade [TARGET] [--sql [--sql-dir DIR]]` and `strata downgrade
// TARGET [--sql [--sql-dir DIR]]`. Online: lock, read the version table,
// compute the path, run. Offline (--sql): no connection; the script goes to
// stdout, FROM:TO allowed, or to one file per revision in DIR.
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/run_report.h"
#include "core/error.h"
#include "core/text.h"
#include "core/runner.h"
#include "core/script_sink.h"
#include "core/version_edits.h"
#include "drivers/registry.h"

namespace strata::cli {

namespace {

struct UpgradeOpts {
  std::string target;
  bool sql = false;
  std::string sql_dir;  ///< --sql-dir: one file per revision there
  double lock_timeout = 300;
};

/// --sql-dir: the offline script cut at revision boundaries, one file per
/// step, each with the dialect's preamble and its own transaction, so a DBA
/// reviews and runs exactly what each revision does. The folder must be new
/// or empty: a file left from an earlier run would look like a step of this
/// one. Files are NNNN_<revision file's stem>.sql (.downgrade.sql going
/// down), numbered in running order; their paths go to stdout.
void write_sql_dir(core::ScriptSink& sink, const core::RevisionGraph& g, const core::ScriptStore& store,
                   const std::vector<core::Step>& steps, const std::vector<std::string>& from, core::RunOptions run,
                   core::Reporter& reporter, const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw core::UsageError("--sql-dir " + dir.string() + ": not a folder");
  if (fs::is_directory(dir, ec) && !fs::is_empty(dir, ec))
    throw core::UsageError("--sql-dir " + dir.string() + ": the folder is not empty; give a new or empty one");
  run.transaction_per_migration = true;  // each file commits its own revision
  const size_t width = std::max<size_t>(4, std::to_string(steps.size()).size());
  core::HeadTracker tracker(g, from);
  std::vector<std::string> heads = from;
  // Every script first, then the files: a revision that fails to render
  // leaves no folder of half the steps behind.
  std::vector<std::pair<fs::path, std::string>> files;
  for (size_t i = 0; i < steps.size(); ++i) {
    const auto& step = steps[i];
    std::ostringstream name, script;
    name << std::setw(static_cast<int>(width)) << std::setfill('0') << i + 1 << '_'
         << fs::path(g.get(step.revision).path).stem().string() << (step.upgrade ? ".sql" : ".downgrade.sql");
    sink.redirect(script);
    core::run_steps(sink, g, store, {step}, heads, run, reporter);
    tracker.apply(step);
    heads = tracker.heads();
    files.emplace_back(dir / name.str(), script.str());
  }
  fs::create_directories(dir, ec);
  if (ec) throw core::UsageError("--sql-dir " + dir.string() + ": cannot create the folder: " + ec.message());
  for (const auto& [file, text] : files) {
    std::ofstream out(file, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw core::UsageError("--sql-dir: cannot write " + file.string());
    std::cout << file.string() << '\n';
  }
}

void migrate(Context& ctx, const UpgradeOpts& o, bool upgrade) {
  if (!o.sql_dir.empty() && !o.sql) throw core::UsageError("--sql-dir needs --sql (it writes the offline script)");
  const bool online = !o.sql && o.target.find(':') == std::string::npos;
  if (online) ctx.start_connecting();
  ctx.scripts().keep_texts();   // the run parses the files it lists: read each once
  const auto& g = ctx.graph();  // file errors (exit 2) before any database work
  core::RunOptions run;
  run.version_table = ctx.version_table();
  run.strata_version = STRATA_VERSION;
  run.transaction_per_migration = ctx.config().transaction_per_migration;
  run.lock_timeout = std::chrono::milliseconds(static_cast<long long>(o.lock_timeout * 1000));
  run.naming_convention = ctx.config().naming_convention;
  run.ddl_lock_timeout = ctx.config().ddl_lock_timeout;
  run.ddl_statement_timeout = ctx.config().ddl_statement_timeout;
  run.lock_retries = ctx.config().ddl_lock_retries;
  if (run.ddl_statement_timeout && !drivers::dialect_for(ctx.database_url()).supports_statement_timeout())
    std::cerr << "strata: warning: ddl_statement_timeout (" << ctx.config().path << ") has no effect on "
              << ctx.database_url().dialect << ", which has no statement timeout\n";
  if (o.sql) {
    if (ctx.options.json) throw core::UsageError("--json reports a run on a database; --sql runs none");
    std::string from_text, to = o.target;
    if (auto colon = o.target.find(':'); colon != std::string::npos) {
      from_text = o.target.substr(0, colon);
      to = o.target.substr(colon + 1);
    }
    if (!upgrade && from_text.empty())
      throw core::UsageError("downgrade with --sql needs FROM:TO, e.g. 'downgrade --sql head:base'");
    std::vector<std::string> from;
    if (!from_text.empty() && from_text != "base") from = g.resolve(from_text, {}, true);
    auto steps = upgrade ? g.upgrade_path(from, to) : g.downgrade_path(from, to);
    RunReport reporter(ctx, g, steps);
    core::ScriptSink sink(drivers::dialect_for(ctx.database_url()), std::cout, !from.empty());
    sink.replay(g, ctx.scripts(), from, run.naming_convention);
    if (!o.sql_dir.empty())
      write_sql_dir(sink, g, ctx.scripts(), steps, from, run, reporter, o.sql_dir);
    else
      core::run_steps(sink, g, ctx.scripts(), steps, from, run, reporter);
    return;
  }
  if (o.target.find(':') != std::string::npos)
    throw core::UsageError("a FROM:TO range needs --sql (online runs start from the database's version table)");
  auto session = ctx.connect();
  session->lock(run.version_table.schema + "." + run.version_table.name, run.lock_timeout);
  // Read the version table only once the lock is held: a run that waited
  // sees what the other one applied and has nothing left to do.
  auto heads = core::read_heads(*session, run.version_table);
  auto steps = upgrade ? g.upgrade_path(heads, o.target) : g.downgrade_path(heads, o.target);
  if (!upgrade && heads.size() > 1 && o.target.size() > 1 && o.target[0] == '-' &&
      o.target.find_first_not_of("0123456789", 1) == std::string::npos)
    std::cerr << "strata: warning: '" << o.target << "' from several version rows (" << core::join(heads)
              << ") steps down from the first one, " << heads[0]
              << ", as Alembic does; use REV" << o.target << " or LABEL@" << o.target << " to choose\n";
  RunReport reporter(ctx, g, steps);
  try {
    core::run_steps(*session, g, ctx.scripts(), steps, heads, run, reporter);
  } catch (const core::Error& e) {
    // --json: what ran before the failure, and the rows as they are now.
    if (ctx.options.json) {
      std::vector<std::string> now;
      try {
        now = core::read_heads(*session, run.version_table);
      } catch (const core::Error&) {
        now = {};  // the connection is gone: the rows are unknown
      }
      const std::string what = e.what();
      std::cout << reporter.json(upgrade ? "upgrade" : "downgrade", heads, now, &what) << '\n';
    }
    throw;
  }
  if (ctx.options.json)
    std::cout << reporter.json(upgrade ? "upgrade" : "downgrade", heads, core::read_heads(*session, run.version_table),
                               nullptr)
              << '\n';
  session->unlock();
}

CLI::App* add(CLI::App& app, Context& ctx, bool upgrade) {
  auto o = std::make_shared<UpgradeOpts>();
  auto* cmd = upgrade ? app.add_subcommand("upgrade", "Upgrade to a later revision (default: heads)")
                      : app.add_subcommand("downgrade", "Revert to a previous revision");
  auto* target = cmd->add_option("TARGET", o->target, upgrade ? "Target (default: heads)" : "Target, e.g. -1 or base");
  if (upgrade) o->target = "heads";
  else target->required();
  cmd->add_flag("--sql", o->sql, "Print the SQL instead of running it (FROM:TO ranges allowed)");
  cmd->add_option("--sql-dir", o->sql_dir, "With --sql: one file per revision in this new or empty folder");
  cmd->add_option("--lock-timeout", o->lock_timeout, "Seconds to wait for another run on the same database")
      ->check(CLI::Range(0.0, 2592000.0) & finite_number);  // up to 30 days
  cmd->callback([o, &ctx, upgrade] { migrate(ctx, *o, upgrade); });
  return cmd;
}

}  // namespace

void setup_upgrade(CLI::App& app, Context& ctx) { add(app, ctx, true); }
void setup_downgrade(CLI::App& app, Context& ctx) { add(app, ctx, false); }

}  // namespace strata::cli
