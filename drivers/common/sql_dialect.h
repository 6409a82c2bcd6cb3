// What the SQLite and PostgreSQL dialects share: identifier quoting, literals,
// the version table, and the builders of CREATE TABLE, CREATE INDEX and
// constraint clauses. A dialect supplies the column types, the column
// definition and the DEFAULT expression through the hooks below, and its own
// render(). Pure: standard library and core only (no SOCI), like core::Dialect.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/column_type.h"
#include "core/dialect.h"
#include "core/overload.h"
#include "drivers/common/sql_expression.h"

namespace strata::drivers::common {

using core::Overload;

/// How a server_default, written as SQL text, is emitted (see classify_default).
enum class DefaultKind {
  kLiteral,     ///< a number, true/false/null, or one 'quoted string': as written
  kKeyword,     ///< CURRENT_TIMESTAMP, CURRENT_DATE, ... (SQL's niladic functions): as written
  kExpression,  ///< contains '(', a quote or '::': SQL, as written (SQLite wraps it in parentheses)
  kText,        ///< anything else, e.g. `active`: plain text, emitted as the string literal 'active'
};

/// The rule for server_default text (SPEC §4 keeps it "as written"): text
/// that is SQL is emitted as is; a bare word or phrase that cannot be SQL
/// (`active`, `n/a`) is what a user means as a string, so it is quoted, as
/// SQLAlchemy quotes a plain-string server_default.
DefaultKind classify_default(std::string_view text);

class SqlDialect : public core::Dialect {
 public:
  std::string quote(std::string_view identifier) const override;
  std::string qualify(std::string_view schema, std::string_view name) const override;
  std::string literal(const core::Literal& value) const override;
  std::string create_version_table(const core::VersionTable& vt) const override;
  std::string render_default(std::string_view server_default) const override {
    return default_expression(server_default);
  }
  /// Upper case, single spaces, no spaces inside the parentheses, then the
  /// dialect's aliases (type_alias) on the name before any '(' or '[]'.
  std::string normalize_type(std::string_view type) const override;
  /// TYPE as this database spells it in its normal form: a portable name
  /// (`string(100)`) mapped to SQL, then normalized (`VARCHAR(100)`).
  std::string sql_type(const std::string& type) const;
  /// Outer parentheses and ::casts dropped, lower case outside quotes, now()
  /// and CURRENT_TIMESTAMP one spelling, '42' and 42 one value.
  std::string normalize_default(std::string_view expression) const override;
  /// normalize_sql_expression() with the rewrites this database makes.
  std::string normalize_expression(std::string_view expression) const override;
  /// Lower case; the dialect's default method ("" when it has none) is "".
  std::string normalize_index_method(std::string_view method) const override;
  /// Without native enums: a VARCHAR as long as the longest value, no CHECK
  /// (SQLAlchemy 1.4's Enum, create_constraint=False).
  std::string enum_column_type(const core::EnumType& type) const override;

  /// Reflection: TABLE's single integer key that the database does not
  /// auto-increment gets autoincrement = false (as SQLAlchemy reflects it),
  /// so that creating the table again does not make it a serial/rowid by
  /// the default rule of autoincrements(). Call once the keys and foreign
  /// keys are known.
  static void mark_plain_integer_key(core::Table& table);

