#include "core/online_ddl.h"

#include <set>
#include <utility>

namespace strata::core {

namespace {

using Key = std::pair<std::string, std::string>;  // (schema, table)

std::set<Key> table_keys(const Schema& s) {
  std::set<Key> out;
  for (const auto& t : s.tables) out.insert({t.schema, t.name});
  return out;
}

// One direction. KEPT: the tables that exist before and after the revision.
// The validations go last, after every other operation has committed and
// let go of its locks (and after any index a validation can use is built).
bool rewrite(std::vector<Op>& ops, std::vector<std::string>* comments, const std::set<Key>& kept) {
  bool changed = false;
  std::vector<Op> validations;
  for (auto& op : ops) {
    auto on_kept = [&](const std::string& schema, const std::string& table) { return kept.count({schema, table}) > 0; };
    if (auto* c = std::get_if<CreateIndex>(&op); c && on_kept(c->schema, c->table)) {
      c->concurrently = changed = true;
    } else if (auto* d = std::get_if<DropIndex>(&op); d && on_kept(d->schema, d->table)) {
      d->concurrently = changed = true;
    } else if (auto* f = std::get_if<CreateForeignKey>(&op); f && on_kept(f->schema, f->table) && !f->key.name.empty()) {
      f->not_valid = changed = true;
      validations.push_back(ValidateConstraint{f->key.name, f->table, f->schema});
    } else if (auto* k = std::get_if<CreateCheckConstraint>(&op); k && on_kept(k->schema, k->table) && !k->name.empty()) {
      k->not_valid = changed = true;
      validations.push_back(ValidateConstraint{k->name, k->table, k->schema});
    }
  }
  for (auto& v : validations) {
    ops.push_back(std::move(v));
    if (comments) comments->push_back("");
  }
  return changed;
}

}  // namespace

bool make_online(Diff& diff, const Schema& declared, const Schema& live) {
  std::set<Key> kept;
  const auto before = table_keys(live), after = table_keys(declared);
  for (const auto& k : before)
    if (after.count(k)) kept.insert(k);
  const bool up = rewrite(diff.upgrade, &diff.upgrade_comments, kept);
  const bool down = rewrite(diff.downgrade, nullptr, kept);
  return up || down;
}

}  // namespace strata::core
