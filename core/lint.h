// `strata lint` (SPEC §10.4): what each revision's operations do to a live
// database that the author may not have meant: lose data, take a long
// exclusive lock, rewrite a table, break the code that is running. The
// engine replays the operations from base so each revision is judged against
// the schema before it ("an existing table" is one the revision did not
// create); the rules that hold everywhere are here, and each dialect adds
// what its own locking and rewriting rules say (Dialect::lint, in
// drivers/<db>/lint.cpp). Pure: no files, no database.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/lint_scope.h"
#include "core/ops.h"
#include "core/revision.h"
#include "core/schema.h"

namespace strata::core {

class Dialect;

enum class LintSeverity { kWarning, kError };

/// One rule: a stable code (what `ignore:` and strata.yaml's `lint:` name),
/// its default severity, and the one-line summary docs/lint.md expands.
struct LintRule {
  std::string code;
  LintSeverity severity;
  std::string summary;
  std::string dialects;  ///< "all", or the dialect names it applies to
};

/// Every rule strata knows, the generic ones and every dialect's.
const std::vector<LintRule>& lint_rules();
const LintRule* find_lint_rule(const std::string& code);

struct LintFinding {
  std::string code;
  LintSeverity severity = LintSeverity::kWarning;
  std::string revision;   ///< id; "" for a file that did not parse
  std::string file;
  int line = 0;           ///< 1-based; 0 when unknown
  std::string operation;  ///< op_name, or "" for a finding about the revision
  std::string message;    ///< what happens, and what to do instead
  bool acknowledged = false;
  std::string reason;     ///< the revision's reason, when acknowledged
};

/// Lints REVISIONS (in upgrade order from base, every one of them, so the
/// schema replay is complete); findings are kept for those in REPORTED only
/// (all when empty). Acknowledged findings (the revision's `lint: {ignore}`)
/// are returned marked, not dropped.
std::vector<LintFinding> lint_revisions(const std::vector<Revision>& revisions, const Dialect& dialect,
                                        const LintSettings& settings, const std::set<std::string>& reported = {});

/// The findings of one revision against BEFORE (which it updates to the
/// schema after it); used by lint_revisions and by autogenerate for the
/// revision it just wrote.
std::vector<LintFinding> lint_revision(const Revision& revision, Schema& before, const Dialect& dialect,
                                       const LintSettings& settings);

const char* severity_name(LintSeverity severity);

}  // namespace strata::core
