// `strata inspect [-o FILE] [--format yaml|sql]` (SPEC §10.3): the live
// schema as models.yaml, or as the DDL that creates it, so a team with an
// existing database gets its models in one step. The version table is left
// out; `check` against what `inspect` printed finds nothing.
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/differ.h"
#include "core/enums.h"
#include "core/error.h"
#include "core/progress.h"
#include "core/revision_log.h"
#include "core/runner.h"
#include "versions/op_yaml_writer.h"

namespace strata::cli {

namespace {

struct InspectOpts {
  std::string output, format = "yaml";
};

// The DDL that creates SCHEMA on an empty database, tables in foreign-key order.
std::string schema_sql(const core::Schema& schema, core::Session& session, const core::VersionTable& vt) {
  core::DiffOptions options;
  options.version_table = vt;
  auto diff = core::diff_schemas(schema, core::Schema{}, session.dialect(), options);
  std::string out;
  const core::SchemaLookup lookup(schema);  // the enums the columns name
  for (const auto& op : diff.upgrade)
    for (const auto& sql : session.dialect().render(op, lookup)) out += sql + ";\n\n";
  return out;
}

void inspect(Context& ctx, const InspectOpts& o) {
  ctx.start_connecting();
  const auto& config = ctx.config();
  auto session = ctx.connect();
  core::ReflectOptions reflect;
  reflect.schemas = config.include_schemas;
  core::Schema schema = session->inspector().reflect(reflect);
  auto vt = ctx.version_table();
  if (vt.schema == "public") vt.schema.clear();
  std::erase_if(schema.tables, [&](const core::Table& t) { return core::is_bookkeeping_table(t.schema, t.name, vt); });
  const std::string text = o.format == "sql" ? schema_sql(schema, *session, vt) : versions::models_to_yaml(schema);
  if (o.output.empty()) {
    std::cout << text;
    return;
  }
  std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
  if (!out || !(out << text) || !out.flush()) throw core::UsageError("-o: cannot write " + o.output);
  progress(ctx, "Wrote " + std::to_string(schema.tables.size()) + " table(s) to " + o.output);
}

}  // namespace

void setup_inspect(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<InspectOpts>();
  auto* cmd = app.add_subcommand("inspect", "Print the live schema as models.yaml (or as SQL DDL)");
  cmd->add_option("-o,--output", o->output, "Write to FILE instead of stdout");
  cmd->add_option("--format", o->format, "yaml (models.yaml, the default) or sql")
      ->check(CLI::IsMember({"yaml", "sql"}));
  cmd->callback([o, &ctx] { inspect(ctx, *o); });
}

}  // namespace strata::cli
