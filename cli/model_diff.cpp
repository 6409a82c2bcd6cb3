#include "cli/model_diff.h"

#include <algorithm>
#include <filesystem>

#include "core/naming.h"
#include "core/runner.h"
#include "drivers/scratch.h"
#include "versions/models_file.h"

namespace strata::cli {

core::Schema load_declared_models(Context& ctx) {
  std::vector<std::string> files;
  for (const auto& m : ctx.config().models)
    files.push_back((std::filesystem::path(ctx.config().dir) / m).lexically_normal().string());
  core::Schema schema = versions::load_models(files);
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

}  // namespace

ModelComparison compare_models(Context& ctx, const std::string& dev_url) {
  if (dev_url.empty()) ctx.start_connecting();
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
  out.database_heads = core::read_heads(*session, ctx.version_table());
  auto a = out.database_heads, b = out.script_heads;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  out.at_head = a == b;
  if (!out.at_head) return out;

  const auto& config = ctx.config();
  core::ReflectOptions reflect;
  reflect.schemas = config.include_schemas;
  core::Schema live = session->inspector().reflect(reflect);
  core::DiffOptions options;
  options.compare_type = config.compare_type;
  options.compare_server_default = config.compare_server_default;
  options.exclude_tables = config.exclude_tables;
  options.version_table = ctx.version_table();
  if (options.version_table.schema == "public") options.version_table.schema.clear();
  out.diff = core::diff_schemas(declared, live, session->dialect(), options);
  return out;
}

}  // namespace strata::cli
