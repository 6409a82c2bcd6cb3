// The project configuration (strata.yaml) as plain values, with the defaults
// of SPEC §3. Loading and validation live in versions/config_file.h.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace strata::core {

/// One entry of `models:` (SPEC §10.3): a file, or a shell command whose
/// standard output is read; either is models.yaml or SQL DDL.
struct ModelSource {
  std::string file;     ///< as written (relative to Config::dir); "" for a command
  std::string command;  ///< run by /bin/sh -c in Config::dir; "" for a file
  bool sql = false;     ///< SQL DDL (a `.sql` file or `format: sql`), else models.yaml
  std::string where;    ///< "strata.yaml:LINE" of the entry, for messages

  bool operator==(const ModelSource& o) const {
    return file == o.file && command == o.command && sql == o.sql;
  }
};

/// strata.yaml's `lint:` (SPEC §10.4): codes turned off, codes raised to error.
struct LintSettings {
  std::set<std::string> disabled;
  std::set<std::string> errors;
};

struct Config {
  std::string path;  ///< the configuration file; empty if none was found
  std::string dir;   ///< its folder: relative paths and sqlite:/// URLs start here
  std::string script_location = "migrations";
  std::string database_url;                    ///< after ${VAR} expansion
  std::string database_url_error;              ///< why database_url could not be expanded; "" if it could
  std::vector<ModelSource> models;             ///< the model sources, in order
  /// The server for scratch databases (SQL model sources, --dev-url's
  /// default); "": in-memory SQLite, for a SQLite project.
  std::string dev_url;
  std::vector<std::string> version_locations;  ///< empty: <script_location>/versions
  std::string version_table = "alembic_version";
  std::optional<std::string> version_table_schema;
  /// The revision log's table, beside the version table (SPEC §10.5); ""
  /// (`revision_log_table: null`): no log is kept.
  std::string revision_log_table = "strata_revisions";
  std::string file_template = "{rev}_{slug}";
  int truncate_slug_length = 40;
  bool transaction_per_migration = true;
  /// SPEC §10.4: timeouts set on every migration session (unset: the
  /// server's own), and how often a revision that failed only on the lock
  /// timeout is tried again.
  std::optional<std::chrono::milliseconds> ddl_lock_timeout;
  std::optional<std::chrono::milliseconds> ddl_statement_timeout;
  int ddl_lock_retries = 0;
  /// `revision --autogenerate` writes PostgreSQL's online forms (CONCURRENTLY, NOT VALID).
  bool online_ddl = false;
  bool compare_type = true;
  bool compare_server_default = true;
  std::vector<std::string> include_schemas{"public"};
  std::vector<std::string> exclude_tables;
  std::map<std::string, std::string> naming_convention{
      {"ix", "ix_{table}_{column_0}"},
      {"uq", "uq_{table}_{column_0}"},
      {"ck", "ck_{table}_{constraint}"},
      {"fk", "fk_{table}_{column_0}_{referred_table}"},
      {"pk", "pk_{table}"},
  };
  LintSettings lint;
};

}  // namespace strata::core
