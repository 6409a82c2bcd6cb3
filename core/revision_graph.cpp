// Construction, validation and structural queries of RevisionGraph.
// Target resolution and paths live in revision_paths.cpp.
#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/revision_graph.h"

namespace strata::core {

namespace {

std::string where(const RevisionHeader& r) { return r.path.empty() ? r.id : r.path; }

// Words that are targets themselves: an id or label spelled so could never be named.
bool is_keyword(std::string_view s) { return s == "head" || s == "heads" || s == "base" || s == "current"; }

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

RevisionGraph::RevisionGraph(std::vector<RevisionHeader> revisions) : revs_(std::move(revisions)) {
  split_squashes();
  const int n = static_cast<int>(revs_.size());
  by_id_.reserve(revs_.size());
  for (int i = 0; i < n; ++i) {
    const auto& r = revs_[i];
    if (!is_valid_revision_id(r.id))
      throw RevisionError(where(r) + ": invalid revision id '" + r.id + "'");
    if (is_keyword(r.id))
      throw RevisionError(where(r) + ": '" + r.id + "' is a reserved word and cannot be a revision id");
    auto [it, fresh] = by_id_.emplace(r.id, i);
    if (!fresh)
      throw RevisionError("revision " + r.id + " is defined twice: in " + where(revs_[it->second]) +
                          " and in " + where(r));
  }
  for (int i = 0; i < n; ++i) {
    for (const auto& label : revs_[i].branch_labels) {
      if (!is_valid_revision_id(label))
        throw RevisionError(where(revs_[i]) + ": invalid branch label '" + label + "'");
      if (is_keyword(label))
        throw RevisionError(where(revs_[i]) + ": '" + label + "' is a reserved word and cannot be a branch label");
      if (auto other = by_label_.find(label); other != by_label_.end())
        throw RevisionError("branch label '" + label + "' is used by revision " + revs_[other->second].id +
                            " (" + where(revs_[other->second]) + ") and by revision " + revs_[i].id +
                            " (" + where(revs_[i]) + ")");
      if (index_of(label) >= 0)
        throw RevisionError(where(revs_[i]) + ": branch label '" + label + "' is also a revision id");
      by_label_.emplace(label, i);
    }
  }
  down_.resize(n);
  deps_.resize(n);
  children_.resize(n);
  dependents_.resize(n);
  for (int i = 0; i < n; ++i) {
    for (const auto& d : revs_[i].down_revisions) {
      int p = index_of(d);
      if (p < 0)
        throw RevisionError(where(revs_[i]) + ": down_revision '" + d + "' of revision " + revs_[i].id +
                            " names no revision file");
      down_[i].push_back(p);
      children_[p].push_back(i);
    }
    for (const auto& d : revs_[i].depends_on) {
      int p = index_of(d);
      if (p < 0) {
        auto l = by_label_.find(d);
        if (l == by_label_.end())
          throw RevisionError(where(revs_[i]) + ": depends_on '" + d + "' of revision " + revs_[i].id +
                              " names no revision or branch label");
        p = l->second;
      }
      deps_[i].push_back(p);
      dependents_[p].push_back(i);
    }
  }
  check_cycles();
  propagate_labels();
}

void RevisionGraph::check_cycles() const {
  // Iterative three-colour DFS: graphs of 10,000 linear revisions are normal,
  // so recursion depth must not grow with the graph.
  const int n = static_cast<int>(revs_.size());
  std::vector<char> colour(n, 0);  // 0 new, 1 on the stack, 2 done
  std::vector<std::pair<int, size_t>> stack;
  auto edges = [&](int v, size_t k) { return k < down_[v].size() ? down_[v][k] : deps_[v][k - down_[v].size()]; };
  for (int start = 0; start < n; ++start) {
    if (colour[start]) continue;
    stack.push_back({start, 0});
    colour[start] = 1;
    while (!stack.empty()) {
      auto& [v, k] = stack.back();
      if (k == down_[v].size() + deps_[v].size()) {
        colour[v] = 2;
        stack.pop_back();
        continue;
      }
      int next = edges(v, k++);
      if (colour[next] == 1) {
        std::string path;
        bool on = false;
        for (auto& frame : stack) {
          if (frame.first == next) on = true;
          if (on) path += revs_[frame.first].id + " (" + where(revs_[frame.first]) + ") -> ";
        }
        throw RevisionError("the revision graph has a cycle: " + path + revs_[next].id);
      }
      if (colour[next] == 0) {
        colour[next] = 1;
        stack.push_back({next, 0});
      }
    }
  }
}

void RevisionGraph::propagate_labels() {
  // Alembic gives a branch label to every descendant of the revision that
  // declares it, and to its ancestors down to the nearest branch or merge point.
  const int n = static_cast<int>(revs_.size());
  labels_.assign(n, {});
  for (int i = 0; i < n; ++i) {
    const auto& own = revs_[i].branch_labels;
    if (own.empty()) continue;
    std::vector<int> todo{i};
    std::vector<bool> seen(n, false);
    seen[i] = true;
    while (!todo.empty()) {
      int v = todo.back();
      todo.pop_back();
      labels_[v].insert(labels_[v].end(), own.begin(), own.end());
      for (int c : children_[v])
        if (!seen[c]) seen[c] = true, todo.push_back(c);
    }
    for (int v = i; down_[v].size() == 1;) {
      int p = down_[v][0];
      if (children_[p].size() + dependents_[p].size() > 1 || down_[p].size() > 1 || seen[p]) break;
      labels_[p].insert(labels_[p].end(), own.begin(), own.end());
      seen[p] = true;
      v = p;
    }
  }
  for (auto& l : labels_) sort_unique(l);
}

int RevisionGraph::index_of(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? -1 : it->second;
}

const RevisionHeader* RevisionGraph::find(std::string_view id) const {
  int i = index_of(id);
  return i < 0 ? nullptr : &revs_[i];
}

const RevisionHeader& RevisionGraph::get(std::string_view id) const {
  int i = index_of(id);
  if (i >= 0) return revs_[i];
  for (const auto& s : squashes_)
    if (s.id == id) return s;
  throw RevisionError("no such revision '" + std::string(id) + "'");
}

bool RevisionGraph::is_head(std::string_view id) const { return children_[index_of(id)].empty(); }
bool RevisionGraph::is_real_head(std::string_view id) const {
  int i = index_of(id);
  return children_[i].empty() && dependents_[i].empty();
}
bool RevisionGraph::is_branch_point(std::string_view id) const { return children_[index_of(id)].size() > 1; }
bool RevisionGraph::is_merge_point(std::string_view id) const { return down_[index_of(id)].size() > 1; }

std::vector<std::string> RevisionGraph::children(std::string_view id) const {
  auto ids = to_ids(children_[index_of(id)]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> RevisionGraph::parents(std::string_view id) const {
  int i = index_of(id);
  auto out = to_ids(down_[i]);
  for (const auto& d : to_ids(deps_[i]))
    if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
  return out;
}

std::vector<std::string> RevisionGraph::immediate_parents(std::string_view id) const {
  const int i = index_of(id);
  auto out = to_ids(down_[i]);
  if (deps_[i].empty()) return out;
  std::vector<bool> below(revs_.size(), false);
  std::set<int> implied;
  for (Ids todo = down_[i]; !todo.empty();) {
    int v = todo.back();
    todo.pop_back();
    if (below[v]) continue;
    below[v] = true;
    implied.insert(deps_[v].begin(), deps_[v].end());
    todo.insert(todo.end(), down_[v].begin(), down_[v].end());
  }
  for (int d : deps_[i])
    if (!implied.count(d) && std::find(out.begin(), out.end(), revs_[d].id) == out.end()) out.push_back(revs_[d].id);
  return out;
}

std::vector<std::string> RevisionGraph::successors(std::string_view id) const {
  int i = index_of(id);
  auto out = to_ids(children_[i]);
  for (const auto& d : to_ids(dependents_[i]))
    if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
  return out;
}

bool RevisionGraph::shares_lineage(std::string_view a, std::string_view b) const {
  int ia = index_of(a), ib = index_of(b);
  return ancestors({ib})[ia] || ancestors({ia})[ib];
}

std::vector<std::string> RevisionGraph::labels(std::string_view id) const { return labels_[index_of(id)]; }

std::vector<std::string> RevisionGraph::heads() const {
  std::vector<std::string> out;
  for (const auto& id : newest_first())
    if (is_head(id)) out.push_back(id);
  return out;
}

std::vector<std::string> RevisionGraph::real_heads() const {
  std::vector<std::string> out;
  for (const auto& id : newest_first())
    if (is_real_head(id)) out.push_back(id);
  return out;
}

std::vector<std::string> RevisionGraph::unlabelled_heads() const {
  const auto all = heads();
  std::vector<std::string> out;
  for (const auto& h : all) {
    bool own_label = false;
    for (const auto& label : labels(h)) {
      bool shared = false;
      for (const auto& other : all)
        if (other != h) {
          const auto theirs = labels(other);
          shared = shared || std::find(theirs.begin(), theirs.end(), label) != theirs.end();
        }
      own_label = own_label || !shared;
    }
    if (!own_label) out.push_back(h);
  }
  return out;
}

std::vector<std::string> RevisionGraph::bases() const {
  std::vector<std::string> out;
  for (const auto& id : newest_first())
    if (down_[index_of(id)].empty()) out.push_back(id);
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<std::string> RevisionGraph::newest_first() const {
  auto order = to_ids(parents_first(std::vector<bool>(revs_.size(), true)));
  std::reverse(order.begin(), order.end());
  return order;
}

RevisionGraph::Ids RevisionGraph::parents_first(const std::vector<bool>& members) const {
  // Post-order DFS over parents, starting from the members no other member
  // builds on, in id order: deterministic, and one branch is listed whole
  // before the next, as Alembic's history does.
  const int n = static_cast<int>(revs_.size());
  std::vector<int> roots;
  for (int i = 0; i < n; ++i) {
    if (!members[i]) continue;
    bool top = true;
    for (int c : children_[i]) top = top && !members[c];
    for (int c : dependents_[i]) top = top && !members[c];
    if (top) roots.push_back(i);
  }
  auto by_id = [&](int a, int b) { return revs_[a].id > revs_[b].id; };
  std::sort(roots.begin(), roots.end(), by_id);  // reversed: the stack pops the smallest first
  Ids out;
  out.reserve(n);
  std::vector<char> state(n, 0);
  std::vector<std::pair<int, bool>> stack;
  for (int r : roots) stack.push_back({r, false});
  while (!stack.empty()) {
    auto [v, expanded] = stack.back();
    stack.pop_back();
    if (expanded) {
      if (state[v] != 2) out.push_back(v), state[v] = 2;
      continue;
    }
    if (state[v]) continue;
    state[v] = 1;
    stack.push_back({v, true});
    Ids parents = down_[v];
    parents.insert(parents.end(), deps_[v].begin(), deps_[v].end());
    std::sort(parents.begin(), parents.end(), by_id);
    for (int p : parents)
      if (members[p] && !state[p]) stack.push_back({p, false});
  }
  return out;
}

std::vector<bool> RevisionGraph::ancestors(const Ids& from) const {
  std::vector<bool> seen(revs_.size(), false);
  Ids todo = from;
  for (int v : from) seen[v] = true;
  while (!todo.empty()) {
    int v = todo.back();
    todo.pop_back();
    for (const Ids* edges : {&down_[v], &deps_[v]})
      for (int p : *edges)
        if (!seen[p]) seen[p] = true, todo.push_back(p);
  }
  return seen;
}

std::vector<bool> RevisionGraph::descendants(const Ids& from) const {
  std::vector<bool> seen(revs_.size(), false);
  Ids todo = from;
  for (int v : from) seen[v] = true;
  while (!todo.empty()) {
    int v = todo.back();
    todo.pop_back();
    for (const Ids* edges : {&children_[v], &dependents_[v]})
      for (int c : *edges)
        if (!seen[c]) seen[c] = true, todo.push_back(c);
  }
  return seen;
}

RevisionGraph::Ids RevisionGraph::to_indexes(const std::vector<std::string>& ids) const {
  Ids out;
  for (const auto& id : ids) {
    int i = index_of(id);
    if (i < 0) throw RevisionError("can't locate revision identified by '" + id + "'");
    out.push_back(i);
  }
  return out;
}

std::vector<std::string> RevisionGraph::to_ids(const Ids& ids) const {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (int i : ids) out.push_back(revs_[i].id);
  return out;
}

}  // namespace strata::core