 protected:
  /// The rewrites the database makes to the conditions and expressions it keeps.
  virtual ExpressionRewrites expression_rewrites() const { return {}; }
  /// The index method CREATE INDEX uses when none is given; "" when the
  /// database has no choice of method (then any `using` is refused).
  virtual std::string default_index_method() const { return ""; }
  /// Whether index keys may name an operator class.
  virtual bool supports_operator_classes() const { return false; }
  /// Whether an index key that is an expression is written in parentheses
  /// (PostgreSQL needs them unless it is a plain call; SQLite takes any
  /// expression bare, and keeps the statement as written).
  virtual bool parenthesize_index_expressions() const { return true; }
  /// Whether an index key may be a column's prefix (`"c"(10)`, MySQL).
  virtual bool supports_index_prefix_lengths() const { return false; }
  /// The canonical name for a type name in upper case (INT4 -> INTEGER).
  virtual std::string type_alias(const std::string& name) const { return name; }
  /// TRUE/FALSE or 1/0.
  virtual std::string bool_literal(bool value) const = 0;
  /// `"name" TYPE [DEFAULT ...] [NOT NULL]` for COLUMN of TABLE, without CHECK,
  /// UNIQUE or REFERENCES (those are table-level clauses).
  virtual std::string column_definition(const core::Table& table, const core::Column& column) const = 0;
  /// The expression after DEFAULT for a server_default as written.
  virtual std::string default_expression(std::string_view server_default) const = 0;
  /// MySQL: an enum is a native ENUM('a', 'b') column type, with no CHECK.
  virtual bool native_enums() const { return false; }
  /// True when the primary key of TABLE is written in its column definition.
  virtual bool primary_key_inline(const core::Table&) const { return false; }
  /// What follows CREATE TABLE's closing parenthesis (SQLite: WITHOUT ROWID).
  virtual std::string table_options(const core::Table&) const { return ""; }
  /// SQLite: an index lives in its table's database, named "schema"."index" ON "table".
  virtual bool index_schema_on_name() const { return false; }
  /// The table after REFERENCES: PostgreSQL qualifies it (SQLite cannot).
  virtual std::string referred_table(const core::ForeignKey& fk, const std::string& table_schema) const;

  /// The type mapping both dialects share (integers, string, text, boolean,
  /// date, numeric, json, enum, native); nullopt for the kinds that differ.
  std::optional<std::string> shared_type(const core::PortableType& type) const;
  /// Whether COLUMN is TABLE's single integer primary key that
  /// auto-increments (autoincrement unset: only without server_default and
  /// foreign key, as SQLAlchemy decides).
  static bool autoincrements(const core::Table& table, const core::Column& column);
  /// " COLLATE <name>", the generated clause, then " DEFAULT <expr>", each when set.
  /// Throws for a column with on_update (only MySQL has ON UPDATE).
  std::string default_clause(const core::Column& column) const;
  /// " GENERATED ALWAYS AS (<expr>) [STORED|VIRTUAL]" for a computed column, or "".
  std::string generated_clause(const core::Column& column) const;
  /// A computed column without `persisted`: STORED (PostgreSQL) or VIRTUAL.
  virtual bool computed_stored_by_default() const { return false; }
  /// Whether the database has VIRTUAL generated columns (PostgreSQL does not).
  virtual bool supports_virtual_computed() const { return true; }
  /// `"c" IN ('a', 'b')` for an enum column (SQLAlchemy's non-native enum).
  std::optional<std::string> enum_check(const core::Column& column) const;

  /// CREATE TABLE for TABLE, named AS_NAME when given (the rebuild's temporary table).
  std::string create_table_statement(const core::Table& table, std::string_view as_name = {}) const;
  /// CREATE INDEX statements for TABLE's indexes and its columns' `index: true`.
  std::vector<std::string> create_table_indexes(const core::Table& table) const;
  std::string create_index_statement(const core::Index& index, const std::string& table,
                                     const std::string& schema) const;
  std::string drop_index_statement(const std::string& name, const std::string& schema) const;
  /// `"a", "b"`.
  std::string column_list(const std::vector<std::string>& columns) const;
  std::string unique_clause(const core::UniqueConstraint& uq) const;
  std::string check_clause(const core::CheckConstraint& ck) const;
  std::string foreign_key_clause(const core::ForeignKey& fk, const std::string& table_schema) const;
  std::string primary_key_clause(const std::string& name, const std::vector<std::string>& columns) const;

  /// Statements shared as is by both dialects.
  std::vector<std::string> render_execute(const core::Execute& op) const;
  std::vector<std::string> render_bulk_insert(const core::BulkInsert& op) const;
};

}  // namespace strata::drivers::common
