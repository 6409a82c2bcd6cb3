// `strata import alembic PATH [--define NAME=VALUE]...` (SPEC §10.2): one
// strata revision per Alembic revision file, a report line per file, exit 3
// when some bodies were not translated. Without a strata.yaml (and no -c) the
// project is created first, from what alembic.ini says.
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/database_url.h"
#include "core/error.h"
#include "versions/alembic_import.h"
#include "versions/alembic_project.h"
#include "versions/config_file.h"
#include "versions/project_templates.h"
#include "versions/revision_yaml.h"

namespace strata::cli {

namespace fs = std::filesystem;

namespace {

struct ImportOpts {
  std::string kind;
  std::string path;
  std::vector<std::string> defines;
};

// strata's script location for a new project: the Alembic one's name, as
// alembic.ini gives it, unless that is the Alembic folder itself (importing
// in place) or already taken, when strata's default is used.
std::string script_location_for(const versions::AlembicProject& alembic, const fs::path& config_dir) {
  std::string name = alembic.script_dir.filename().string();
  if (!alembic.ini.empty()) {  // `db/migrations` stays `db/migrations`
    std::string relative = alembic.script_dir.lexically_relative(alembic.ini.parent_path()).string();
    if (!relative.empty() && relative != "." && !relative.starts_with("..")) name = relative;
  }
  fs::path candidate = config_dir / name;
  std::error_code ec;
  bool taken = fs::exists(candidate, ec) && !(fs::is_directory(candidate, ec) && fs::is_empty(candidate, ec));
  return name.empty() || taken ? "migrations" : name;
}

// A value for strata.yaml: `${` would be expanded there, so it is escaped.
std::string config_value(const std::string& raw) {
  std::string escaped;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw.compare(i, 2, "${") == 0) escaped += '$';
    escaped += raw[i];
  }
  return versions::yaml_scalar(escaped);
}

// `init`, with what alembic.ini knows, said on stderr (the password never).
void create_project(Context& ctx, const versions::AlembicProject& alembic, const fs::path& config_dir) {
  std::string location = script_location_for(alembic, config_dir);
  std::vector<std::pair<std::string, std::string>> settings;
  std::string taken;
  if (alembic.database_url) {
    fs::path base = alembic.ini.empty() ? alembic.script_dir : alembic.ini.parent_path();
    std::string url = versions::rebase_sqlite_url(*alembic.database_url, base, config_dir);
    settings.emplace_back("database_url", config_value(url));
    taken += " database_url " + core::redact_url(url);
  }
  if (alembic.version_table) {
    settings.emplace_back("version_table", config_value(*alembic.version_table));
    taken += std::string(taken.empty() ? "" : ",") + " version_table " + *alembic.version_table;
  }
  if (alembic.version_table_schema) {
    settings.emplace_back("version_table_schema", config_value(*alembic.version_table_schema));
    taken += std::string(taken.empty() ? "" : ",") + " version_table_schema " + *alembic.version_table_schema;
  }
  // Alembic names a primary key only under a `pk` convention in env.py,
  // which strata does not read: with `pk: null` the keys stay unnamed
  // (PostgreSQL: <table>_pkey), as Alembic leaves them.
  settings.emplace_back("  pk", "null");
  progress(ctx, "No " + versions::config_path(ctx.options.config) + " here: creating the strata project first ('init " +
                    location + "')" + (taken.empty() ? "" : ", with" + taken + " from the Alembic project"));
  write_new_project(ctx, location, "generic", settings);
}

std::string reasons(const versions::AlembicRevision& r) {
  std::string out;
  if (r.untranslated_upgrade) out += "upgrade: " + *r.untranslated_upgrade;
  if (r.untranslated_downgrade) out += (out.empty() ? "" : "; ") + std::string("downgrade: ") + *r.untranslated_downgrade;
  return out;
}

bool translated(const versions::AlembicRevision& r) { return !r.untranslated_upgrade && !r.untranslated_downgrade; }

