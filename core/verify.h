// `strata verify` (SPEC §10.5): the database's version rows and revision log
// against the revision files. Problems (exit 3): an applied revision whose
// file changed since it was applied (or last accepted), and a version row
// that names no file (Alembic's "Can't locate revision"). Informational: the
// applied revisions the log does not record (applied by Alembic, or by
// strata before it kept a log). Each problem says what happened and what to
// do. Pure: the CLI reads the database and the files.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/revision_graph.h"
#include "core/revision_log.h"

namespace strata::core {

struct VerifyProblem {
  std::string kind;      ///< "edited" or "unknown_revision"
  std::string revision;
  std::string path;      ///< edited: the file; unknown_revision: ""
  std::string recorded_sha256, file_sha256;  ///< edited
  std::string applied_at;                    ///< when the log last recorded it, if it did
  std::string summary;                       ///< one line
  std::vector<std::string> advice;           ///< what happened and what to do, a line each
};

struct VerifyReport {
  std::vector<VerifyProblem> problems;
  std::vector<std::string> not_recorded;  ///< applied, no log row since (oldest first)
  size_t checked = 0;                     ///< applied revisions whose checksum was compared
};

/// ROWS: the version table; LOG: the revision log, oldest first;
/// FILE_SHA256(id): core::revision_checksum of that revision's file.
VerifyReport verify_revisions(const RevisionGraph& graph, const std::vector<std::string>& rows,
                              const std::vector<RevisionLogEntry>& log,
                              const std::function<std::string(const std::string&)>& file_sha256);

}  // namespace strata::core
