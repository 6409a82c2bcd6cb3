// A revision: one migration file. The header (ids, parents, labels, message)
// is all the graph and the listing commands need, so it is read on its own
// and fast; the body (operations) is parsed only when a command runs or shows
// the revision.
#pragma once

#include <string>
#include <vector>

#include "core/ops.h"

namespace strata::core {

struct RevisionHeader {
  std::string id;
  std::vector<std::string> down_revisions;  ///< empty: a base; several: a merge
  std::vector<std::string> depends_on;      ///< revision ids or branch labels
  std::vector<std::string> branch_labels;
  std::string message;
  std::string create_date;
  std::string path;  ///< the file it came from, for messages
  /// A squash (SPEC §10.2): the revisions it stands for, parents first; the
  /// last is the one whose version row it writes. Empty for a revision.
  std::vector<std::string> replaces;
};

/// A revision's operations. SQL files give one `Execute` per statement.
struct RevisionBody {
  std::vector<Op> upgrade;
  std::vector<Op> downgrade;
};

struct Revision {
  RevisionHeader header;
  RevisionBody body;
};

}  // namespace strata::core
