// Project templates for `strata init` and the revision templates new files are
// rendered from. Templates are compiled into the binary; the project's own
// revision.yaml.tmpl / revision.sql.tmpl in the script location wins when present.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace strata::versions {

struct TemplateInfo {
  std::string name;
  std::string description;
};

/// The templates `init --template` accepts, sorted by name.
std::vector<TemplateInfo> list_templates();

/// Writes the layout of SPEC §2: the config file CONFIG_PATH and the script
/// folder DIR from template NAME. Refuses (UsageError) when DIR exists and is
/// not empty, when CONFIG_PATH exists, or when NAME is unknown. Returns the
/// files written, in order. SETTINGS (key -> YAML value text) replace the
/// template's line for that key in the config file, or are appended to it
/// (`import alembic` brings the database URL and version table this way); a
/// nested key is given with its indent ("  pk").
std::vector<std::string> init_project(const std::string& config_path, const std::string& dir,
                                      const std::string& name,
                                      const std::vector<std::pair<std::string, std::string>>& settings = {});

/// The revision template: SCRIPT_DIR/revision.<ext>.tmpl if present, else the
/// built-in one. EXT is "yaml" or "sql".
std::string revision_template(const std::string& script_dir, const std::string& ext);

/// True when SCRIPT_DIR holds only an SQL revision template (the `sql` init
/// template), so plain `revision` writes .sql files there.
bool prefers_sql(const std::string& script_dir);

}  // namespace strata::versions
