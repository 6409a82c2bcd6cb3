// The version-table rules (Alembic's HeadMaintainer): the table holds one row
// per head of the applied set. HeadTracker follows that set step by step and
// says which rows to insert, delete or update for each step, so the table is
// the same as Alembic's after every revision: a database can move between the
// two tools at any point.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/revision_graph.h"

namespace strata::core {

struct VersionEdit {
  enum class Kind { kInsert, kDelete, kUpdate };
  Kind kind;
  std::string from;  ///< kDelete, kUpdate: the row to remove or change
  std::string to;    ///< kInsert, kUpdate: the new value
};

class HeadTracker {
 public:
  /// HEADS: the rows of the version table now. Throws RevisionError when one
  /// names no known revision.
  HeadTracker(const RevisionGraph& graph, const std::vector<std::string>& heads);

  /// The edits that take the table through STEP, and records the step.
  /// Throws RevisionError when the step does not fit the current heads.
  std::vector<VersionEdit> apply(const Step& step);

  /// The edits that replace the current rows with exactly TARGET_HEADS (stamp).
  std::vector<VersionEdit> reset(const std::vector<std::string>& target_heads);

  std::vector<std::string> heads() const { return {heads_.begin(), heads_.end()}; }
  bool is_applied(const std::string& id) const { return applied_.count(id) > 0; }

 private:
  void apply_one(const Step& step);
  bool alembic_rows(const Step& step);
  std::set<std::string> heads_of_applied() const;
  std::vector<VersionEdit> diff(const std::set<std::string>& before) const;

  const RevisionGraph& graph_;
  std::set<std::string> applied_;  ///< every revision applied (the heads' ancestry)
  std::set<std::string> heads_;
};

}  // namespace strata::core
