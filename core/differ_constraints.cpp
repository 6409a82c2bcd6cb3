// Indexes and constraints of one table: matched, dropped and created.
#include "core/differ_detail.h"
#include "core/text.h"

namespace strata::core::differ_detail {

const Index* Differ::match(const std::vector<Index>& v, const Index& x) {
  for (const auto& i : v)
    if (i.name == x.name) return &i;
  return nullptr;
}

const UniqueConstraint* Differ::match(const std::vector<UniqueConstraint>& v, const UniqueConstraint& x) {
  for (const auto& u : v)
    if (u.name == x.name) return &u;
  for (const auto& u : v)
    if ((u.name.empty() || x.name.empty()) && u.columns == x.columns) return &u;
  return nullptr;
}

const ForeignKey* Differ::match(const std::vector<ForeignKey>& v, const ForeignKey& x) {
  for (const auto& f : v)
    if (same_signature(f, x)) return &f;
  return nullptr;
}

const CheckConstraint* Differ::match(const std::vector<CheckConstraint>& v, const CheckConstraint& x) const {
  for (const auto& c : v)
    if (c.name == x.name) return &c;
  for (const auto& c : v)
    if ((c.name.empty() || x.name.empty()) && same_expression(c.condition, x.condition)) return &c;
  return nullptr;
}

bool Differ::same_expression(const std::string& a, const std::string& b) const {
  return d_.normalize_expression(a) == d_.normalize_expression(b);
}

// A column key is compared as its quoted name in the normal form, so that a
// plain column and an expression naming just that column are one key.
bool Differ::same(const IndexElement& a, const IndexElement& b) const {
  auto text = [&](const IndexElement& e) { return e.is_expression() ? e.expression : d_.quote(e.column); };
  return same_expression(text(a), text(b)) && lower(a.opclass) == lower(b.opclass) && a.descending == b.descending &&
         a.length == b.length;
}

bool Differ::same(const Index& a, const Index& b) const {
  if (a.columns.size() != b.columns.size() || a.unique != b.unique) return false;
  for (size_t k = 0; k < a.columns.size(); ++k)
    if (!same(a.columns[k], b.columns[k])) return false;
  if (d_.normalize_index_method(a.method) != d_.normalize_index_method(b.method)) return false;
  if (a.where.has_value() != b.where.has_value()) return false;
  return !a.where || same_expression(*a.where, *b.where);
}

namespace {

std::string key_list(const std::vector<IndexElement>& keys) {
  std::vector<std::string> texts;
  for (const auto& k : keys) texts.push_back(k.text());
  return join(texts);
}

}  // namespace

bool Differ::same(const UniqueConstraint& a, const UniqueConstraint& b) {
  return a.columns == b.columns;
}

bool Differ::same(const ForeignKey& a, const ForeignKey& b) {
  return action(a.ondelete) == action(b.ondelete) && action(a.onupdate) == action(b.onupdate);
}

void Differ::drop_constraints(const Table& want, const Table& have) {
  const std::string t = key_of(have);
  for (const auto& f : have.foreign_keys) {
    const auto* w = match(want.foreign_keys, f);
    if (w && same(*w, f)) continue;
    if (!dropable(f.name, "foreign key", have)) continue;
    change("remove_fk", have, f.name, "removed foreign key '" + f.name + "' on table '" + t + "'");
    emit(DropConstraint{f.name, have.name, have.schema, ConstraintType::kForeignKey},
         CreateForeignKey{have.name, have.schema, f});
  }
  for (const auto& c : have.check_constraints) {
    const auto* w = match(want.check_constraints, c);
    if ((w && same_expression(w->condition, c.condition)) || (!w && is_enum_check(want, c))) continue;
    if (!dropable(c.name, "check constraint", have)) continue;
    if (w)
      change("remove_check", have, c.name, "changed check constraint '" + c.name + "' on '" + t + "': (" +
                                               c.condition + ") becomes (" + w->condition + ")");
    else
      change("remove_check", have, c.name, "removed check constraint '" + c.name + "' on '" + t + "'");
    emit(DropConstraint{c.name, have.name, have.schema, ConstraintType::kCheck},
         CreateCheckConstraint{c.name, have.name, have.schema, c.condition});
  }
  for (const auto& u : have.unique_constraints) {
    const auto* w = match(want.unique_constraints, u);
    if (w && same(*w, u)) continue;
    if (!dropable(u.name, "unique constraint", have)) continue;
    change("remove_unique", have, u.name, "removed unique constraint '" + u.name + "' on '" + t + "'");
    emit(DropConstraint{u.name, have.name, have.schema, ConstraintType::kUnique},
         CreateUniqueConstraint{u.name, have.name, have.schema, u.columns});
  }
  for (const auto& i : have.indexes) {
    const auto* w = match(want.indexes, i);
    if (w && same(*w, i)) continue;
    change("remove_index", have, i.name, "removed index '" + i.name + "' on '" + t + "'");
    emit(DropIndex{i.name, have.name, have.schema},
         CreateIndex{i.name, have.name, have.schema, i.columns, i.unique, i.where, i.method});
  }
}

bool Differ::dropable(const std::string& name, const char* what, const Table& t) {
  if (!name.empty()) return true;
  diff_.warnings.push_back(std::string("an unnamed ") + what + " on '" + key_of(t) +
                           "' is not in the models; it cannot be dropped by name and is left alone");
  return false;
}

void Differ::create_constraints(const Table& want, const Table& have) {
  const std::string t = key_of(want);
  for (const auto& i : want.indexes) {
    const auto* h = match(have.indexes, i);
    if (h && same(i, *h)) continue;
    change("add_index", want, i.name, "added index '" + i.name + "' on " + t + "(" + key_list(i.columns) + ")");
    emit(CreateIndex{i.name, want.name, want.schema, i.columns, i.unique, i.where, i.method},
         DropIndex{i.name, want.name, want.schema});
  }
  for (const auto& u : want.unique_constraints) {
    const auto* h = match(have.unique_constraints, u);
    if (h && same(u, *h)) continue;
    change("add_unique", want, u.name,
           "added unique constraint '" + u.name + "' on " + t + "(" + join(u.columns) + ")");
    emit(CreateUniqueConstraint{u.name, want.name, want.schema, u.columns},
         DropConstraint{u.name, want.name, want.schema, ConstraintType::kUnique});
  }
  for (const auto& c : want.check_constraints) {
    const auto* h = match(have.check_constraints, c);
    if (h && same_expression(c.condition, h->condition)) continue;
    change("add_check", want, c.name, "added check constraint '" + c.name + "' on '" + t + "'");
    emit(CreateCheckConstraint{c.name, want.name, want.schema, c.condition},
         DropConstraint{c.name, want.name, want.schema, ConstraintType::kCheck});
  }
  for (const auto& f : want.foreign_keys) {
    const auto* h = match(have.foreign_keys, f);
    if (h && same(f, *h)) continue;
    if (h && h->name.empty()) continue;  // could not drop the old one: warned about already
    change("add_fk", want, f.name, "added foreign key '" + f.name + "' (" + join(f.columns) + ") -> " +
                                       f.referred_table + "(" + join(f.referred_columns) + ") on table '" + t + "'");
    emit(CreateForeignKey{want.name, want.schema, f},
         DropConstraint{f.name, want.name, want.schema, ConstraintType::kForeignKey});
  }
}

}  // namespace strata::core::differ_detail
