#include "core/table_edit.h"
#include "core/text.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <utility>

#include "core/error.h"

namespace strata::core {

namespace {

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Rewrites every identifier FROM in the SQL expression SQL (bare words
// case-insensitively, "quoted" ones exactly; string literals skipped) to TO,
// quoted. With TO null nothing is rewritten. Returns whether FROM occurs.
bool rewrite_identifier(std::string& sql, const std::string& from, const std::string* to) {
  std::string out;
  bool found = false;
  for (size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    size_t j = i + 1;
    if (c == '\'') {  // a string literal; '' is two adjacent literals, which copies the same
      while (j < sql.size() && sql[j] != '\'') ++j;
      out.append(sql, i, ++j - i);
    } else if (c == '"') {
      std::string name;
      for (; j < sql.size(); ++j) {
        if (sql[j] == '"' && (j + 1 >= sql.size() || sql[j + 1] != '"')) break;
        if (sql[j] == '"') ++j;
        name += sql[j];
      }
      ++j;
      const bool match = name == from;
      found = found || match;
      out += match && to ? quoted(*to) : sql.substr(i, j - i);
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_' || sql[j] == '$')) ++j;
      const std::string word = sql.substr(i, j - i);
      const bool match = !std::isdigit(static_cast<unsigned char>(c)) && lower(word) == lower(from);
      found = found || match;
      out += match && to ? quoted(*to) : word;
    } else {
      out += c;
    }
    i = std::min(j, sql.size());
  }
  if (to) sql = out;
  return found;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void rename_in(std::vector<std::string>& names, const std::string& from, const std::string& to) {
  std::replace(names.begin(), names.end(), from, to);
}

// Whether a key of an index is, or its expression names, the column NAME.
bool names_column(std::vector<IndexElement>& keys, const std::string& name) {
  return std::any_of(keys.begin(), keys.end(), [&](IndexElement& k) {
    return k.is_expression() ? rewrite_identifier(k.expression, name, nullptr) : k.column == name;
  });
}

void rename_in(std::vector<IndexElement>& keys, const std::string& from, const std::string& to) {
  for (auto& k : keys) {
    if (k.is_expression()) rewrite_identifier(k.expression, from, &to);
    else if (k.column == from) k.column = to;
  }
}

template <class T, class P> bool erase_if_any(std::vector<T>& v, P pred) { return std::erase_if(v, pred) > 0; }

class Editor {
 public:
  Editor(const Table& table, const Op& op) : t_(table), op_(op) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw DatabaseError(std::string(op_name(op_)) + " on table " + quoted(t_.name) + ": " + what);
  }

  Column& column(const std::string& name) {
    for (auto& c : t_.columns)
      if (c.name == name) return c;
    fail("there is no column " + quoted(name));
  }
  void require_columns(const std::vector<std::string>& names) {
    for (const auto& n : names) column(n);
  }
  bool has_column(const std::string& name) const {
    return std::any_of(t_.columns.begin(), t_.columns.end(), [&](const Column& c) { return c.name == name; });
  }

  Table operator()(const RenameTable& op) { t_.name = op.new_name; return t_; }

  Table operator()(const AddColumn& op) {
    if (has_column(op.column.name)) fail("column " + quoted(op.column.name) + " already exists");
    t_.columns.push_back(op.column);
    return t_;
  }

  Table operator()(const DropColumn& op) {
    column(op.name);
    std::vector<std::string> key = primary_key_columns(t_);
    std::erase(key, op.name);
    std::erase_if(t_.columns, [&](const Column& c) { return c.name == op.name; });
    set_primary_key(t_, key, t_.primary_key.name);
    std::erase_if(t_.indexes, [&](Index& i) {
      return names_column(i.columns, op.name) || (i.where && rewrite_identifier(*i.where, op.name, nullptr));
    });
    std::erase_if(t_.unique_constraints, [&](const UniqueConstraint& u) { return contains(u.columns, op.name); });
    std::erase_if(t_.foreign_keys, [&](const ForeignKey& f) { return contains(f.columns, op.name); });
    std::erase_if(t_.check_constraints,
                  [&](CheckConstraint& c) { return rewrite_identifier(c.condition, op.name, nullptr); });
    return t_;
  }

  Table operator()(const AlterColumn& op) {
    Column& c = column(op.name);
    if (op.type) c.type = *op.type;
    if (op.nullable) c.nullable = *op.nullable;
    if (op.server_default) c.server_default = *op.server_default;
    if (op.comment) c.comment = *op.comment;
    if (!op.new_name || *op.new_name == op.name) return t_;
    if (has_column(*op.new_name)) fail("column " + quoted(*op.new_name) + " already exists");
    const std::string& to = *op.new_name;
    c.name = to;
    if (c.foreign_key) rename_in(c.foreign_key->columns, op.name, to);
    rename_in(t_.primary_key.columns, op.name, to);
    for (auto& i : t_.indexes) {
      rename_in(i.columns, op.name, to);
      if (i.where) rewrite_identifier(*i.where, op.name, &to);
    }
    for (auto& u : t_.unique_constraints) rename_in(u.columns, op.name, to);
    for (auto& f : t_.foreign_keys) {
      rename_in(f.columns, op.name, to);
      if (f.referred_table == t_.name && (f.referred_schema.empty() || f.referred_schema == t_.schema))
        rename_in(f.referred_columns, op.name, to);
    }
    for (auto& k : t_.check_constraints) rewrite_identifier(k.condition, op.name, &to);
    return t_;
  }

  Table operator()(const CreateIndex& op) {
    bool taken = std::any_of(t_.indexes.begin(), t_.indexes.end(), [&](const Index& i) { return i.name == op.name; }) ||
                 std::any_of(t_.columns.begin(), t_.columns.end(),
                             [&](const Column& c) { return c.index && column_index_name(t_, c) == op.name; });
    if (taken) fail("index " + quoted(op.name) + " already exists");
    require_columns(index_column_names(op.columns));
    t_.indexes.push_back(Index{op.name, op.columns, op.unique, op.where, op.method});
    return t_;
  }

  Table operator()(const DropIndex& op) {
    if (erase_if_any(t_.indexes, [&](const Index& i) { return i.name == op.name; })) return t_;
    for (auto& c : t_.columns) {
      if (c.index && column_index_name(t_, c) == op.name) {
        c.index = c.unique = false;  // unique + index is one unique index: dropping it drops both
        return t_;
      }
    }
    fail("there is no index " + quoted(op.name));
  }

  Table operator()(const CreateUniqueConstraint& op) {
    require_columns(op.columns);
    t_.unique_constraints.push_back(UniqueConstraint{op.name, op.columns});
    return t_;
  }

  Table operator()(const CreateForeignKey& op) {
    require_columns(op.key.columns);
    t_.foreign_keys.push_back(op.key);
    return t_;
  }

  Table operator()(const CreateCheckConstraint& op) {
    t_.check_constraints.push_back(CheckConstraint{op.name, op.condition});
    return t_;
  }

  Table operator()(const ValidateConstraint&) { return t_; }  // a check of the rows, no change of the table

  Table operator()(const CreatePrimaryKey& op) {
    require_columns(op.columns);
    set_primary_key(t_, op.columns, op.name);
    return t_;
  }

  Table operator()(const CreateTableComment& op) { t_.comment = op.comment; return t_; }
  Table operator()(const DropTableComment&) { t_.comment.reset(); return t_; }

  Table operator()(const DropConstraint& op) {
    // The named kind first; then any kind, since `type` may be left out.
    if (drop_constraint(op.name, op.type)) return t_;
    for (auto kind : {ConstraintType::kForeignKey, ConstraintType::kUnique, ConstraintType::kCheck})
      if (kind != op.type && drop_constraint(op.name, kind)) return t_;
    fail("there is no constraint " + quoted(op.name));
  }

  template <class O> Table operator()(const O&) {
    throw std::invalid_argument(std::string("apply_to_table: ") + op_name(op_) + " does not edit one table");
  }

 private:
  bool drop_constraint(const std::string& name, ConstraintType kind) {
    switch (kind) {
      case ConstraintType::kPrimary: {  // any name: a table has one primary key
        bool any = false;
        for (auto& c : t_.columns) any = std::exchange(c.primary_key, false) || any;
        t_.primary_key = PrimaryKey{};
        return any;
      }
      case ConstraintType::kCheck:
        return !name.empty() && erase_if_any(t_.check_constraints, [&](const auto& k) { return k.name == name; });
      case ConstraintType::kUnique:
        if (name.empty()) return false;
        if (erase_if_any(t_.unique_constraints, [&](const auto& u) { return u.name == name; })) return true;
        for (auto& c : t_.columns) {
          if (c.unique && !c.index && column_unique_name(t_, c) == name) {
            c.unique = false;
            return true;
          }
        }
        return false;
      case ConstraintType::kForeignKey:
        if (name.empty()) return false;
        if (erase_if_any(t_.foreign_keys, [&](const auto& f) { return f.name == name; })) return true;
        for (auto& c : t_.columns) {
          if (c.foreign_key && c.foreign_key->name == name) {
            c.foreign_key.reset();
            return true;
          }
        }
        return false;
    }
    return false;
  }

  Table t_;
  const Op& op_;
};

}  // namespace

Table apply_to_table(const Table& table, const Op& op) {
  Editor editor(table, op);
  return std::visit(editor, op);
}

Table materialize_shortcuts(Table table) {
  for (auto& c : table.columns) {
    if (c.index) table.indexes.push_back(Index{column_index_name(table, c), {c.name}, c.unique, std::nullopt, ""});
    else if (c.unique) table.unique_constraints.push_back(UniqueConstraint{column_unique_name(table, c), {c.name}});
    c.index = c.unique = false;
    if (c.foreign_key) {
      ForeignKey fk = *c.foreign_key;
      if (fk.columns.empty()) fk.columns = {c.name};
      table.foreign_keys.push_back(std::move(fk));
      c.foreign_key.reset();
    }
  }
  return table;
}

std::string column_index_name(const Table& table, const Column& column) {
  return "ix_" + table.name + "_" + column.name;
}

std::string column_unique_name(const Table& table, const Column& column) {
  return "uq_" + table.name + "_" + column.name;
}

}  // namespace strata::core
