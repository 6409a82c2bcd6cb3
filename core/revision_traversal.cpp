// Alembic 1.8's traversal rules; see revision_traversal.h. Written from
// Alembic's documented behaviour and its RevisionMap, with strata's own
// error messages (every refusal is a RevisionError: exit 2, nothing run).
#include "core/revision_traversal.h"

#include <algorithm>

#include "core/error.h"
#include "core/text.h"

namespace strata::core {


RevisionTraversal::RevisionTraversal(const RevisionGraph& graph) : g_(graph) {
  const int n = static_cast<int>(g_.revs_.size());
  for (int r = 0; r < n; ++r) {
    if (g_.children_[r].empty()) heads_.push_back(r);
    if (g_.children_[r].empty() && g_.dependents_[r].empty()) real_heads_.push_back(r);
    if (g_.down_[r].empty()) bases_.push_back(r);
  }
}

RevisionTraversal::Ids RevisionTraversal::normalized_down(int r) const {
  Ids out;
  for (const auto& id : g_.immediate_parents(g_.revs_[r].id)) out.push_back(g_.index_of(id));
  return out;
}

// Everything reachable from FROM (inclusive) along EDGES, and along EXTRA too
// when given: down_revisions and depends_on for ancestors, children and
// dependents for descendants.
std::vector<bool> RevisionTraversal::reach(const Ids& from, const std::vector<Ids>& edges,
                                           const std::vector<Ids>* extra) const {
  std::vector<bool> seen(g_.revs_.size(), false);
  Ids todo(from.begin(), from.end());
  while (!todo.empty()) {
    int v = todo.back();
    todo.pop_back();
    if (v < 0 || seen[v]) continue;
    seen[v] = true;
    todo.insert(todo.end(), edges[v].begin(), edges[v].end());
    if (extra) todo.insert(todo.end(), (*extra)[v].begin(), (*extra)[v].end());
  }
  return seen;
}

std::vector<bool> RevisionTraversal::ancestors(const Ids& from, bool with_dependencies) const {
  return reach(from, g_.down_, with_dependencies ? &g_.deps_ : nullptr);
}

std::vector<bool> RevisionTraversal::descendants(const Ids& from, bool with_dependencies) const {
  return reach(from, g_.children_, with_dependencies ? &g_.dependents_ : nullptr);
}

void RevisionTraversal::check_no_overlap(const Ids& requested) const {
  for (int r : requested) {
    auto below = ancestors({r}, true);
    for (int other : requested)
      if (other != r && below[other])
        throw RevisionError("requested revision " + g_.revs_[r].id + " overlaps with other requested revision " +
                            g_.revs_[other].id + " (one is an ancestor of the other)");
  }
}

int RevisionTraversal::branch_revision(std::string_view branch) const {
  if (int r = g_.index_of(branch); r >= 0) return r;
  if (auto l = g_.by_label_.find(std::string(branch)); l != g_.by_label_.end()) return l->second;
  try {
    return ident(branch, "");
  } catch (const RevisionError&) {
    throw RevisionError("no such branch: '" + std::string(branch) + "'");
  }
}

int RevisionTraversal::ident(std::string_view name, std::string_view branch) const {
  const int branch_rev = branch.empty() ? -1 : branch_revision(branch);
  int found = g_.index_of(name);
  if (found < 0)
    if (auto l = g_.by_label_.find(std::string(name)); l != g_.by_label_.end()) found = l->second;
  if (found < 0) {
    // A partial id: Alembic matches keys (ids and labels) longer than three characters.
    std::vector<std::pair<std::string, int>> candidates;
    for (size_t i = 0; i < g_.revs_.size(); ++i)
      if (g_.revs_[i].id.size() > 3 && g_.revs_[i].id.starts_with(name))
        candidates.push_back({g_.revs_[i].id, static_cast<int>(i)});
    for (const auto& [label, owner] : g_.by_label_)
      if (label.size() > 3 && label.starts_with(name)) candidates.push_back({label, owner});
    if (branch_rev >= 0)
      std::erase_if(candidates, [&](const auto& c) { return !shares_lineage(c.second, {branch_rev}); });
    if (candidates.empty())
      throw RevisionError("no such revision or branch '" + std::string(name) + "'" +
                          (name.size() < 4 ? "; a partial revision id needs at least four characters" : ""));
    if (candidates.size() > 1) {
      std::vector<std::string> names;
      for (const auto& c : candidates) names.push_back(c.first);
      std::sort(names.begin(), names.end());
      throw RevisionError("multiple revisions start with '" + std::string(name) + "': " + join(names));
    }
    found = candidates[0].second;
  }
  if (branch_rev >= 0 && !shares_lineage(found, {branch_rev}))
    throw RevisionError("revision " + g_.revs_[found].id + " is not a member of branch '" + std::string(branch) + "'");
  return found;
}

bool RevisionTraversal::shares_lineage(int target, const Ids& against) const {
  if (against.empty()) return true;
  auto up = descendants({target}, false), down = ancestors({target}, false);
  return std::any_of(against.begin(), against.end(), [&](int a) { return a >= 0 && (up[a] || down[a]); });
}

RevisionTraversal::Ids RevisionTraversal::filter_for_lineage(const Ids& targets, std::string_view check) const {
  // CHECK names what to share lineage with: its branch part and what its
  // symbol resolves to (`heads` is every real head, `base` nothing).
  Ids against;
  std::string_view symbol = check;
  if (auto at = check.find('@'); at != std::string_view::npos) {
    against.push_back(branch_revision(check.substr(0, at)));
    symbol = check.substr(at + 1);
  }
  if (symbol == "heads") against.insert(against.end(), real_heads_.begin(), real_heads_.end());
  else if (symbol == "head") for (int h : revisions(check)) against.push_back(h);
  else if (!symbol.empty() && symbol != "base") against.push_back(ident(symbol, ""));
  Ids out;
  for (int t : targets)
    if (shares_lineage(t, against)) out.push_back(t);
  return out;
}

RevisionTraversal::Ids RevisionTraversal::revisions(std::string_view symbol) const {
  std::string branch;
  if (auto at = symbol.find('@'); at != std::string_view::npos) {
    branch = std::string(symbol.substr(0, at));
    symbol = symbol.substr(at + 1);
  }
  if (symbol == "heads") return branch.empty() ? real_heads_ : filter_for_lineage(heads_, branch);
  if (symbol == "head") {
    Ids found = branch.empty() ? heads_ : filter_for_lineage(heads_, branch);
    if (found.size() > 1) {
      std::vector<std::string> ids;
      for (int h : found) ids.push_back(g_.revs_[h].id);
      std::sort(ids.begin(), ids.end());
      throw RevisionError("multiple heads are present for target '" + (branch.empty() ? "" : branch + "@") +
                          "head': " + join(ids) + "; name one, use LABEL@head or 'heads', or merge them");
    }
    return found;
  }
  if (symbol == "base" || symbol.empty()) return {};
  return {ident(symbol, branch)};
}

int RevisionTraversal::revision(std::string_view symbol) const {
  Ids found = revisions(symbol);
  if (found.size() > 1) {
    std::vector<std::string> ids;
    for (int h : found) ids.push_back(g_.revs_[h].id);
    std::sort(ids.begin(), ids.end());
    throw RevisionError("multiple heads are present for target '" + std::string(symbol) + "': " + join(ids) +
                        "; name one revision");
  }
  return found.empty() ? kFromBase : found[0];
}

int RevisionTraversal::walk(int start, int steps, std::string_view branch) const {
  int at = start;
  for (int k = 0; k < std::abs(steps); ++k) {
    Ids next;
    if (steps > 0) {
      if (at == kBase) return kNowhere;
      const Ids& up = at == kFromBase ? bases_ : g_.children_[at];
      next = branch.empty() ? up : filter_for_lineage(up, branch);
    } else if (at != kBase) {
      next = at == kFromBase ? heads_ : g_.down_[at];
      if (next.empty()) next = {kBase};
    }
    if (next.empty()) return kNowhere;
    if (next.size() > 1) {
      std::vector<std::string> ids;
      for (int r : next) ids.push_back(g_.revs_[r].id);
      std::sort(ids.begin(), ids.end());
      throw RevisionError(std::string("relative step is ambiguous: ") + (steps > 0 ? "going up from " : "going down from ") +
                          (at == kFromBase ? std::string("base") : g_.revs_[at].id) + " leads to " + join(ids) +
                          "; name a revision instead");
    }
    at = next[0];
  }
  return at;
}

RevisionTraversal::Ids RevisionTraversal::to_indexes(const std::vector<std::string>& ids) const {
  Ids out;
  for (const auto& id : ids) {
    int i = g_.index_of(id);
    if (i < 0) throw g_.unknown_row(id);
    out.push_back(i);
  }
  return out;
}

}  // namespace strata::core
