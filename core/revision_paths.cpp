// Target resolution and upgrade/downgrade paths of RevisionGraph, following
// Alembic's rules: `heads` means every real head, `head` must be unique,
// partial ids must be unambiguous, relative targets walk the graph and fail
// when they cross a branch point or run off its end.
#include <algorithm>

#include "core/error.h"
#include "core/text.h"
#include "core/revision_graph.h"
#include "core/revision_traversal.h"

namespace strata::core {

namespace {

std::string relative_text(const Target& t) {
  std::string s = t.branch.empty() ? "" : t.branch + "@";
  s += t.symbol;
  if (t.relative) {
    if (*t.relative >= 0) s += '+';
    s += std::to_string(*t.relative);
  }
  return s;
}

}  // namespace

int RevisionGraph::lookup(std::string_view ident, const std::string& branch) const {
  int found = index_of(ident);
  if (found < 0) {
    if (auto l = by_label_.find(std::string(ident)); l != by_label_.end()) found = l->second;
  }
  std::vector<bool> lineage;
  if (!branch.empty()) {
    lineage.assign(revs_.size(), false);
    for (int m : branch_members(branch)) lineage[m] = true;
  }
  if (found < 0) {
    std::vector<std::string> candidates;
    for (size_t i = 0; i < revs_.size(); ++i)
      if (revs_[i].id.starts_with(ident) && (lineage.empty() || lineage[i])) candidates.push_back(revs_[i].id);
    if (candidates.empty())
      throw RevisionError("no such revision or branch '" + std::string(ident) + "'");
    if (candidates.size() > 1) {
      std::sort(candidates.begin(), candidates.end());
      throw RevisionError("multiple revisions start with '" + std::string(ident) + "': " + join(candidates));
    }
    found = index_of(candidates[0]);
  }
  if (!lineage.empty() && !lineage[found])
    throw RevisionError("revision " + revs_[found].id + " is not a member of branch '" + branch + "'");
  return found;
}

RevisionGraph::Ids RevisionGraph::branch_members(const std::string& label) const {
  // A label, or (as Alembic allows) a revision id standing for its lineage.
  Ids out;
  if (by_label_.count(label)) {
    for (size_t i = 0; i < revs_.size(); ++i)
      if (std::binary_search(labels_[i].begin(), labels_[i].end(), label)) out.push_back(static_cast<int>(i));
    return out;
  }
  int rev = index_of(label);
  if (rev < 0) throw RevisionError("no such branch: '" + label + "'");
  auto up = descendants({rev}), down = ancestors({rev});
  for (size_t i = 0; i < revs_.size(); ++i)
    if (up[i] || down[i]) out.push_back(static_cast<int>(i));
  return out;
}

RevisionGraph::Ids RevisionGraph::walk(Ids from, int steps, std::string_view target,
                                       const std::vector<bool>& scope) const {
  auto in_scope = [&](int i) { return scope.empty() || scope[i]; };
  auto fail = [&](const std::string& why) {
    return RevisionError("relative revision '" + std::string(target) + "' " + why);
  };
  for (int k = 0; k < std::abs(steps); ++k) {
    Ids next;
    if (steps > 0) {
      if (from.empty()) {
        for (size_t i = 0; i < revs_.size(); ++i)
          if (down_[i].empty() && in_scope(static_cast<int>(i))) next.push_back(static_cast<int>(i));
      } else {
        for (int v : from)
          for (int c : children_[v])
            if (in_scope(c)) next.push_back(c);
      }
      if (next.size() > 1) {
        auto ids = to_ids(next);
        std::sort(ids.begin(), ids.end());
        throw fail("is ambiguous: it can go to " + join(ids) + "; name a revision or use LABEL@+N");
      }
    } else {
      if (from.empty()) throw fail("goes below base");
      for (int v : from) next.insert(next.end(), down_[v].begin(), down_[v].end());
    }
    if (next.empty() && steps > 0)
      throw fail("didn't produce " + std::to_string(std::abs(steps)) + " migrations");
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    from = std::move(next);
  }
  return from;
}

std::vector<bool> RevisionGraph::branch_scope(const std::string& branch) const {
  if (branch.empty()) return {};
  // The branch's own revisions (the label spreads to descendants, merges
  // included) and what the labelled revision grows from; not the ancestors
  // of a merge, which would bring in the sibling branches it joins.
  int root = -1;
  if (auto l = by_label_.find(branch); l != by_label_.end()) root = l->second;
  else root = index_of(branch);
  std::vector<bool> scope = root >= 0 ? ancestors({root}) : std::vector<bool>(revs_.size(), false);
  for (int m : branch_members(branch)) scope[m] = true;
  return scope;
}

RevisionGraph::Ids RevisionGraph::resolve_indexes(const Target& t, const Ids& current, bool current_is_heads) const {
  std::vector<bool> lineage;
  if (!t.branch.empty()) {
    lineage.assign(revs_.size(), false);
    for (int m : branch_members(t.branch)) lineage[m] = true;
  }
  // A relative step on a branch moves along the branch and what it grows
  // from (Alembic counts the branch point in), not into sibling branches.
  const std::vector<bool> scope = branch_scope(t.branch);
  auto in_branch = [&](Ids v) {
    if (!lineage.empty()) std::erase_if(v, [&](int i) { return !lineage[i]; });
    return v;
  };
  auto head_set = [&](bool real) {
    Ids out;
    for (size_t i = 0; i < revs_.size(); ++i)
      if (children_[i].empty() && (!real || dependents_[i].empty())) out.push_back(static_cast<int>(i));
    return in_branch(out);
  };
  Ids origin;
  if (t.symbol == "heads") {
    origin = head_set(lineage.empty());
  } else if (t.symbol == "head") {
    origin = head_set(false);
    if (origin.size() > 1) {
      auto ids = to_ids(origin);
      std::sort(ids.begin(), ids.end());
      throw RevisionError("multiple heads are present for target '" + relative_text(t) + "': " + join(ids) +
                          "; name one, use LABEL@head or 'heads', or merge them");
    }
  } else if (t.symbol == "base") {
    origin = {};
  } else if (t.symbol.empty() && !scope.empty()) {  // LABEL@+N / LABEL@-N: from the branch's position
    auto applied = ancestors(current_is_heads ? head_set(false) : current);
    std::vector<bool> mine(revs_.size(), false);
    for (size_t i = 0; i < revs_.size(); ++i) mine[i] = applied[i] && scope[i];
    for (size_t i = 0; i < revs_.size(); ++i) {
      if (!mine[i]) continue;
      bool top = std::none_of(children_[i].begin(), children_[i].end(), [&](int c) { return mine[c]; });
      if (top) origin.push_back(static_cast<int>(i));
    }
    if (origin.size() > 1) {
      auto ids = to_ids(origin);
      std::sort(ids.begin(), ids.end());
      throw RevisionError("relative target '" + relative_text(t) + "' is ambiguous: branch '" + t.branch +
                          "' is at several revisions (" + join(ids) + ")");
    }
  } else if (t.symbol.empty()) {  // relative to the current revisions
    origin = in_branch(current_is_heads ? head_set(false) : current);
    if (origin.size() > 1) {
      auto ids = to_ids(origin);
      std::sort(ids.begin(), ids.end());
      throw RevisionError("relative target '" + relative_text(t) + "' is ambiguous with several current heads (" +
                          join(ids) + "); use LABEL@" + (*t.relative >= 0 ? "+" : "") +
                          std::to_string(*t.relative) + " or REV" + (*t.relative >= 0 ? "+" : "") +
                          std::to_string(*t.relative));
    }
  } else {
    origin = {lookup(t.symbol, t.branch)};
  }
  if (t.relative) origin = walk(origin, *t.relative, relative_text(t), t.symbol.empty() ? scope : std::vector<bool>{});
  return origin;
}

std::vector<std::string> RevisionGraph::resolve(std::string_view target, const std::vector<std::string>& current,
                                                bool current_is_heads) const {
  return to_ids(resolve_indexes(parse_target(target), to_indexes(current), current_is_heads));
}

std::string RevisionGraph::resolve_one(std::string_view target) const {
  auto ids = resolve(target, {}, true);
  if (ids.size() != 1)
    throw RevisionError("target '" + std::string(target) + "' names " +
                        (ids.empty() ? std::string("no revision") : "several revisions: " + join(ids)));
  return ids[0];
}

std::vector<std::string> RevisionGraph::history_range(std::string_view range) const {
  auto colon = range.find(':');
  if (colon == std::string_view::npos)
    throw RevisionError("history range requires [start]:[end], [start]:, or :[end] (got '" + std::string(range) + "')");
  std::string_view lo = range.substr(0, colon), hi = range.substr(colon + 1);
  Ids upper = resolve_indexes(parse_target(hi.empty() ? "heads" : hi), {}, true);
  Ids lower = resolve_indexes(parse_target(lo.empty() ? "base" : lo), {}, true);
  auto below = ancestors(upper);
  std::vector<bool> above = lower.empty() ? std::vector<bool>(revs_.size(), true) : descendants(lower);
  std::vector<std::string> out;
  for (const auto& id : newest_first()) {
    int i = index_of(id);
    if (below[i] && above[i]) out.push_back(id);
  }
  // A reversed or crossed range (a3:a2, or two separate branches) is a
  // mistake, not an empty history: Alembic refuses it too.
  if (out.empty() && !lower.empty() && !upper.empty())
    throw RevisionError("requested range " + std::string(range) +
                        " does not refer to ancestor/descendant revisions along the same branch");
  return out;
}

std::vector<Step> RevisionGraph::upgrade_path(const std::vector<std::string>& current, std::string_view target) const {
  auto steps = RevisionTraversal(*this).upgrade(current, target);
  substitute_squashes(steps);
  return steps;
}

std::vector<Step> RevisionGraph::downgrade_path(const std::vector<std::string>& current,
                                                std::string_view target) const {
  return RevisionTraversal(*this).downgrade(current, target);
}

std::vector<std::string> RevisionGraph::all_current(const std::vector<std::string>& rows) const {
  auto applied = ancestors(to_indexes(rows));
  std::vector<std::string> out;
  for (const auto& id : newest_first()) {
    int i = index_of(id);
    if (!applied[i]) continue;
    if (std::none_of(children_[i].begin(), children_[i].end(), [&](int c) { return applied[c]; })) out.push_back(id);
  }
  return out;
}

}  // namespace strata::core
