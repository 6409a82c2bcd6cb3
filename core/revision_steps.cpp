// Upgrade and downgrade targets and the revisions they run, by Alembic 1.8's
// rules (see revision_traversal.h); the helpers are in revision_traversal.cpp.
#include <algorithm>
#include <optional>
#include <set>

#include "core/error.h"
#include "core/revision_traversal.h"
#include "core/text.h"

namespace strata::core {

namespace {

struct Relative {
  std::string branch, symbol;
  long long steps = 0;
};

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }

// Alembic's relative form `[BRANCH@][SYMBOL](+|-)N`, matched as its regular
// expression `(?:(.+?)@)?(\w+)?((?:\+|-)\d+)` matches a prefix: the branch
// is the shortest text before an '@' that lets the rest match.
std::optional<Relative> match_rest(std::string_view rest) {
  size_t i = 0;
  while (i < rest.size() && is_word(rest[i])) ++i;
  if (i >= rest.size() || (rest[i] != '+' && rest[i] != '-')) return std::nullopt;
  size_t digits = i + 1;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
  if (digits == i + 1) return std::nullopt;
  Relative r;
  r.symbol = std::string(rest.substr(0, i));
  std::string number(rest.substr(i + 1, digits - i - 1));
  if (number.size() > 6) throw RevisionError("relative revision '" + std::string(rest) + "' is too large");
  r.steps = std::stoll(number) * (rest[i] == '-' ? -1 : 1);
  return r;
}

std::optional<Relative> parse_relative(std::string_view target) {
  for (size_t at = target.find('@'); at != std::string_view::npos; at = target.find('@', at + 1)) {
    if (at == 0) continue;
    if (auto r = match_rest(target.substr(at + 1))) {
      r->branch = std::string(target.substr(0, at));
      return r;
    }
  }
  return match_rest(target);
}

RevisionError did_not_produce(std::string_view target, long long steps) {
  return RevisionError("relative revision '" + std::string(target) + "' didn't produce " +
                       std::to_string(steps < 0 ? -steps : steps) + " migrations");
}

}  // namespace

RevisionTraversal::Ids RevisionTraversal::alembic_order(std::vector<bool> todo, const Ids& heads) const {
  // Alembic's _topological_sort: walk down from the heads (in file order),
  // one line of history at a time, switching to another head whenever the
  // next revision is still below it. The order decides how the version rows
  // move through merges, so it is Alembic's, not any valid order.
  Ids current;
  for (size_t i = 0; i < todo.size(); ++i)
    if (todo[i] && std::find(heads.begin(), heads.end(), static_cast<int>(i)) != heads.end())
      current.push_back(static_cast<int>(i));
  std::vector<std::vector<bool>> below;
  for (int h : current) below.push_back(ancestors({h}, true));
  Ids out;
  size_t at = 0;
  const size_t n = todo.size(), limit = 4 * n * n + 64;  // a guard: the walk is finite on any DAG
  for (size_t rounds = 0; !current.empty() && rounds < limit; ++rounds) {
    const int candidate = current[at];
    bool blocked = false;
    for (size_t other = 0; other < current.size() && !blocked; ++other)
      if (other != at && below[other][candidate]) at = other, blocked = true;
    if (blocked) continue;
    if (todo[candidate]) {
      out.push_back(candidate);
      todo[candidate] = false;
    }
    Ids next;
    for (int d : normalized_down(candidate))
      if (todo[d] && std::find(current.begin(), current.end(), d) == current.end()) next.push_back(d);
    if (next.empty()) {
      current.erase(current.begin() + static_cast<long>(at));
      below.erase(below.begin() + static_cast<long>(at));
      at = at > 0 ? at - 1 : 0;
    } else if (g_.down_[candidate].size() == 1 && normalized_down(candidate).size() == 1) {
      current[at] = next[0];
      below[at][candidate] = false;
    } else {
      current[at] = next[0];
      below[at] = ancestors({next[0]}, true);
      for (size_t k = 1; k < next.size(); ++k) {
        current.push_back(next[k]);
        below.push_back(ancestors({next[k]}, true));
      }
    }
  }
  // Revisions the walk cannot reach (Alembic stops on an assertion there):
  // any order that respects the graph.
  if (!current.empty() || std::find(todo.begin(), todo.end(), true) != todo.end()) {
    std::vector<bool> all(n, false);
    for (int r : out) all[r] = true;
    for (size_t i = 0; i < n; ++i) all[i] = all[i] || todo[i];
    out = g_.parents_first(all);
    std::reverse(out.begin(), out.end());
  }
  return out;
}

