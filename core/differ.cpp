#include "core/differ.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "core/column_type.h"
#include "core/differ_detail.h"
#include "core/progress.h"
#include "core/revision_log.h"
#include "core/text.h"

namespace strata::core::differ_detail {

Diff Differ::run(const Schema& declared, const Schema& live) {
  std::map<std::string, const Table*> want, have;
  for (const auto& t : declared.tables)
    if (!excluded(t)) want[key_of(t)] = &t;
  for (const auto& t : live.tables)
    if (!excluded(t) && !is_version_table(t)) have[key_of(t)] = &t;

  std::vector<const Table*> added, removed;
  for (const auto& [k, t] : want)
    if (!have.count(k)) added.push_back(t);
  for (const auto& [k, t] : have)
    if (!want.count(k)) removed.push_back(t);

  index_enum_columns(declared);
  index_enum_columns(live);
  create_enums(declared, live);
  create_tables(added);
  for (const auto& [k, t] : want)
    if (auto it = have.find(k); it != have.end()) compare_table(*t, *it->second);
  drop_tables(removed, added);
  drop_enums(declared, live);

  std::reverse(downs_.begin(), downs_.end());
  diff_.downgrade = std::move(downs_);
  return std::move(diff_);
}

bool Differ::excluded(const Table& t) const {
  for (const auto& p : o_.exclude_tables)
    if (glob_match(p, t.name) || glob_match(p, key_of(t))) return true;
  return false;
}

bool Differ::is_version_table(const Table& t) const {
  // With the revision log and the mark of a revision in progress (core/progress.h).
  return is_bookkeeping_table(t.schema, t.name, o_.version_table);
}

void Differ::change(std::string kind, const Table& t, std::string object, std::string message) {
  diff_.changes.push_back({std::move(kind), key_of(t), std::move(object), "Detected " + message});
}

void Differ::emit(Op up, Op down, std::string comment) {
  diff_.upgrade.push_back(std::move(up));
  diff_.upgrade_comments.push_back(std::move(comment));
  downs_.push_back(std::move(down));
}

void Differ::create_tables(const std::vector<const Table*>& added) {
  std::map<std::string, const Table*> pending;
  for (const auto* t : added) pending[key_of(*t)] = t;
  std::set<std::string> created;
  std::vector<std::pair<const Table*, ForeignKey>> deferred;
  while (!pending.empty()) {
    const Table* next = nullptr;
    for (const auto& entry : pending) {
      const std::string& k = entry.first;  // no structured binding: clang-14 cannot capture one
      const Table* t = entry.second;
      bool ready = std::all_of(t->foreign_keys.begin(), t->foreign_keys.end(), [&](const ForeignKey& fk) {
        return refers_to(fk, t->schema, k) || !pending.count(referred_key(fk, t->schema));
      });
      if (ready) {
        next = t;
        break;
      }
    }
    Table table = next ? *next : *pending.begin()->second;  // none ready: a cycle; break it here
    if (!next) {
      std::erase_if(table.foreign_keys, [&](const ForeignKey& fk) {
        bool waits = !refers_to(fk, table.schema, key_of(table)) && pending.count(referred_key(fk, table.schema));
        if (waits) deferred.push_back({pending.begin()->second, fk});
        return waits;
      });
    }
    change("add_table", table, "", "added table '" + key_of(table) + "'");
    emit(CreateTable{table}, DropTable{table.name, table.schema});
    pending.erase(key_of(table));
  }
  for (const auto& [t, fk] : deferred) {
    change("add_fk", *t, fk.name, "added foreign key '" + fk.name + "' (" + join(fk.columns) + ") -> " +
                                      fk.referred_table + "(" + join(fk.referred_columns) + ") on table '" +
                                      key_of(*t) + "'");
    emit(CreateForeignKey{t->name, t->schema, fk},
         DropConstraint{fk.name, t->name, t->schema, ConstraintType::kForeignKey});
  }
}

void Differ::drop_tables(std::vector<const Table*> removed, const std::vector<const Table*>& added) {
  std::vector<const Table*> order;
  std::set<std::string> done;
  std::function<void(const Table*, int)> visit = [&](const Table* t, int depth) {
    if (done.count(key_of(*t)) || depth > 1000) return;
    done.insert(key_of(*t));
    // Tables that refer to T go first.
    for (const auto* other : removed)
      for (const auto& fk : other->foreign_keys)
        if (other != t && refers_to(fk, other->schema, key_of(*t))) visit(other, depth + 1);
    order.push_back(t);
  };
  for (const auto* t : removed) visit(t, 0);
  for (const auto* t : order) {
    std::string comment;
    for (const auto* a : added) {
      if (same_shape(*a, *t)) {
        comment = "strata: possible rename of table '" + key_of(*t) + "' to '" + key_of(*a) +
                  "': drop_table loses its rows; use rename_table if it was renamed";
        diff_.warnings.push_back("possible rename of table '" + key_of(*t) + "' to '" + key_of(*a) +
                                 "' (written as drop + create: check the revision)");
      }
    }
    change("remove_table", *t, "", "removed table '" + key_of(*t) + "'");
    emit(DropTable{t->name, t->schema}, CreateTable{*t}, comment);
  }
}

bool Differ::same_type(const Column& declared, const Column& live) const {
  auto want_enum = enum_of_.find(&declared), have_enum = enum_of_.find(&live);
  const bool want_is = want_enum != enum_of_.end(), have_is = have_enum != enum_of_.end();
  if (want_is || have_is) {
    if (d_.supports_native_enums()) return want_is && have_is && want_enum->second == have_enum->second;
    // Without native enum types the database holds the column type the
    // dialect gave the enum; the dialect says what matches it.
    if (want_is && !have_is) return d_.enum_column_matches(enum_type_of_.at(&declared), live.type);
  }
  std::string have = d_.normalize_type(live.type);
  if (d_.normalize_type(d_.column_type(declared)) == have) return true;
  // On SQLite only a column typed INTEGER auto-increments, so an
  // auto-increment biginteger/smallinteger key is created as INTEGER.
  return d_.name() == "sqlite" && live.autoincrement.value_or(false) && have == "INTEGER" &&
         parse_column_type(declared.type).is_integer();
}

bool Differ::same_shape(const Table& declared, const Table& live) const {
  if (declared.columns.size() != live.columns.size()) return false;
  for (size_t i = 0; i < declared.columns.size(); ++i)
    if (declared.columns[i].name != live.columns[i].name || !same_type(declared.columns[i], live.columns[i]))
      return false;
  return true;
}

}  // namespace strata::core::differ_detail

namespace strata::core {

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtrack point for the last '*'.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

namespace {

// Where a unique constraint is a unique index, each unique index becomes a
// unique constraint on both sides, so the two spellings compare equal.
Schema unique_indexes_as_constraints(Schema schema) {
  for (auto& t : schema.tables) {
    std::erase_if(t.indexes, [&](const Index& i) {
      // Only plain columns make a unique key; an expression index stays one.
      if (!i.unique || i.where || !i.method.empty() ||
          std::any_of(i.columns.begin(), i.columns.end(), [](const IndexElement& k) {
            return k.is_expression() || !k.opclass.empty() || k.descending || k.length;
          }))
        return false;
      t.unique_constraints.push_back({i.name, index_column_names(i.columns)});
      return true;
    });
  }
  return schema;
}

}  // namespace

Diff diff_schemas(const Schema& declared, const Schema& live, const Dialect& dialect, const DiffOptions& options) {
  if (dialect.unique_constraints_are_indexes())
    return differ_detail::Differ(dialect, options)
        .run(unique_indexes_as_constraints(declared), unique_indexes_as_constraints(live));
  return differ_detail::Differ(dialect, options).run(declared, live);
}

}  // namespace strata::core
