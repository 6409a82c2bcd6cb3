#include "core/differ.h"
#include "core/text.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "core/column_type.h"

namespace strata::core {

namespace {

std::string key_of(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}
std::string key_of(const Table& t) { return key_of(t.schema, t.name); }

const Column* find_column(const Table& t, const std::string& name) {
  for (const auto& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}

// Whether the check LIVE is the CHECK that an enum column of DECLARED gets
// from its type (SQLAlchemy's non-native enum): compared as part of the
// type, not as a constraint of its own.
bool is_enum_check(const Table& declared, const CheckConstraint& live) {
  for (const auto& c : declared.columns) {
    auto type = parse_column_type(c.type);
    if (type.kind != PortableType::Kind::kEnum || type.enum_values.empty()) continue;
    if (live.condition.find(c.name) != std::string::npos &&
        live.condition.find("'" + type.enum_values.front() + "'") != std::string::npos)
      return true;
  }
  return false;
}

bool same_signature(const ForeignKey& a, const ForeignKey& b) {
  return a.columns == b.columns && a.referred_table == b.referred_table && a.referred_schema == b.referred_schema &&
         a.referred_columns == b.referred_columns;
}

// ON DELETE / ON UPDATE as compared: NO ACTION is the default, case ignored.
std::string action(const std::string& a) {
  std::string u = upper(a);
  return u == "NO ACTION" ? "" : u;
}

// The key of the table FK (of a table in SCHEMA) refers to. "public" names
// PostgreSQL's default schema, whose tables have an empty schema.
std::string referred_key(const ForeignKey& fk, const std::string& schema) {
  const std::string& s = fk.referred_schema.empty() ? schema : fk.referred_schema;
  return key_of(s == "public" ? "" : s, fk.referred_table);
}

// FK (of a table in SCHEMA) names the table KEY.
bool refers_to(const ForeignKey& fk, const std::string& schema, const std::string& key) {
  return referred_key(fk, schema) == key;
}

class Differ {
 public:
  Differ(const Dialect& dialect, const DiffOptions& options) : d_(dialect), o_(options) {}

  Diff run(const Schema& declared, const Schema& live) {
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

    create_tables(added);
    for (const auto& [k, t] : want)
      if (auto it = have.find(k); it != have.end()) compare_table(*t, *it->second);
    drop_tables(removed, added);

    std::reverse(downs_.begin(), downs_.end());
    diff_.downgrade = std::move(downs_);
    return std::move(diff_);
  }

 private:
  bool excluded(const Table& t) const {
    for (const auto& p : o_.exclude_tables)
      if (glob_match(p, t.name) || glob_match(p, key_of(t))) return true;
    return false;
  }
  bool is_version_table(const Table& t) const {
    return t.name == o_.version_table.name && t.schema == o_.version_table.schema;
  }

  void change(std::string kind, const Table& t, std::string object, std::string message) {
    diff_.changes.push_back({std::move(kind), key_of(t), std::move(object), "Detected " + message});
  }
  void emit(Op up, Op down, std::string comment = "") {
    diff_.upgrade.push_back(std::move(up));
    diff_.upgrade_comments.push_back(std::move(comment));
    downs_.push_back(std::move(down));
  }

  // --- tables ---------------------------------------------------------------

  // New tables, each after the tables its foreign keys refer to. A foreign
  // key that closes a cycle is left out of CREATE TABLE and added after.
  void create_tables(const std::vector<const Table*>& added) {
    std::map<std::string, const Table*> pending;
    for (const auto* t : added) pending[key_of(*t)] = t;
    std::set<std::string> created;
    std::vector<std::pair<const Table*, ForeignKey>> deferred;
    while (!pending.empty()) {
      const Table* next = nullptr;
      for (const auto& [k, t] : pending) {
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

  // Removed tables, each before the tables it refers to.
  void drop_tables(std::vector<const Table*> removed, const std::vector<const Table*>& added) {
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

  bool same_type(const Column& declared, const Column& live) const {
    std::string have = d_.normalize_type(live.type);
    if (d_.normalize_type(d_.column_type(declared)) == have) return true;
    // On SQLite only a column typed INTEGER auto-increments, so an
    // auto-increment biginteger/smallinteger key is created as INTEGER.
    return d_.name() == "sqlite" && live.autoincrement.value_or(false) && have == "INTEGER" &&
           parse_column_type(declared.type).is_integer();
  }

  bool same_shape(const Table& declared, const Table& live) const {
    if (declared.columns.size() != live.columns.size()) return false;
    for (size_t i = 0; i < declared.columns.size(); ++i)
      if (declared.columns[i].name != live.columns[i].name || !same_type(declared.columns[i], live.columns[i]))
        return false;
    return true;
  }

  // --- one table --------------------------------------------------------------

  void compare_table(const Table& want, const Table& have) {
    drop_constraints(want, have);
    std::vector<const Column*> added_columns, removed_columns;
    for (const auto& c : want.columns)
      if (!find_column(have, c.name)) added_columns.push_back(&c);
    for (const auto& c : have.columns)
      if (!find_column(want, c.name)) removed_columns.push_back(&c);

    for (const auto* c : added_columns) {
      std::string comment;
      for (const auto* r : removed_columns)
        if (same_type(*c, *r)) {
          comment = "strata: possible rename of column '" + key_of(have) + "." + r->name + "' to '" + c->name +
                    "': use alter_column with new_name to keep its data";
          diff_.warnings.push_back("possible rename of column '" + key_of(have) + "." + r->name + "' to '" + c->name +
                                   "' (written as add + drop: check the revision)");
        }
      change("add_column", want, c->name, "added column '" + key_of(want) + "." + c->name + "'");
      emit(AddColumn{want.name, want.schema, *c}, DropColumn{want.name, c->name, want.schema}, comment);
    }
    for (const auto& c : want.columns)
      if (const Column* h = find_column(have, c.name)) compare_column(want, c, *h);
    create_constraints(want, have);
    for (const auto* c : removed_columns) {
      change("remove_column", have, c->name, "removed column '" + key_of(have) + "." + c->name + "'");
      Column restored = *c;
      emit(DropColumn{have.name, c->name, have.schema}, AddColumn{have.name, have.schema, restored});
    }
  }

  void compare_column(const Table& table, const Column& want, const Column& have) {
    const std::string where = "'" + key_of(table) + "." + want.name + "'";
    AlterColumn up, down;
    up.table = down.table = table.name;
    up.schema = down.schema = table.schema;
    up.name = down.name = want.name;
    bool changed = false;

    if (o_.compare_type && !same_type(want, have)) {
      change("modify_type", table, want.name,
             "type change from " + have.type + " to " + d_.column_type(want) + " on " + where);
      up.type = want.type;
      down.type = have.type;
      changed = true;
    }
    bool want_nullable = want.nullable && !want.primary_key;
    if (want_nullable != have.nullable) {
      change("modify_nullable", table, want.name, (want_nullable ? "NULL on column " : "NOT NULL on column ") + where);
      up.nullable = want_nullable;
      down.nullable = have.nullable;
      changed = true;
    }
    if (o_.compare_server_default && !have.autoincrement.value_or(false)) {
      auto norm = [&](const std::optional<std::string>& v, bool declared) -> std::optional<std::string> {
        if (!v) return std::nullopt;
        return d_.normalize_default(declared ? d_.render_default(*v) : *v);
      };
      if (norm(want.server_default, true) != norm(have.server_default, false)) {
        change("modify_default", table, want.name,
               (want.server_default ? "server default on column " : "removed server default on column ") + where);
        // emplace: assigning an empty optional<string> would leave the
        // outer optional empty ("unchanged") instead of "drop the default".
        up.server_default.emplace(want.server_default);
        down.server_default.emplace(have.server_default);
        changed = true;
      }
    }
    if (d_.supports_comments() && want.comment.value_or("") != have.comment.value_or("")) {
      change("modify_comment", table, want.name,
             (want.comment ? "column comment " : "removed column comment ") + where);
      up.comment.emplace(want.comment);
      down.comment.emplace(have.comment);
      changed = true;
    }
    if (!changed) return;
    // The hints say what the column is before each direction runs.
    up.existing_type = have.type;
    up.existing_nullable = have.nullable;
    up.existing_server_default = have.server_default;
    down.existing_type = want.type;
    down.existing_nullable = want_nullable;
    down.existing_server_default = want.server_default;
    emit(up, down);
  }

  // Matching of indexes and constraints: indexes and checks by name, unique
  // constraints by name (by columns when the database keeps no name),
  // foreign keys by what they link, since names are often generated.
  static const Index* match(const std::vector<Index>& v, const Index& x) {
    for (const auto& i : v)
      if (i.name == x.name) return &i;
    return nullptr;
  }
  static const UniqueConstraint* match(const std::vector<UniqueConstraint>& v, const UniqueConstraint& x) {
    for (const auto& u : v)
      if (u.name == x.name) return &u;
    for (const auto& u : v)
      if ((u.name.empty() || x.name.empty()) && u.columns == x.columns) return &u;
    return nullptr;
  }
  static const ForeignKey* match(const std::vector<ForeignKey>& v, const ForeignKey& x) {
    for (const auto& f : v)
      if (same_signature(f, x)) return &f;
    return nullptr;
  }
  static const CheckConstraint* match(const std::vector<CheckConstraint>& v, const CheckConstraint& x) {
    for (const auto& c : v)
      if (c.name == x.name) return &c;
    return nullptr;
  }
  static bool same(const Index& a, const Index& b) { return a.columns == b.columns && a.unique == b.unique; }
  static bool same(const UniqueConstraint& a, const UniqueConstraint& b) { return a.columns == b.columns; }
  static bool same(const ForeignKey& a, const ForeignKey& b) {
    return action(a.ondelete) == action(b.ondelete) && action(a.onupdate) == action(b.onupdate);
  }

  void drop_constraints(const Table& want, const Table& have) {
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
      if (match(want.check_constraints, c) || is_enum_check(want, c)) continue;
      if (!dropable(c.name, "check constraint", have)) continue;
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
           CreateIndex{i.name, have.name, have.schema, i.columns, i.unique, i.where});
    }
  }

  // A constraint the database keeps no name for cannot be dropped by name.
  bool dropable(const std::string& name, const char* what, const Table& t) {
    if (!name.empty()) return true;
    diff_.warnings.push_back(std::string("an unnamed ") + what + " on '" + key_of(t) +
                             "' is not in the models; it cannot be dropped by name and is left alone");
    return false;
  }

  void create_constraints(const Table& want, const Table& have) {
    const std::string t = key_of(want);
    for (const auto& i : want.indexes) {
      const auto* h = match(have.indexes, i);
      if (h && same(i, *h)) continue;
      change("add_index", want, i.name, "added index '" + i.name + "' on " + t + "(" + join(i.columns) + ")");
      emit(CreateIndex{i.name, want.name, want.schema, i.columns, i.unique, i.where},
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
      if (match(have.check_constraints, c)) continue;
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

  const Dialect& d_;
  const DiffOptions& o_;
  Diff diff_;
  std::vector<Op> downs_;
};

}  // namespace

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

Diff diff_schemas(const Schema& declared, const Schema& live, const Dialect& dialect, const DiffOptions& options) {
  return Differ(dialect, options).run(declared, live);
}

}  // namespace strata::core
