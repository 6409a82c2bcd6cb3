// `strata import alembic` on disk (SPEC §10.2): find every Alembic revision
// file under the version folders, read each once (alembic_revision_file.h),
// check the graph they make, then write one strata YAML revision per file
// into the project's versions folder. Writing is all or nothing: every file
// is rendered and read back in a temporary folder next to the versions
// folder, and only then linked into place, never over an existing file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/revision.h"
#include "versions/alembic_revision_file.h"

namespace strata::versions {

struct ImportSource {
  std::vector<std::filesystem::path> version_dirs;  ///< Alembic's, searched recursively
  /// The strata project's folder: Alembic files are named relative to it in
  /// messages, untranslated reasons and alembic_source.
  std::filesystem::path project_dir;
  Defines defines;  ///< --define NAME=VALUE
};

/// The `*.py` revision files under DIRS, recursively and sorted, without
/// `__init__.py`, `__pycache__/`, editor lock files (`.#x.py`) and hidden
/// files, each once even when two folders overlap.
std::vector<std::filesystem::path> find_alembic_files(const std::vector<std::filesystem::path>& dirs);

/// Reads and translates every revision file, and checks the graph: a
/// duplicate id (naming both files), a down_revision that names no file
/// (file:line), a cycle. Throws ScriptError / RevisionError (exit 2); writes
/// nothing. The result is in file order.
std::vector<AlembicRevision> read_alembic_revisions(const ImportSource& source);

struct ImportDestination {
  const core::Config& config;  ///< the strata project's (file_template, truncate_slug_length)
  std::filesystem::path versions_dir;
  std::string yaml_template;  ///< the project's revision template (project_templates.h)
  std::vector<core::RevisionHeader> existing;  ///< the project's revisions before the import
};

/// Writes one file per revision, named as `strata revision` names files
/// (file_template and slug, dates from the Alembic Create Date). Refuses
/// (UsageError, exit 2, nothing written) when an id is already in the project
/// or a file to write exists. Returns the files written, in REVISIONS' order.
std::vector<std::string> write_imported_revisions(const std::vector<AlembicRevision>& revisions,
                                                  const ImportDestination& destination);

}  // namespace strata::versions
