// A revision: one migration file. The header (ids, parents, labels, message)
// is all the graph and the listing commands need, so it is read on its own
// and fast; the body (operations) is parsed only when a command runs or shows
// the revision.
#pragma once

#include <optional>
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
  /// The Alembic .py file this revision was imported from (relative to the
  /// project), as `strata import alembic` wrote it; "" when not imported.
  std::string alembic_source;
  /// `lint: {ignore: [CODE, ...], reason: "..."}`: findings of these codes in
  /// this revision are acknowledged (SPEC §10.4). Read with the whole file
  /// (the listing's fast header path leaves them empty).
  std::vector<std::string> lint_ignore;
  std::string lint_reason;
  /// `irreversible: true`: the downgrade cannot undo the upgrade, said on
  /// purpose; `stairway` steps over it and names it.
  bool irreversible = false;
  /// false (`transactional: false`): the revision runs outside a transaction
  /// (PostgreSQL's CONCURRENTLY needs it); its version row is written once it
  /// completed, and a failure leaves what it did.
  bool transactional = true;
};

/// A revision's operations. SQL files give one `Execute` per statement.
struct RevisionBody {
  std::vector<Op> upgrade;
  std::vector<Op> downgrade;
  /// Set for a direction imported from Alembic that could not be translated
  /// ("<reason> (<file>:<line>)"): its operations are unknown, so running it
  /// is refused, while the graph, stamp and listings still work.
  std::optional<std::string> untranslated_upgrade;
  std::optional<std::string> untranslated_downgrade;
  /// The 1-based line of each operation in its file, for messages (lint);
  /// empty when the operations did not come from a file.
  std::vector<int> upgrade_lines;
  std::vector<int> downgrade_lines;
  /// core::revision_checksum() of the file as read, for the revision log;
  /// empty when the revision did not come from a file.
  std::string sha256;
};

struct Revision {
  RevisionHeader header;
  RevisionBody body;
};

}  // namespace strata::core
