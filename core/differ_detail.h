// The differ's internals, shared by its files: differ.cpp (tables and the
// run), differ_columns.cpp (one table's columns), differ_constraints.cpp
// (indexes and constraints). Not part of core's interface: include
// core/differ.h.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/column_type.h"
#include "core/differ.h"
#include "core/text.h"

namespace strata::core::differ_detail {

inline std::string key_of(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}
inline std::string key_of(const Table& t) { return key_of(t.schema, t.name); }

inline const Column* find_column(const Table& t, const std::string& name) {
  for (const auto& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}

// Whether the check LIVE is the CHECK that an enum column of DECLARED gets
// from its type (SQLAlchemy's non-native enum): compared as part of the
// type, not as a constraint of its own.
inline bool is_enum_check(const Table& declared, const CheckConstraint& live) {
  for (const auto& c : declared.columns) {
    auto type = parse_column_type(c.type);
    if (type.kind != PortableType::Kind::kEnum || type.enum_values.empty()) continue;
    if (live.condition.find(c.name) != std::string::npos &&
        live.condition.find("'" + type.enum_values.front() + "'") != std::string::npos)
      return true;
  }
  return false;
}

inline bool same_signature(const ForeignKey& a, const ForeignKey& b) {
  return a.columns == b.columns && a.referred_table == b.referred_table && a.referred_schema == b.referred_schema &&
         a.referred_columns == b.referred_columns;
}

// ON DELETE / ON UPDATE as compared: NO ACTION is the default, case ignored.
inline std::string action(const std::string& a) {
  std::string u = upper(a);
  return u == "NO ACTION" ? "" : u;
}

// The key of the table FK (of a table in SCHEMA) refers to. "public" names
// PostgreSQL's default schema, whose tables have an empty schema.
inline std::string referred_key(const ForeignKey& fk, const std::string& schema) {
  const std::string& s = fk.referred_schema.empty() ? schema : fk.referred_schema;
  return key_of(s == "public" ? "" : s, fk.referred_table);
}

// FK (of a table in SCHEMA) names the table KEY.
inline bool refers_to(const ForeignKey& fk, const std::string& schema, const std::string& key) {
  return referred_key(fk, schema) == key;
}

class Differ {
 public:
  Differ(const Dialect& dialect, const DiffOptions& options) : d_(dialect), o_(options) {}

  Diff run(const Schema& declared, const Schema& live);

 private:
  bool excluded(const Table& t) const;
  bool is_version_table(const Table& t) const;
  void change(std::string kind, const Table& t, std::string object, std::string message);

  void emit(Op up, Op down, std::string comment = "");
  // New tables, each after the tables its foreign keys refer to. A foreign
  // key that closes a cycle is left out of CREATE TABLE and added after.
  void create_tables(const std::vector<const Table*>& added);
  // Removed tables, each before the tables it refers to.
  void drop_tables(std::vector<const Table*> removed, const std::vector<const Table*>& added);
  bool same_type(const Column& declared, const Column& live) const;
  bool same_shape(const Table& declared, const Table& live) const;

  // Native enums (differ_enums.cpp): which columns use one, enums added or
  // changed (before the tables that use them) and removed (after).
  void index_enum_columns(const Schema& schema);
  void create_enums(const Schema& declared, const Schema& live);
  void drop_enums(const Schema& declared, const Schema& live);
  void enum_change(std::string kind, const EnumType& e, std::string message);

  void compare_table(const Table& want, const Table& have);
  void compare_column(const Table& table, const Column& want, const Column& have);
  // differ_table.cpp: the primary key (its columns, never its name), the
  // table comment, and identity (reported, never migrated).
  static bool primary_key_changes(const Table& want, const Table& have);
  void drop_primary_key(const Table& want, const Table& have);
  void create_primary_key(const Table& want, const Table& have);
  void compare_table_comment(const Table& want, const Table& have);
  void compare_identity(const Table& table, const Column& want, const Column& have);
  void warn_generated(const Table& table, const Column& want, const Column& have);

  // Matching of indexes and constraints: indexes by name, checks by name
  // (by condition when one side has none), unique constraints by name (by
  // columns when the database keeps no name), foreign keys by what they
  // link, since names are often generated.
  static const Index* match(const std::vector<Index>& v, const Index& x);
  static const UniqueConstraint* match(const std::vector<UniqueConstraint>& v, const UniqueConstraint& x);
  static const ForeignKey* match(const std::vector<ForeignKey>& v, const ForeignKey& x);
  const CheckConstraint* match(const std::vector<CheckConstraint>& v, const CheckConstraint& x) const;
  // Conditions, predicates and index expressions are compared in the
  // dialect's normal form (Dialect::normalize_expression).
  bool same_expression(const std::string& a, const std::string& b) const;
  bool same(const Index& a, const Index& b) const;
  bool same(const IndexElement& a, const IndexElement& b) const;
  static bool same(const UniqueConstraint& a, const UniqueConstraint& b);
  static bool same(const ForeignKey& a, const ForeignKey& b);
  void drop_constraints(const Table& want, const Table& have);
  // A constraint the database keeps no name for cannot be dropped by name.
  bool dropable(const std::string& name, const char* what, const Table& t);
  void create_constraints(const Table& want, const Table& have);

  const Dialect& d_;
  const DiffOptions& o_;
  Diff diff_;
  std::vector<Op> downs_;
  std::map<const Column*, std::string> enum_of_;  ///< a column of either side -> the key of its enum
  std::map<const Column*, EnumType> enum_type_of_;  ///< the same columns -> their enum
};

}  // namespace strata::core::differ_detail
