// The mark of a revision in progress, on databases whose DDL commits
// statement by statement (Dialect::transactional_ddl() is false: MySQL).
// There a kill -9, a lost connection or a crash in the middle of a revision
// leaves some of its operations applied and no compensation can run; the
// version table still names the revisions before it, which is true of the
// rows but not of the schema. So the runner keeps one row in a table of its
// own, <version table name> prefixed with strata_progress_, next to the
// version table (never in it: Alembic reads every row of that one):
// the revision, its direction and the operation it started last. The row is
// committed by the first DDL statement of each operation (and at once before
// an execute or bulk_insert that follows DDL), and removed in the
// transaction that writes the version row, so it survives exactly when the
// revision stopped between the two. The table exists only during a run and
// after a run that stopped; `strata stamp` drops it.
//
// What the mark says, when it is found: the operations before `operation`
// finished; `operation` may have partly run; those after it left nothing
// (they ran no statement that commits, so the server rolled them back when
// the connection went). Upgrade and downgrade refuse to run until stamp
// clears it (docs/decisions.md: "A revision interrupted on MySQL").
#pragma once

#include <optional>
#include <string>

#include "core/dialect.h"
#include "core/revision_graph.h"
#include "core/script_store.h"
#include "core/session.h"

namespace strata::core {

struct Progress {
  std::string revision;
  bool upgrade = true;
  size_t operation = 1;     ///< 1-based: the operation started last
  bool undo_failed = false; ///< the revision failed and its compensation did not finish
};

/// Where the mark of VT's runs is kept.
VersionTable progress_table(const VersionTable& vt);
/// True for TABLE when it is the progress table of VT (left out of inspect and diffs).
bool is_progress_table(const std::string& schema, const std::string& name, const VersionTable& vt);

/// The mark of an interrupted revision, when there is one (never on a
/// database with transactional DDL, where the table is not made).
std::optional<Progress> read_progress(Session& session, const VersionTable& vt);

/// What the mark means, for `current` and for the refusal of a run: the
/// revision, its file, the operations that finished, the one that may have
/// partly run, and how to clear it.
std::string describe_progress(const Progress& p, const RevisionGraph& graph, const ScriptStore& store);

/// Removes the mark and its table (stamp; a run that finished or was undone).
void clear_progress(Session& session, const VersionTable& vt);

/// The statements the runner writes the mark with.
struct ProgressSql {
  explicit ProgressSql(const Dialect& d, const VersionTable& vt);
  std::string create, drop, remove;
  std::string insert(const std::string& revision, bool upgrade) const;
  std::string started(size_t operation) const;
  std::string undo_failed() const;

 private:
  const Dialect& dialect_;
  std::string table_;
};

}  // namespace strata::core
