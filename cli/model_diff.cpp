#include "cli/model_diff.h"

#include <algorithm>
#include <exception>
#include <memory>
#include <filesystem>
#include <iostream>

#include "core/enums.h"
#include "core/naming.h"
#include "core/runner.h"
#include "drivers/scratch.h"
#include "versions/script_directory.h"
#include "versions/sql_splitter.h"
#include "versions/models_command.h"
#include "versions/models_file.h"

namespace strata::cli {

core::DatabaseUrl scratch_url(Context& ctx, const std::string& why) {
  const auto& config = ctx.config();
  if (!config.dev_url.empty()) return core::parse_database_url(config.dev_url, config.dir);
  if (ctx.database_url().dialect == "sqlite") return core::parse_database_url("sqlite://", config.dir);
  throw core::UsageError(why + " needs a scratch database: set dev_url in " + config.path +
                         " to a server strata may create a temporary database on");
}

namespace {

// The SQL models sources: their DDL run, in order, on one scratch database
// (a file may refer to another's tables), and the result reflected, so the
// models are in the database's own normal form. A source's FILE names it in
// messages (a file's path, or a command's "output of `...`").
core::Schema load_sql_models(Context& ctx, const std::vector<versions::ModelsSource>& sources) {
  auto scratch = drivers::open_scratch(scratch_url(ctx, "the SQL models source " + sources.front().file));
  for (const auto& source : sources)
    for (const auto& statement : versions::split_sql(source.text, source.file)) {
      try {
        scratch->session().execute(statement.sql);
      } catch (const core::Error& e) {
        throw core::ScriptError(source.file + ":" + std::to_string(statement.line) +
                                ": the models' SQL failed: " + e.what());
      }
    }
  core::ReflectOptions reflect;
  reflect.schemas = ctx.config().include_schemas;
  return scratch->session().inspector().reflect(reflect);
}

// A `models:` entry's text: a file read, or a command run in the project's
// folder. A command's stderr is passed through when it succeeds, so its
// warnings are seen.
versions::ModelsSource read_source(Context& ctx, const core::ModelSource& m) {
  const core::Config& config = ctx.config();
  if (m.command.empty()) {
    std::string path = (std::filesystem::path(config.dir) / m.file).lexically_normal().string();
    if (m.sql) return versions::ModelsSource{path, versions::read_file(path)};
    return versions::read_models_file(path);
  }
  versions::CommandOutput output = versions::run_models_command(m.command, config.dir, m.where,
                                                                {{"STRATA_DIALECT", ctx.database_url().dialect}});
  std::cerr << output.err << std::flush;
  return versions::ModelsSource{"output of `" + m.command + "`", std::move(output.out)};
}

}  // namespace

core::Schema load_declared_models(Context& ctx) {
  std::vector<versions::ModelsSource> yaml_sources, sql_sources;
  for (const auto& m : ctx.config().models)
    (m.sql ? sql_sources : yaml_sources).push_back(read_source(ctx, m));
  core::Schema schema = yaml_sources.empty() ? core::Schema{} : versions::load_models_sources(yaml_sources);
  core::Schema from_sql = sql_sources.empty() ? core::Schema{} : load_sql_models(ctx, sql_sources);
  for (auto& t : from_sql.tables) schema.tables.push_back(std::move(t));
  for (auto& e : from_sql.enums) schema.enums.push_back(std::move(e));
  for (auto& e : schema.enums)
    if (e.schema == "public") e.schema.clear();
  core::apply_naming_convention(schema, ctx.config().naming_convention);
  // "public" is PostgreSQL's default schema: reflected tables there carry no schema.
  // A foreign key's referred_schema is "" for the table's own schema, else
  // named (core/inspector.h), so both sides compare alike.
  for (auto& t : schema.tables) {
    std::string own = t.schema == "public" ? "" : t.schema;
    for (auto& fk : t.foreign_keys) {
      std::string referred = fk.referred_schema.empty() ? own : (fk.referred_schema == "public" ? "" : fk.referred_schema);
      fk.referred_schema = referred == own ? "" : (referred.empty() ? "public" : referred);
    }
    t.schema = own;
  }
  return schema;
}

namespace {

class SilentReporter : public core::Reporter {
 public:
  void running(const core::Step&, const core::RevisionHeader&) override {}
};

// What the connection's thread reads while this one loads the models: the
// version table, then the whole live schema (reflected whether or not the
// database is at head, since the heads are known only once the revision
// files are read here; a reflection error counts only at head).
struct LiveState {
  std::vector<std::string> database_heads;
  core::Schema schema;
  std::exception_ptr reflect_error;
};

}  // namespace

ModelComparison compare_models(Context& ctx, const std::string& dev_url) {
  auto live_state = std::make_shared<LiveState>();
  if (dev_url.empty()) {
    core::ReflectOptions reflect;
    reflect.schemas = ctx.config().include_schemas;
    ctx.start_connecting([live_state, version_table = ctx.version_table(), reflect](core::Session& session) {
      live_state->database_heads = core::read_heads(session, version_table);
      try {
        live_state->schema = session.inspector().reflect(reflect);
      } catch (...) {
        live_state->reflect_error = std::current_exception();
      }
    });
  }
  const auto& g = ctx.graph();
  // Models next: a broken models file is exit 2, whatever the connection does.
  core::Schema declared = load_declared_models(ctx);
  ModelComparison out;
  out.script_heads = g.resolve("heads", {}, true);
  std::unique_ptr<core::Session> connected;
  std::unique_ptr<drivers::ScratchDatabase> scratch;
  if (dev_url.empty()) {
    connected = ctx.connect();
  } else {
    scratch = drivers::open_scratch(core::parse_database_url(dev_url, ctx.config().dir));
    core::RunOptions run;
    run.version_table = ctx.version_table();
    run.naming_convention = ctx.config().naming_convention;
    SilentReporter quiet;
    core::run_steps(scratch->session(), g, ctx.scripts(), g.upgrade_path({}, "heads"), {}, run, quiet);
  }
  core::Session* session = scratch ? &scratch->session() : connected.get();
  out.database_heads = scratch ? core::read_heads(*session, ctx.version_table()) : live_state->database_heads;
  auto a = out.database_heads, b = out.script_heads;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  out.at_head = a == b;
  if (!out.at_head) return out;

  const auto& config = ctx.config();
  core::Schema live;
  if (scratch) {
    core::ReflectOptions reflect;
    reflect.schemas = config.include_schemas;
    live = session->inspector().reflect(reflect);
  } else {
    if (live_state->reflect_error) std::rethrow_exception(live_state->reflect_error);
    live = std::move(live_state->schema);
  }
  // A database without native enums keeps none: the live enums are those
  // the applied revisions declared.
  if (!session->dialect().supports_native_enums()) live.enums = core::enums_at(g, ctx.scripts(), out.database_heads);
  core::DiffOptions options;
  options.compare_type = config.compare_type;
  options.compare_server_default = config.compare_server_default;
  options.exclude_tables = config.exclude_tables;
  options.version_table = ctx.version_table();
  if (options.version_table.schema == "public") options.version_table.schema.clear();
  out.diff = core::diff_schemas(declared, live, session->dialect(), options);
  out.declared = std::move(declared);
  out.live = std::move(live);
  out.dialect = session->dialect().name();
  return out;
}

}  // namespace strata::cli
