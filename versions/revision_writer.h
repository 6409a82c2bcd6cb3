// Writing new revision files: ids, file names (file_template and slug, as
// Alembic builds them), and rendering through the project's template.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/revision.h"

namespace strata::versions {

/// A random 12-hex-digit revision id (48 bits, as Alembic's uuid4().hex[-12:]).
std::string new_revision_id();

/// Alembic's slug: the message's word characters joined by '_', lowercased,
/// cut at a word boundary when longer than TRUNCATE.
std::string slugify(const std::string& message, int truncate);

/// The file name (without extension) from config.file_template; throws
/// UsageError for an unknown {token}.
std::string revision_file_stem(const core::Config& config, const std::string& rev, const std::string& message,
                               std::chrono::system_clock::time_point when);

/// "YYYY-MM-DD HH:MM:SS.ffffff" in local time, as Alembic writes create_date.
std::string format_create_date(std::chrono::system_clock::time_point when);

/// Renders a YAML revision: {{revision}}, {{down_revision}}, {{branch_labels}},
/// {{depends_on}}, {{message}}, {{create_date}}, {{upgrades}}, {{downgrades}}.
/// UPGRADES/DOWNGRADES are YAML block lists of operations ("" for none).
std::string render_yaml_revision(const std::string& tmpl, const core::RevisionHeader& h,
                                 const std::string& upgrades = "", const std::string& downgrades = "");
/// Renders a SQL revision with the same placeholders (values as comma lists).
std::string render_sql_revision(const std::string& tmpl, const core::RevisionHeader& h);

/// Writes CONTENT to PATH, refusing to replace an existing file (UsageError).
void write_new_file(const std::string& path, const std::string& content);

}  // namespace strata::versions
