#include "versions/config_file.h"

#include "core/naming.h"

#include <cstdlib>
#include <filesystem>

#include "core/database_url.h"
#include "core/error.h"
#include "core/lint.h"
#include "versions/script_directory.h"
#include "versions/yaml_nodes.h"

namespace strata::versions {

namespace fs = std::filesystem;

std::string config_path(const std::optional<std::string>& explicit_path) {
  if (explicit_path) return *explicit_path;
  if (const char* env = std::getenv("STRATA_CONFIG"); env && *env) return env;
  return "strata.yaml";
}

std::string expand_env(const std::string& text, const std::string& where) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 2;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i];
      continue;
    }
    auto close = text.find('}', i);
    // The value may be a URL with a password: quote it redacted.
    if (close == std::string::npos)
      throw core::UsageError(where + ": unclosed '${' in '" + core::redact_url(text) + "'");
    std::string inner = text.substr(i + 2, close - i - 2);
    std::string name = inner, fallback;
    bool has_default = false;
    if (auto sep = inner.find(":-"); sep != std::string::npos) {
      name = inner.substr(0, sep);
      fallback = inner.substr(sep + 2);
      has_default = true;
    }
    const char* value = std::getenv(name.c_str());
    if (value && *value) out += value;
    else if (has_default) out += fallback;
    else throw core::UsageError(where + ": environment variable " + name + " is not set (write ${" + name +
                                ":-default} to give a default)");
    i = close;
  }
  return out;
}

namespace {

bool ends_with_sql(const std::string& file) { return fs::path(file).extension() == ".sql"; }

// One `models:` entry: a file name, or {command: "...", format: yaml|sql}.
core::ModelSource model_source(const std::string& path, const yaml::Node& entry) {
  core::ModelSource source;
  source.where = location(path, entry);
  if (!entry.is_map()) {
    source.file = expand_env(scalar_text(path, entry, "a models entry"), source.where);
    if (source.file.empty()) fail_at(path, entry, "a models file name must not be empty");
    source.sql = ends_with_sql(source.file);
    return source;
  }
  check_keys(path, entry, {"command", "format"}, "models entry");
  source.command = expand_env(required_string(path, entry, "command", "a models entry"), source.where);
  if (source.command.find_first_not_of(" \t\n") == std::string::npos)
    fail_at(path, entry["command"], "a models command must not be empty");
  const std::string format = optional_string(path, entry, "format").value_or("yaml");
  if (format != "yaml" && format != "sql")
    fail_at(path, entry["format"], "a models command's format must be yaml or sql, not '" + format + "'");
  source.sql = format == "sql";
  return source;
}

// A duration as strata.yaml writes one: a number and a unit, "500ms", "5s",
// "1.5s", "2min", "1h"; more than 0 and at most a day.
std::chrono::milliseconds duration(const std::string& path, const yaml::Node& root, const char* key) {
  const yaml::Node node = root[key];
  const std::string text = scalar_text(path, node, key);
  auto bad = [&](const std::string& why) {
    fail_at(path, node, std::string(key) + " '" + text + "' " + why + " (a number and a unit: 500ms, 5s, 2min, 1h)");
  };
  size_t digits = 0, dot = std::string::npos;
  for (; digits < text.size(); ++digits) {
    if (text[digits] == '.' && dot == std::string::npos) dot = digits;
    else if (text[digits] < '0' || text[digits] > '9') break;
  }
  if (digits == 0 || (dot == 0 && digits == 1) || dot + 1 == digits) bad("is not a duration");
  const std::string unit = text.substr(digits);
  double scale = unit == "ms" ? 1 : unit == "s" ? 1e3 : unit == "min" ? 6e4 : unit == "h" ? 3.6e6 : 0;
  if (scale == 0) bad(unit.empty() ? "has no unit" : "has an unknown unit '" + unit + "'");
  const double ms = std::stod(text.substr(0, digits)) * scale;
  if (ms > 86400e3) bad("is more than a day");
  const auto whole = static_cast<long long>(ms + 0.999999);  // a fraction of a millisecond rounds up
  if (whole <= 0) bad("must be more than 0 (leave the key out for no timeout)");
  return std::chrono::milliseconds(whole);
}

// `models:` is one entry or a list of them.
std::vector<core::ModelSource> model_sources(const std::string& path, const yaml::Node& node) {
  std::vector<core::ModelSource> out;
  if (!node || node.is_null()) return out;
  if (!node.is_sequence()) return {model_source(path, node)};
  for (const auto& entry : node) out.push_back(model_source(path, entry));
  return out;
}

}  // namespace

core::Config load_config(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw core::UsageError("config file '" + path +
                           "' not found (give one with -c FILE or $STRATA_CONFIG, or create one with 'strata init DIR')");
  std::string text;
  try {
    text = read_file(path);
  } catch (const core::Error& e) {
    throw core::UsageError(e.what());
  }
  return load_config_text(path, text);
}