void print_report(const Context& ctx, const std::vector<versions::AlembicRevision>& revisions,
                  const std::vector<std::string>& files, size_t untranslated) {
  size_t count = revisions.size();
  if (ctx.options.json) {
    auto reason = [](const std::optional<std::string>& v) { return v ? json_string(*v) : std::string("null"); };
    std::string out = "{\"revisions\": [";
    for (size_t i = 0; i < count; ++i) {
      const auto& r = revisions[i];
      out += std::string(i ? ",\n  " : "\n  ") + "{\"revision\": " + json_string(r.header.id) +
             ", \"source\": " + json_string(r.header.path) + ", \"file\": " + json_string(files[i]) +
             ", \"translated\": " + (translated(r) ? "true" : "false") + ", \"untranslated\": {\"upgrade\": " +
             reason(r.untranslated_upgrade) + ", \"downgrade\": " + reason(r.untranslated_downgrade) +
             "}, \"notes\": " + json_list(r.notes) + "}";
    }
    out += std::string(count ? "\n]" : "]") + ", \"imported\": " + std::to_string(count) +
           ", \"translated\": " + std::to_string(count - untranslated) +
           ", \"untranslated\": " + std::to_string(untranslated) + "}";
    std::cout << out << '\n';
    return;
  }
  for (const auto& r : revisions) {
    if (translated(r)) std::cout << "translated    " << r.header.id << "  " << r.header.path << '\n';
    else std::cout << "untranslated  " << r.header.id << "  " << r.header.path << ": " << reasons(r) << '\n';
    for (const auto& note : r.notes) std::cout << "    note: " << note << '\n';
  }
  std::cout << count << (count == 1 ? " revision" : " revisions") << " imported: " << count - untranslated
            << " translated, " << untranslated << " with untranslated bodies\n";
}

void run_import(Context& ctx, const ImportOpts& o) {
  if (o.kind != "alembic")
    throw core::UsageError("unknown import kind '" + o.kind + "' (strata imports from: alembic)");
  auto alembic = versions::find_alembic_project(o.path);
  for (const auto& note : alembic.notes) progress(ctx, note);
  const std::string config_path = versions::config_path(ctx.options.config);
  const fs::path config_dir = fs::absolute(config_path).parent_path().lexically_normal();

  // Every Alembic file is read and checked before anything is written, the
  // project itself included.
  versions::ImportSource source{alembic.version_dirs, config_dir, versions::parse_defines(o.defines)};
  auto revisions = versions::read_alembic_revisions(source);

  std::error_code ec;
  if (!ctx.options.config && !fs::exists(config_path, ec)) create_project(ctx, alembic, config_dir);
  // An existing project keeps its settings; a version table that differs
  // from Alembic's would show the Alembic-migrated database as empty.
  if (alembic.version_table && *alembic.version_table != ctx.config().version_table)
    progress(ctx, "warning: the Alembic project's version table is " + *alembic.version_table + ", " +
                      ctx.config().path + " says " + ctx.config().version_table);
  if (alembic.version_table_schema && alembic.version_table_schema != ctx.config().version_table_schema)
    progress(ctx, "warning: the Alembic project's version_table_schema is " + *alembic.version_table_schema + ", " +
                      ctx.config().path + " says " + ctx.config().version_table_schema.value_or("(none)"));
  versions::ImportDestination destination{ctx.config(), ctx.scripts().dirs().front(),
                                          versions::revision_template(ctx.script_dir().string(), "yaml"),
                                          ctx.scripts().list_headers()};
  auto files = versions::write_imported_revisions(revisions, destination);

  size_t untranslated = 0;
  for (const auto& r : revisions) untranslated += translated(r) ? 0 : 1;
  print_report(ctx, revisions, files, untranslated);
  if (revisions.empty()) progress(ctx, "No Alembic revision files in " + alembic.version_dirs.front().string());
  else progress(ctx, "Wrote " + std::to_string(files.size()) + " file(s) into " + destination.versions_dir.string());
  if (untranslated > 0)
    throw core::Error(core::ExitCode::kDifferences,
                      std::to_string(untranslated) + " revision(s) kept bodies that could not be translated "
                      "('untranslated:' in their files): strata will not run those until their operations are "
                      "written by hand; a database already past them is not affected");
}

}  // namespace

void setup_import(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ImportOpts>();
  auto* cmd = app.add_subcommand("import", "Import the revisions of another tool's project (alembic)");
  cmd->add_option("KIND", o->kind, "What to import from: alembic")->required();
  cmd->add_option("PATH", o->path, "An alembic.ini, or an Alembic script directory (env.py and versions/)")->required();
  cmd->add_option("--define", o->defines, "NAME=VALUE for a name revision files import from the application")
      ->allow_extra_args(false);
  cmd->callback([o, &ctx] { run_import(ctx, *o); });
}

}  // namespace strata::cli
