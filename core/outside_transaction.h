// What a revision run outside a transaction (`transactional: false`, SPEC
// §10.4) leaves when it fails: nothing rolls it back, so the error says what
// completed, what of the failing operation ran, and which index a failed
// CREATE / DROP INDEX CONCURRENTLY left INVALID (PostgreSQL marks it so
// and keeps it).
#pragma once

#include <string>
#include <vector>

#include "core/ops.h"
#include "core/revision.h"
#include "core/session.h"

namespace strata::core {

/// An operation as the error names it: "create_index 'ix_users_email' on 'users'".
std::string op_label(const Op& op);

struct LeftBehind {
  std::string text;           ///< lines for the error message, each starting "\n  "
  bool kept_something = false;  ///< anything of the revision stays in the database
};

/// COMPLETED: labels of the operations that ran whole; FAILING: the
/// operation that failed (nullptr: none had started), of which RAN of TOTAL
/// statements ran before the failing one. RUN_COMMITTED: the revisions
/// before it in this run were committed before it started (one transaction
/// for the run, transaction_per_migration: false).
LeftBehind left_behind(Session& session, const RevisionHeader& header, const std::vector<std::string>& completed,
                       const Op* failing, size_t ran, size_t total, bool run_committed);

}  // namespace strata::core
