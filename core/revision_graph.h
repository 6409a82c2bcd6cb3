// RevisionGraph: the migration graph built from revision headers alone. It is
// a pure value with no I/O (Alembic's RevisionMap): it validates the graph
// (duplicate ids, unknown parents, cycles, labels used twice), answers the
// structural questions the listing commands need (heads, bases, branch and
// merge points, inherited branch labels), resolves targets, and computes the
// ordered revisions an upgrade or downgrade applies. Errors are
// RevisionError (exit 2) and name the file involved.
//
// Edges: a revision's parents are its down_revisions plus its depends_on
// (resolved to ids). "Children" (Alembic's nextrev) follow down_revisions
// only; "dependents" follow depends_on. Ancestry and descent use both.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/revision.h"
#include "core/target.h"

namespace strata::core {

/// One revision to run, in order, and the direction.
struct Step {
  std::string revision;
  bool upgrade = true;
  /// A squash run in place of these revisions (its `replaces`); empty otherwise.
  std::vector<std::string> replaces = {};
};

class RevisionGraph {
 public:
  /// Builds and validates the graph; throws RevisionError.
  explicit RevisionGraph(std::vector<RevisionHeader> revisions);

  const std::vector<RevisionHeader>& revisions() const { return revs_; }
  const RevisionHeader* find(std::string_view id) const;
  /// Exact id, of a revision or of a squash whose originals are present; throws.
  const RevisionHeader& get(std::string_view id) const;

  /// Squashes whose replaced revisions all still have their files. They are
  /// not part of the graph: an upgrade that would apply all of their
  /// revisions to a database holding none of them runs the squash instead.
  /// (A squash whose originals were deleted is the graph's node for the last
  /// revision it replaces.)
  const std::vector<RevisionHeader>& squashes() const { return squashes_; }
  /// The error for a version row that names no revision: it says when the
  /// revision was replaced by a squash whose originals were deleted.
  RevisionError unknown_row(const std::string& id) const;

  /// Structural facts, as Alembic defines them.
  bool is_head(std::string_view id) const;       ///< no child by down_revision
  bool is_real_head(std::string_view id) const;  ///< no child and no dependent
  bool is_branch_point(std::string_view id) const;
  bool is_merge_point(std::string_view id) const;
  std::vector<std::string> children(std::string_view id) const;
  /// down_revisions plus resolved depends_on: what must be applied first.
  std::vector<std::string> parents(std::string_view id) const;
  /// Alembic's "normalized" down revisions: down_revisions plus the
  /// depends_on that no ancestor (by down_revision) already depends on. The
  /// version-table rules (HeadTracker) work on these.
  std::vector<std::string> immediate_parents(std::string_view id) const;
  /// children plus dependents: what must be reverted first.
  std::vector<std::string> successors(std::string_view id) const;
  /// True when A is an ancestor or a descendant of B (or is B).
  bool shares_lineage(std::string_view a, std::string_view b) const;
  /// Own labels plus those inherited from labelled ancestors, sorted.
  std::vector<std::string> labels(std::string_view id) const;

  /// What `current` shows for version rows ROWS (Alembic's get_all_current):
  /// the applied revisions, dependencies included, that no applied revision
  /// follows by down_revision. A revision applied only because another
  /// depends on it shows too.
  std::vector<std::string> all_current(const std::vector<std::string>& rows) const;

  std::vector<std::string> heads() const;       ///< is_head revisions, newest-first order
  std::vector<std::string> real_heads() const;  ///< is_real_head revisions
  /// The heads that no branch label of their own sets apart: a head whose
  /// effective labels include one no other head has is a branch on purpose
  /// (Alembic's labelled branches, `LABEL@head`). Two or more of these are
  /// the "Multiple head revisions" a merge or a rebase should join.
  std::vector<std::string> unlabelled_heads() const;
  std::vector<std::string> bases() const;

  /// Every revision, newest first (children before parents), deterministic.
  std::vector<std::string> newest_first() const;

  /// Resolves TARGET to revision ids (empty: base). CURRENT is the database's
  /// heads, used by relative targets; without a database pass `heads` semantics
  /// through `current_is_heads`.
  std::vector<std::string> resolve(std::string_view target, const std::vector<std::string>& current,
                                   bool current_is_heads = false) const;
  /// Resolves a target that must name exactly one revision.
  std::string resolve_one(std::string_view target) const;

  /// The revisions of `history -r START:END` (either may be empty), newest first.
  std::vector<std::string> history_range(std::string_view range) const;

  /// Revisions to apply, parents first, to go from CURRENT up to TARGET.
  std::vector<Step> upgrade_path(const std::vector<std::string>& current, std::string_view target) const;
  /// Revisions to revert, children first, to go from CURRENT down to TARGET.
  std::vector<Step> downgrade_path(const std::vector<std::string>& current, std::string_view target) const;

 private:
  friend class RevisionTraversal;  // Alembic's upgrade/downgrade rules (revision_traversal.h)
  using Ids = std::vector<int>;
  int index_of(std::string_view id) const;  ///< -1 when absent
  int lookup(std::string_view ident, const std::string& branch) const;  ///< id, label or partial id
  Ids resolve_indexes(const Target& t, const Ids& current, bool current_is_heads) const;
  /// Steps from FROM; upward steps stay inside SCOPE when it is not empty.
  Ids walk(Ids from, int steps, std::string_view target, const std::vector<bool>& scope) const;
  /// A branch label's revisions and everything below them (empty: no branch).
  std::vector<bool> branch_scope(const std::string& branch) const;
  Ids branch_members(const std::string& label) const;
  std::vector<bool> ancestors(const Ids& from) const;    ///< inclusive, with depends_on
  std::vector<bool> descendants(const Ids& from) const;  ///< inclusive, with dependents
  Ids parents_first(const std::vector<bool>& members) const;
  Ids to_indexes(const std::vector<std::string>& ids) const;
  std::vector<std::string> to_ids(const Ids& ids) const;
  void check_cycles() const;
  void split_squashes();
  void substitute_squashes(std::vector<Step>& steps) const;
  void propagate_labels();

  std::vector<RevisionHeader> revs_;
  std::unordered_map<std::string_view, int> by_id_;     ///< views into revs_
  std::unordered_map<std::string, int> by_label_;       ///< label -> revision declaring it
  std::vector<Ids> down_;        ///< down_revisions
  std::vector<Ids> deps_;        ///< depends_on, resolved
  std::vector<Ids> children_;    ///< reverse of down_
  std::vector<Ids> dependents_;  ///< reverse of deps_
  std::vector<std::vector<std::string>> labels_;  ///< effective labels
  std::vector<RevisionHeader> squashes_;
  /// Revisions replaced by a squash and deleted: id -> the squash's file.
  std::unordered_map<std::string, std::string> deleted_by_squash_;
};

}  // namespace strata::core
