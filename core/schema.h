// The schema model: plain values describing tables as declared in models.yaml,
// written in a create_table operation, or reflected from a live database.
// Everything is looked up by name; there are no back-pointers, so values can
// be copied, compared and built as literals in tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace strata::core {

/// A foreign key: table-level, or a column's short form (one column).
struct ForeignKey {
  std::string name;  ///< empty: filled in by the naming convention
  std::vector<std::string> columns;
  std::string referred_schema;  ///< empty: the table's own schema
  std::string referred_table;
  std::vector<std::string> referred_columns;
  std::string ondelete;  ///< empty: not given
  std::string onupdate;
  bool operator==(const ForeignKey&) const = default;
};

struct Column {
  std::string name;
  std::string type;  ///< as written: a portable name (`string(255)`) or a native one
  bool nullable = true;
  bool primary_key = false;
  std::optional<std::string> server_default;  ///< SQL expression, as written
  std::optional<std::string> comment;
  bool unique = false;  ///< the `unique: true` shortcut
  bool index = false;   ///< the `index: true` shortcut
  std::optional<bool> autoincrement;  ///< unset: the database decides (SPEC §4)
  std::optional<ForeignKey> foreign_key;  ///< the column-level short form
  bool operator==(const Column&) const = default;
};

/// One key of an index: a column, or an SQL expression (`lower(email)`), with
/// an optional operator class and sort order. A plain string converts to a
/// column key, so plain-column indexes are still built as `{"a", "b"}`: the
/// list keeps the name `columns` (the YAML key) and most call sites do not
/// change; index_column_names() gives the plain names where only they count.
struct IndexElement {
  std::string column;      ///< the column's name; empty for an expression
  std::string expression;  ///< SQL as written; empty for a column
  std::string opclass;     ///< empty: the type's default operator class
  bool descending = false;

  IndexElement() = default;
  IndexElement(std::string column_name) : column(std::move(column_name)) {}  // NOLINT: implicit on purpose
  IndexElement(const char* column_name) : column(column_name) {}             // NOLINT: implicit on purpose
  static IndexElement of_expression(std::string sql) {
    IndexElement e;
    e.expression = std::move(sql);
    return e;
  }
  bool is_expression() const { return column.empty(); }
  /// The column's name or the expression's text, for messages.
  const std::string& text() const { return is_expression() ? expression : column; }
  bool operator==(const IndexElement&) const = default;
};

/// The plain column keys of an index, expressions left out.
inline std::vector<std::string> index_column_names(const std::vector<IndexElement>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys)
    if (!k.is_expression()) out.push_back(k.column);
  return out;
}

struct Index {
  std::string name;
  std::vector<IndexElement> columns;  ///< the keys, in order (see IndexElement)
  bool unique = false;
  std::optional<std::string> where;  ///< partial index predicate
  std::string method;                ///< `using`: empty for the database's default (btree)
  bool operator==(const Index&) const = default;
};

struct UniqueConstraint {
  std::string name;
  std::vector<std::string> columns;
  bool operator==(const UniqueConstraint&) const = default;
};

struct CheckConstraint {
  std::string name;
  std::string condition;
  bool operator==(const CheckConstraint&) const = default;
};

struct Table {
  std::string name;
  std::string schema;  ///< empty: the default schema
  std::optional<std::string> comment;
  std::vector<Column> columns;
  std::vector<Index> indexes;
  std::vector<UniqueConstraint> unique_constraints;
  std::vector<CheckConstraint> check_constraints;
  std::vector<ForeignKey> foreign_keys;
  bool operator==(const Table&) const = default;
};

/// A whole declared or reflected schema.
struct Schema {
  std::vector<Table> tables;
  bool operator==(const Schema&) const = default;
};

}  // namespace strata::core
