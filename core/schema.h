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

struct Index {
  std::string name;
  std::vector<std::string> columns;
  bool unique = false;
  std::optional<std::string> where;  ///< partial index predicate
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

/// A native enum type (PostgreSQL's CREATE TYPE ... AS ENUM). A column uses
/// it by naming it as its type: `mood` for an enum of the table's own schema,
/// `sales.status` for one of another schema (core/enums.h).
struct EnumType {
  std::string name;
  std::string schema;  ///< empty: the default schema
  std::vector<std::string> values;  ///< in the type's sort order
  bool operator==(const EnumType&) const = default;
};

/// A whole declared or reflected schema.
struct Schema {
  std::vector<Table> tables;
  std::vector<EnumType> enums = {};  // initialized: Schema{{tables}} stays valid
  bool operator==(const Schema&) const = default;
};

}  // namespace strata::core