RevisionTraversal::Ids RevisionTraversal::upgrade_targets(const Ids& current, std::string_view target) const {
  auto rel = parse_relative(target);
  if (!rel) return revisions(target);
  const int steps = static_cast<int>(rel->steps);
  int found = kNowhere;
  if (steps > 0 && rel->symbol.empty()) {
    // +N from where the database is; LABEL@+N from where that branch is.
    Ids start = current.empty() ? Ids{kFromBase} : current;
    if (!rel->branch.empty()) {
      start = filter_for_lineage(current, rel->branch);
      if (start.empty()) {
        // The branch is not at a version row: start from the tip of its
        // applied part, or from base when none of it is applied.
        auto applied = ancestors(current, true);
        Ids active;
        for (size_t i = 0; i < applied.size(); ++i)
          if (applied[i]) active.push_back(static_cast<int>(i));
        active = filter_for_lineage(active, rel->branch);
        std::set<int> below;
        for (int a : active)
          for (int d : normalized_down(a)) below.insert(d);
        for (int a : active)
          if (!below.count(a)) start.push_back(a);
        if (start.empty()) start = {kFromBase};
      }
    }
    if (start.size() > 1)
      throw RevisionError("relative target '" + std::string(target) +
                          "' is ambiguous from several current revisions; use LABEL@+N or REV+N");
    found = walk(start[0], steps, rel->branch);
  } else if (steps > 0) {
    found = walk(revision(rel->symbol), steps, rel->branch);
  } else {
    if (rel->symbol.empty()) throw did_not_produce(target, steps);  // upgrade to "current - N"
    found = walk(revision(rel->branch.empty() ? rel->symbol : rel->branch + "@" + rel->symbol), steps, "");
    if (found == kBase) return {};
  }
  if (found == kNowhere) throw did_not_produce(target, steps);
  return {found};
}

int RevisionTraversal::downgrade_target(const Ids& current, std::string_view target, std::string& branch) const {
  auto rel = parse_relative(target);
  if (!rel) {
    // An absolute target: the branch is what precedes its last '@'.
    auto at = target.rfind('@');
    branch = at == std::string_view::npos ? "" : std::string(target.substr(0, at));
    return revision(at == std::string_view::npos ? target : target.substr(at + 1));
  }
  const int steps = static_cast<int>(rel->steps);
  branch = rel->branch;
  if (steps >= 0) {
    if (rel->symbol.empty()) throw did_not_produce(target, steps);  // downgrade to "current + N"
    int found = walk(revision(rel->symbol), steps, rel->branch);
    if (found == kNowhere) throw did_not_produce(target, steps);
    return found;
  }
  std::string symbol = rel->symbol;
  if (symbol.empty()) {
    if (!branch.empty()) {
      // LABEL@-N: from the version row on that branch, or from the applied
      // revision heading it when the row is further up another line.
      Ids on_branch = filter_for_lineage(current, branch);
      if (on_branch.empty()) {
        auto applied = ancestors(current, true);
        Ids tops;
        for (size_t i = 0; i < applied.size(); ++i) {
          if (!applied[i]) continue;
          auto above = descendants({static_cast<int>(i)}, false);
          bool top = true;
          for (size_t j = 0; j < applied.size() && top; ++j) top = !(applied[j] && above[j] && j != i);
          if (top) tops.push_back(static_cast<int>(i));
        }
        on_branch = filter_for_lineage(tops, branch);
      }
      if (on_branch.size() != 1)
        throw RevisionError("relative target '" + std::string(target) + "': branch '" + branch + "' is " +
                            (on_branch.empty() ? std::string("not applied") : "at several revisions"));
      symbol = g_.revs_[on_branch[0]].id;
    } else {
      // -N: from the first version row, as Alembic does (it warns that this
      // is ambiguous with several rows), staying on that row's line.
      if (current.empty()) throw did_not_produce(target, steps);
      symbol = g_.revs_[current[0]].id;
      branch = symbol;
    }
  }
  int found = walk(revision(branch.empty() ? symbol : branch + "@" + symbol), steps, "");
  if (found == kNowhere) throw did_not_produce(target, steps);
  return found == kBase ? kFromBase : found;
}

std::vector<Step> RevisionTraversal::upgrade(const std::vector<std::string>& current_ids,
                                             std::string_view target) const {
  Ids current = to_indexes(current_ids);
  Ids targets = upgrade_targets(current, target);
  check_no_overlap(targets);
  check_no_overlap(current);
  auto needed = ancestors(targets, true), applied = ancestors(current, true);
  for (size_t i = 0; i < needed.size(); ++i) needed[i] = needed[i] && !applied[i];
  Ids order = alembic_order(needed, targets);
  std::vector<Step> steps;
  for (auto it = order.rbegin(); it != order.rend(); ++it) steps.push_back({g_.revs_[*it].id, true});
  return steps;
}

std::vector<Step> RevisionTraversal::downgrade(const std::vector<std::string>& current_ids,
                                               std::string_view target) const {
  Ids current = to_indexes(current_ids);
  std::string branch;
  const int destination = downgrade_target(current, target, branch);
  // What goes: everything built on the destination's children (by
  // down_revision), dependents included; to base, on every base.
  Ids roots = destination == kFromBase ? bases_ : g_.children_[destination];
  if (!branch.empty() && roots.size() > 1) {
    auto leading = ancestors({branch_revision(branch)}, false);
    std::erase_if(roots, [&](int r) { return !leading[r]; });
    if (roots.empty())
      throw RevisionError("'" + std::string(target) + "' is not a valid downgrade target from the current heads");
  }
  auto doomed = descendants(roots, true), applied = ancestors(current, true);
  bool any = false;
  for (size_t i = 0; i < doomed.size(); ++i) {
    doomed[i] = doomed[i] && applied[i];
    any = any || doomed[i];
  }
  if (destination != kFromBase && !any &&
      std::find(current.begin(), current.end(), destination) == current.end())
    throw RevisionError("destination " + g_.revs_[destination].id +
                        " is not a valid downgrade target from current head(s) " +
                        (current_ids.empty() ? std::string("<base>") : join(current_ids)));
  std::vector<Step> steps;
  for (int r : alembic_order(doomed, current)) steps.push_back({g_.revs_[r].id, false});
  return steps;
}

}  // namespace strata::core