core::Config load_config_text(const std::string& path, const std::string& text) {
  yaml::Node root;
  core::Config c;
  c.path = path;
  c.dir = fs::absolute(path).parent_path().lexically_normal().string();
  try {
    root = parse_yaml(text, path);
    if (!root || root.is_null()) return c;
    check_keys(path, root,
               {"script_location", "database_url", "models", "version_locations", "version_table",
                "version_table_schema", "file_template", "truncate_slug_length", "transaction_per_migration",
                "compare_type", "compare_server_default", "include_schemas", "exclude_tables", "naming_convention",
                "dev_url", "lint", "ddl_lock_timeout", "ddl_statement_timeout", "ddl_lock_retries", "online_ddl", "revision_log_table"},
               "strata.yaml");
    auto str = [&](const char* key, std::string& field) {
      if (auto v = optional_string(path, root, key)) field = expand_env(*v, location(path, root[key]));
    };
    auto list = [&](const char* key, std::vector<std::string>& field) {
      if (!root[key]) return;
      field = string_list(path, root, key);
      for (auto& v : field) v = expand_env(v, location(path, root[key]));
    };
    str("script_location", c.script_location);
    // An unexpandable database_url matters only when --url does not replace
    // it (SPEC §3: "--url, else database_url after expansion"): keep the error.
    try {
      str("database_url", c.database_url);
    } catch (const core::UsageError& e) {
      c.database_url_error = e.what();
    }
    str("version_table", c.version_table);
    if (root["revision_log_table"]) {
      if (root["revision_log_table"].is_null()) c.revision_log_table.clear();
      else str("revision_log_table", c.revision_log_table);
      if (root["revision_log_table"] && !root["revision_log_table"].is_null() && c.revision_log_table.empty())
        fail_at(path, root["revision_log_table"], "revision_log_table must name a table, or be null to keep no log");
      if (c.revision_log_table == c.version_table)
        fail_at(path, root["revision_log_table"], "revision_log_table must not be the version table");
    }
    str("dev_url", c.dev_url);
    str("file_template", c.file_template);
    if (auto v = optional_string(path, root, "version_table_schema"))
      c.version_table_schema = expand_env(*v, location(path, root["version_table_schema"]));
    c.models = model_sources(path, root["models"]);
    list("version_locations", c.version_locations);
    list("include_schemas", c.include_schemas);
    list("exclude_tables", c.exclude_tables);
    c.truncate_slug_length = integer(path, root, "truncate_slug_length", c.truncate_slug_length);
    c.transaction_per_migration = boolean(path, root, "transaction_per_migration", c.transaction_per_migration);
    c.compare_type = boolean(path, root, "compare_type", c.compare_type);
    c.compare_server_default = boolean(path, root, "compare_server_default", c.compare_server_default);
    for (auto [key, field] : {std::pair{"ddl_lock_timeout", &c.ddl_lock_timeout},
                              std::pair{"ddl_statement_timeout", &c.ddl_statement_timeout}})
      if (root[key] && !root[key].is_null()) *field = duration(path, root, key);
    c.ddl_lock_retries = integer(path, root, "ddl_lock_retries", 0);
    if (c.ddl_lock_retries < 0 || c.ddl_lock_retries > 100)
      fail_at(path, root["ddl_lock_retries"],
              "ddl_lock_retries must be a whole number from 0 to 100, not " + std::to_string(c.ddl_lock_retries));
    c.online_ddl = boolean(path, root, "online_ddl", false);
    if (yaml::Node nc = root["naming_convention"]; nc && !nc.is_null()) {
      check_keys(path, nc, {"ix", "uq", "ck", "fk", "pk"}, "naming_convention");
      for (const auto& kv : nc) {
        if (kv.second.is_null()) {  // `pk: null`: no convention of that kind, not even the default
          c.naming_convention.erase(kv.first.scalar());
          continue;
        }
        std::string convention = scalar_text(path, kv.second, kv.first.scalar());
        // Unknown tokens are found now, not half-way through an upgrade.
        try {
          core::convention_name(convention, {{"table", "t"}, {"column_0", "c"}, {"referred_table", "r"}, {"constraint", "k"}});
        } catch (const core::UsageError& e) {
          fail_at(path, kv.second, e.what());
        }
        c.naming_convention[kv.first.scalar()] = convention;
      }
    }
    if (yaml::Node lint = root["lint"]; lint && !lint.is_null()) {
      check_keys(path, lint, {"disable", "error"}, "'lint'");
      for (const char* key : {"disable", "error"}) {
        for (const auto& code : string_list(path, lint, key)) {
          if (!core::find_lint_rule(code)) {
            std::string known;
            for (const auto& r : core::lint_rules()) known += (known.empty() ? "" : ", ") + r.code;
            fail_at(path, lint[key], "unknown lint code '" + code + "' (known: " + known + ")");
          }
          (std::string(key) == "disable" ? c.lint.disabled : c.lint.errors).insert(code);
        }
      }
    }
    if (c.script_location.empty()) fail_at(path, root, "script_location must not be empty");
  } catch (const core::ScriptError& e) {
    throw core::UsageError(e.what());  // a bad config file is a configuration error
  }
  if (c.models.empty()) c.models = {core::ModelSource{c.script_location + "/models.yaml", "", false, path}};
  return c;
}

}  // namespace strata::versions
