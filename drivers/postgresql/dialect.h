// SQL for PostgreSQL. Every operation is done in place with ALTER TABLE;
// DDL is transactional, so a revision's statements commit or roll back
// together. Portable types map as SQLAlchemy maps them (datetime(timezone=
// true) -> TIMESTAMP WITH TIME ZONE, binary -> BYTEA, ...); an auto-increment
// integer key is SERIAL / BIGSERIAL / SMALLSERIAL; comments are COMMENT ON.
#pragma once

#include "drivers/common/sql_dialect.h"

namespace strata::drivers::postgresql {

class PostgresDialect : public common::SqlDialect {
 public:
  std::string name() const override { return "postgresql"; }
  // clock_timestamp(), not now(): now() is the transaction's start, the same
  // for every revision of a run in one transaction.
  std::string utc_now() const override { return "(clock_timestamp() AT TIME ZONE 'UTC')"; }
  std::string column_type(const core::Column& column) const override;
  std::vector<std::string> render(const core::Op& op, const core::TableLookup& tables) const override;
  /// drivers/postgresql/lint.cpp
  std::vector<core::LintHit> lint(const core::Op& op, const core::LintScope& scope) const override;
  bool supports_comments() const override { return true; }
  bool supports_identity() const override { return true; }
  bool supports_native_enums() const override { return true; }
  std::string enum_column_type(const core::EnumType& type) const override { return qualify(type.schema, type.name); }
  std::vector<std::string> session_timeouts(std::optional<std::chrono::milliseconds> lock,
                                            std::optional<std::chrono::milliseconds> statement) const override;
  bool is_lock_timeout(const std::string& server_code) const override;
  bool lock_timeout_exempt(const core::Op& op) const override;
  std::string invalid_index_query(const std::string& schema, const std::string& name) const override;

 protected:
  std::string bool_literal(bool value) const override { return value ? "true" : "false"; }
  /// GENERATED ALWAYS AS (...) STORED: PostgreSQL 12-17 has no VIRTUAL.
  bool computed_stored_by_default() const override { return true; }
  bool supports_virtual_computed() const override { return false; }
  std::string column_definition(const core::Table& table, const core::Column& column) const override;
  std::string default_expression(std::string_view server_default) const override;
  std::string type_alias(const std::string& name) const override;
  /// PostgreSQL adds casts and parentheses, turns IN lists into = ANY
  /// (ARRAY[...]), BETWEEN into two comparisons and LIKE into ~~.
  common::ExpressionRewrites expression_rewrites() const override {
    common::ExpressionRewrites r;
    r.casts = r.grouping = r.in_lists = r.between = r.like_operators = r.numeric_strings = true;
    return r;
  }
  std::string default_index_method() const override { return "btree"; }
  bool supports_operator_classes() const override { return true; }

 private:
  std::vector<std::string> create_table(const core::Table& table) const;
  std::vector<std::string> add_column(const core::AddColumn& op) const;
  std::vector<std::string> alter_column(const core::AlterColumn& op) const;
  std::string comment_on_column(const std::string& schema, const std::string& table, const std::string& column,
                                const std::optional<std::string>& comment) const;
  std::string alter_table(const std::string& schema, const std::string& table) const;
  std::string comment_on_table(const std::string& schema, const std::string& table,
                               const std::optional<std::string>& comment) const;
  std::string create_enum(const std::string& schema, const std::string& name,
                          const std::vector<std::string>& values) const;
  std::vector<std::string> alter_enum(const core::AlterEnum& op) const;
  std::string convert_enum_columns(const std::string& old_type, const std::string& new_type) const;
};

}  // namespace strata::drivers::postgresql
