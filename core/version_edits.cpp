#include "core/version_edits.h"

#include <algorithm>

#include "core/error.h"

namespace strata::core {

namespace {

std::set<std::string> with_ancestors(const RevisionGraph& graph, const std::vector<std::string>& heads) {
  std::set<std::string> applied;
  std::vector<std::string> todo;
  for (const auto& h : heads) {
    if (!graph.find(h)) throw graph.unknown_row(h);
    todo.push_back(h);
  }
  while (!todo.empty()) {
    std::string id = todo.back();
    todo.pop_back();
    if (!applied.insert(id).second) continue;
    for (auto& p : graph.parents(id)) todo.push_back(p);
  }
  return applied;
}

}  // namespace

HeadTracker::HeadTracker(const RevisionGraph& graph, const std::vector<std::string>& heads)
    : graph_(graph), applied_(with_ancestors(graph, heads)) {
  // Rows that are ancestors of other rows are not heads; Alembic never writes
  // them, but keep the table's own set so the edits match its rows.
  heads_.insert(heads.begin(), heads.end());
}

std::vector<VersionEdit> HeadTracker::diff(const std::set<std::string>& before) const {
  std::vector<std::string> removed, added;
  std::set_difference(before.begin(), before.end(), heads_.begin(), heads_.end(), std::back_inserter(removed));
  std::set_difference(heads_.begin(), heads_.end(), before.begin(), before.end(), std::back_inserter(added));
  // Pair removals with additions as UPDATEs (Alembic's merge / unmerge / plain
  // step); what is left over becomes DELETEs (branch gone) or INSERTs (new branch).
  std::vector<VersionEdit> edits;
  size_t pairs = std::min(removed.size(), added.size());
  for (size_t i = pairs; i < removed.size(); ++i) edits.push_back({VersionEdit::Kind::kDelete, removed[i], ""});
  for (size_t i = pairs; i < added.size(); ++i) edits.push_back({VersionEdit::Kind::kInsert, "", added[i]});
  for (size_t i = 0; i < pairs; ++i) edits.push_back({VersionEdit::Kind::kUpdate, removed[i], added[i]});
  return edits;
}

std::vector<VersionEdit> HeadTracker::apply(const Step& step) {
  auto before = heads_;
  if (!step.replaces.empty()) {
    // A squash: the rows move as if its revisions ran one after the other,
    // all or nothing (a replaced revision that does not fit leaves the
    // tracker as it was).
    auto applied = applied_;
    try {
      for (const auto& r : step.replaces) apply_one({r, step.upgrade, {}});
    } catch (...) {
      applied_ = std::move(applied);
      heads_ = before;
      throw;
    }
  } else {
    apply_one(step);
  }
  return diff(before);
}

void HeadTracker::apply_one(const Step& step) {
  const std::string& id = step.revision;
  if (step.upgrade) {
    if (applied_.count(id)) throw RevisionError("revision " + id + " is already applied");
    for (const auto& p : graph_.parents(id))
      if (!applied_.count(p)) throw RevisionError("revision " + id + " needs " + p + ", which is not applied");
    applied_.insert(id);
  } else {
    if (!applied_.count(id)) throw RevisionError("revision " + id + " is not applied");
    for (const auto& s : graph_.successors(id))
      if (applied_.count(s)) throw RevisionError("revision " + id + " still has " + s + " applied above it");
    applied_.erase(id);
  }
  if (!alembic_rows(step)) heads_ = heads_of_applied();
}

// Alembic's HeadMaintainer.update_to_step, rule by rule, so the rows are
// Alembic's exactly (an unmerge can leave a row that is an ancestor of
// another row, and Alembic keeps it). Returns false, changing nothing, where
// Alembic's own rules fail on the rows (it stops with an assertion): the
// caller then writes the heads of the applied set.
bool HeadTracker::alembic_rows(const Step& step) {
  const std::string& id = step.revision;
  const auto downs = graph_.immediate_parents(id);
  auto in_rows = [&](const std::string& r) { return heads_.count(r) > 0; };
  // What the rows other than EXCEPT stand on, dependencies included.
  auto below_others = [&](const std::set<std::string>& except) {
    std::vector<std::string> others;
    for (const auto& h : heads_)
      if (!except.count(h)) others.push_back(h);
    return with_ancestors(graph_, others);
  };
  std::set<std::string> rows = heads_;
  if (step.upgrade) {
    const auto present = std::count_if(downs.begin(), downs.end(), in_rows);
    if (present == 0) {  // a new branch (a base, or its parents are covered by other rows)
      rows.insert(id);
    } else if (downs.size() > 1 && present > 1) {  // a merge of rows
      auto covered = below_others({downs.begin(), downs.end()});
      size_t erased = 0;
      for (const auto& d : downs)
        if (!covered.count(d)) {
          if (!rows.erase(d)) return false;
          ++erased;
        }
      if (erased == 0) return false;  // Alembic has no row to update here
      rows.insert(id);
    } else {
      auto from = std::find_if(downs.begin(), downs.end(), in_rows);
      rows.erase(*from);
      rows.insert(id);
    }
  } else {
    if (!in_rows(id)) return false;
    rows.erase(id);
    if (downs.size() == 1 && !below_others({id}).count(downs[0])) {
      rows.insert(downs[0]);
    } else if (downs.size() > 1) {  // an unmerge: the parents no other row stands on
      auto covered = below_others({id});
      for (const auto& d : downs)
        if (!covered.count(d)) rows.insert(d);
    }
  }
  heads_ = std::move(rows);
  return true;
}

std::set<std::string> HeadTracker::heads_of_applied() const {
  std::set<std::string> out;
  for (const auto& a : applied_) {
    bool covered = false;
    for (const auto& s : graph_.successors(a)) covered = covered || applied_.count(s);
    if (!covered) out.insert(a);
  }
  return out;
}

std::vector<VersionEdit> HeadTracker::reset(const std::vector<std::string>& target_heads) {
  auto before = heads_;
  applied_ = with_ancestors(graph_, target_heads);
  // Keep only the true heads of the target set.
  std::set<std::string> minimal;
  for (const auto& h : target_heads) {
    bool covered = false;
    for (const auto& s : graph_.successors(h)) covered = covered || applied_.count(s);
    if (!covered) minimal.insert(h);
  }
  heads_ = minimal;
  return diff(before);
}

}  // namespace strata::core
