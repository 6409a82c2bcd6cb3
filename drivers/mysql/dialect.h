// SQL for MySQL 8 and MariaDB 10.5+. Identifiers are backquoted. DDL is not
// transactional: every CREATE/ALTER/DROP commits on its own, so the dialect
// says so (transactional_ddl() is false) and the runner compensates a failed
// revision (SPEC §10.1). ALTER COLUMN that changes more than the default is
// MODIFY COLUMN, which restates the whole column: what the operation leaves
// unsaid comes from the live table (online) or the existing_* hints
// (offline), so nullability, default and comment are never lost. Portable
// types map as SQLAlchemy maps them on MySQL (boolean -> BOOL, i.e.
// TINYINT(1); datetime -> DATETIME; enum -> a native ENUM).
#pragma once

#include "drivers/common/sql_dialect.h"

namespace strata::drivers::mysql {

class MysqlDialect : public common::SqlDialect {
 public:
  std::string name() const override { return "mysql"; }
  // CURRENT_TIMESTAMP is in the session's time zone; UTC_TIMESTAMP is not.
  std::string utc_now() const override { return "UTC_TIMESTAMP(3)"; }
  std::string quote(std::string_view identifier) const override;
  std::string column_type(const core::Column& column) const override;
  std::vector<std::string> render(const core::Op& op, const core::TableLookup& tables) const override;
  /// drivers/mysql/lint.cpp
  std::vector<core::LintHit> lint(const core::Op& op, const core::LintScope& scope) const override;
  bool supports_comments() const override { return true; }
  /// An identity key is AUTO_INCREMENT, as SQLAlchemy renders Identity()
  /// here; its start is the table's AUTO_INCREMENT option, and a step other
  /// than 1 is refused (MySQL has none per column).
  bool supports_identity() const override { return false; }
  /// No CREATE TYPE: an enum is the column's own ENUM('a', 'b') type, so the
  /// enum operations render nothing.
  bool supports_native_enums() const override { return false; }
  std::string enum_column_type(const core::EnumType& type) const override;
  bool enum_column_matches(const core::EnumType& type, std::string_view live_type) const override;
  bool transactional_ddl() const override { return false; }
  /// lock_wait_timeout (metadata locks, which DDL waits for) and
  /// innodb_lock_wait_timeout (row locks), both in whole seconds, rounded
  /// up; MariaDB's max_statement_time (seconds; MySQL has none for DDL).
  std::vector<std::string> session_timeouts(std::optional<std::chrono::milliseconds> lock,
                                            std::optional<std::chrono::milliseconds> statement) const override;
  bool is_lock_timeout(const std::string& server_code) const override;
  bool unique_constraints_are_indexes() const override { return true; }
  bool supports_index_prefix_lengths() const override { return true; }
  bool names_primary_keys() const override { return false; }
  std::vector<std::string> session_setup() const override;
  std::vector<std::string> script_setup() const override;
  std::string normalize_type(std::string_view type) const override;
  std::string normalize_default(std::string_view expression) const override;

 protected:
  std::string bool_literal(bool value) const override { return value ? "true" : "false"; }
  std::string column_definition(const core::Table& table, const core::Column& column) const override;
  std::string default_expression(std::string_view server_default) const override;
  std::string type_alias(const std::string& name) const override;
  bool native_enums() const override { return true; }
  std::string default_index_method() const override { return "btree"; }
  common::ExpressionRewrites expression_rewrites() const override {
    // MariaDB and MySQL give a CHECK back with their own parentheses.
    common::ExpressionRewrites r;
    r.grouping = true;
    return r;
  }

 private:
  std::vector<std::string> create_table(const core::Table& table) const;
  std::vector<std::string> add_column(const core::AddColumn& op) const;
  std::vector<std::string> alter_column(const core::AlterColumn& op, const core::TableLookup& tables) const;
  /// DROP COLUMN, after dropping what involves the column and MySQL would
  /// not drop with it (see the definition).
  std::vector<std::string> drop_column(const core::DropColumn& op, const core::TableLookup& tables) const;
  std::string drop_constraint(const core::DropConstraint& op) const;
  std::string create_index(const core::Index& index, const std::string& table, const std::string& schema) const;
  std::string alter_table(const std::string& schema, const std::string& table) const;
  /// `"c" TYPE [NULL|NOT NULL] [DEFAULT ...] [COMMENT '...']` as MODIFY/CREATE write it.
  std::string full_column(const core::Table& table, const core::Column& column) const;
};

}  // namespace strata::drivers::mysql
