// Text and JSON renderings of revisions. The text lines reproduce Alembic's
// Script.cmd_format / log_entry byte for byte, so scripts written against
// `alembic history`, `heads` and `branches` keep working (SPEC §7).
#pragma once

#include <string>
#include <vector>

#include "core/lint.h"
#include "core/revision_graph.h"

namespace strata::cli {

/// Which parts of Alembic's one-line format to include.
struct LineFormat {
  bool parents = false;    ///< "down -> rev"
  bool branches = true;    ///< "(label)"
  bool doc = false;        ///< ", message"
  bool tree = true;        ///< (branchpoint) (mergepoint)
  bool current = false;    ///< (current) mark for this revision
};

/// One line in Alembic's non-verbose format.
std::string revision_line(const core::RevisionGraph& g, const core::RevisionHeader& r, const LineFormat& f);
/// Alembic's verbose entry ("Rev: ...", "Parent: ...", "Path: ...", the docstring).
/// With BODY (show), a direction left untranslated by `import alembic` is named too.
std::string revision_entry(const core::RevisionGraph& g, const core::RevisionHeader& r, bool current = false,
                           const core::RevisionBody* body = nullptr);
/// The first paragraph of the message (Alembic's `doc`).
std::string revision_doc(const core::RevisionHeader& r);

/// A JSON array describing REVISIONS; BODIES (one per revision, for show)
/// add what `import alembic` left untranslated.
std::string revisions_json(const core::RevisionGraph& g, const std::vector<std::string>& revisions,
                           const std::vector<core::RevisionBody>* bodies = nullptr);
/// A JSON string literal.
std::string json_string(const std::string& s);
/// "a, b, c".
std::string comma_join(const std::vector<std::string>& v);
/// A JSON array of strings.
std::string json_list(const std::vector<std::string>& v);
/// A lint finding as `file:line: CODE severity: message` (SPEC §10.4), the
/// file relative to the current folder when it lies under it.
std::string lint_line(const core::LintFinding& finding);
/// PATH relative to the current folder when it lies under it, else as it is.
std::string shown_path(const std::string& path);

}  // namespace strata::cli
