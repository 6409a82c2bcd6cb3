// An Alembic project on disk, as `strata import alembic PATH` finds it
// (SPEC §10.2): PATH is an alembic.ini, or a script directory holding env.py
// and versions/. From alembic.ini's [alembic] section it reads
// script_location, version_locations (split as Alembic 1.8 splits them,
// version_path_separator included), sqlalchemy.url, version_table and
// version_table_schema, with configparser's %(name)s interpolation (%(here)s
// is the ini's folder) and %% escapes; version_table and version_table_schema
// also from string literals in env.py's context.configure(...) calls, where
// Alembic takes them. Nothing is run: both files are read as text.
//
// Where Alembic resolves a relative path against the folder it is run from
// (script_location, a relative sqlite:/// file), the importer takes the
// ini's folder: that is where `alembic` is run in practice.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata::versions {

struct AlembicProject {
  std::filesystem::path ini;         ///< the alembic.ini; empty when PATH was a script directory
  std::filesystem::path script_dir;  ///< absolute, normalised
  std::vector<std::filesystem::path> version_dirs;  ///< absolute, normalised, existing, in the ini's order
  /// sqlalchemy.url after interpolation; nullopt when absent, empty, or
  /// Alembic's template placeholder (driver://user:pass@localhost/dbname).
  std::optional<std::string> database_url;
  std::optional<std::string> version_table;
  std::optional<std::string> version_table_schema;
  /// Things worth telling the user (a version location that does not exist
  /// and is skipped, as Alembic skips it); never contains a password.
  std::vector<std::string> notes;
};

/// Finds the project at PATH. Throws UsageError (exit 2) naming PATH when it
/// is neither an ini with an [alembic] script_location nor a folder holding
/// env.py and versions/, or when a folder it names does not exist.
AlembicProject find_alembic_project(const std::string& path);

/// The sections of an ini file: section -> key (lower case) -> raw value
/// (continuation lines joined with '\n'), as configparser reads them.
/// Throws ScriptError "FILE:LINE: ..." for a line that is none of a section,
/// a key, a continuation or a comment.
using IniSections = std::map<std::string, std::map<std::string, std::string>>;
IniSections parse_ini(const std::string& text, const std::string& file);

/// VALUE with configparser's basic interpolation: %(name)s from SECTION, then
/// from DEFAULTS; %% is %. Throws UsageError naming FILE for an unknown name,
/// a bad '%', or interpolation deeper than configparser allows.
std::string interpolate(const std::string& value, const std::map<std::string, std::string>& section,
                        const std::map<std::string, std::string>& defaults, const std::string& file);

/// Splits version_locations as Alembic does: SEPARATOR is the ini's
/// version_path_separator ("" when absent: spaces and commas).
std::vector<std::string> split_version_locations(const std::string& value, const std::string& separator,
                                                 const std::string& file);

/// URL as strata.yaml in CONFIG_DIR should hold it: a relative sqlite:///
/// file, which Alembic reads relative to where it runs (taken as BASE_DIR,
/// the ini's folder), is rewritten relative to CONFIG_DIR so both name the
/// same file. Every other URL is returned as is.
std::string rebase_sqlite_url(const std::string& url, const std::filesystem::path& base_dir,
                              const std::filesystem::path& config_dir);

}  // namespace strata::versions
