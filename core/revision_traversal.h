// Which revisions an upgrade or downgrade runs, by Alembic 1.8's rules
// (RevisionMap._collect_upgrade_revisions / _collect_downgrade_revisions and
// the target parsing and walking they use), so that `strata downgrade X`
// reverts exactly what `alembic downgrade X` reverts on any graph, and
// refuses what Alembic refuses (SPEC §10.2). Internal to RevisionGraph,
// which exposes it as upgrade_path() / downgrade_path().
//
// The rules, in Alembic's own terms (checked against Alembic itself by
// tests/e2e/traversal_diff.py on hundreds of random graphs):
// - "lineage" of a revision is its ancestors and descendants by
//   down_revision only; a label stands for the revision declaring it.
// - downgrade to T reverts what descends (by down_revision and depends_on)
//   from T's children by down_revision, among the applied revisions; not
//   what merely depends on T. With LABEL@..., only the children leading to
//   the label's revision are taken, when T has several.
// - a relative step walks by down_revision one revision at a time and fails
//   on a merge (going down) or a branch point (going up): "ambiguous walk".
//   `-N` from several current heads starts from the first version row, as
//   Alembic does (with its warning).
// - upgrade applies the ancestors of the target that are not applied yet.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/revision_graph.h"

namespace strata::core {

class RevisionTraversal {
 public:
  explicit RevisionTraversal(const RevisionGraph& graph);

  std::vector<Step> upgrade(const std::vector<std::string>& current, std::string_view target) const;
  std::vector<Step> downgrade(const std::vector<std::string>& current, std::string_view target) const;

 private:
  using Ids = std::vector<int>;
  /// Walk results besides a revision: Alembic's "base" and its None.
  static constexpr int kFromBase = -1;  ///< as a start: below every base
  static constexpr int kBase = -2;      ///< walked down past a base
  static constexpr int kNowhere = -3;   ///< walked off the graph

  Ids normalized_down(int r) const;  ///< down_revisions + depends_on not already implied
  std::vector<bool> reach(const Ids& from, const std::vector<Ids>& edges, const std::vector<Ids>* extra) const;
  std::vector<bool> ancestors(const Ids& from, bool with_dependencies) const;  ///< inclusive
  std::vector<bool> descendants(const Ids& from, bool with_dependencies) const;
  /// Alembic's check=True: no requested revision may be an ancestor of another.
  void check_no_overlap(const Ids& requested) const;

  /// An id, a label or a partial id (its keys longer than 3 characters).
  int ident(std::string_view ident, std::string_view branch) const;
  /// The label's revision, or the revision an id names.
  int branch_revision(std::string_view branch) const;
  bool shares_lineage(int target, const Ids& against) const;
  /// TARGETS that share lineage with CHECK (a label, an id, `heads`, ...).
  Ids filter_for_lineage(const Ids& targets, std::string_view check) const;
  /// `heads`, `head`, `base`, ids, labels, `LABEL@X`: Alembic's get_revisions.
  Ids revisions(std::string_view symbol) const;
  /// One revision (or kFromBase for base); several heads are an error.
  int revision(std::string_view symbol) const;
  int walk(int start, int steps, std::string_view branch) const;

  /// The revisions an upgrade to TARGET aims at.
  Ids upgrade_targets(const Ids& current, std::string_view target) const;
  /// The downgrade target and its branch ("" if none); kFromBase: base.
  int downgrade_target(const Ids& current, std::string_view target, std::string& branch) const;

  /// TODO's revisions, children first, in the order Alembic runs them.
  Ids alembic_order(std::vector<bool> todo, const Ids& heads) const;
  Ids to_indexes(const std::vector<std::string>& ids) const;

  const RevisionGraph& g_;
  Ids heads_;       ///< no child by down_revision, in file order
  Ids real_heads_;  ///< no child and no dependent
  Ids bases_;       ///< no down_revision
};

}  // namespace strata::core
