// SQL for SQLite. Its ALTER TABLE can only rename a table or a column and add
// a plain column, so every other change (drop or alter a column, add or drop
// a constraint) is a table rebuild, as Alembic's batch mode does it: create
// the new table under a temporary name, copy the rows, drop the old table,
// rename the new one, recreate the indexes. All of it runs inside the
// revision's transaction, so a failure leaves the old table intact.
#pragma once

#include "drivers/common/sql_dialect.h"

namespace strata::drivers::sqlite {

class SqliteDialect : public common::SqlDialect {
 public:
  std::string name() const override { return "sqlite"; }
  // CURRENT_TIMESTAMP is UTC but whole seconds only.
  std::string utc_now() const override { return "strftime('%Y-%m-%d %H:%M:%f', 'now')"; }
  std::string column_type(const core::Column& column) const override;
  std::vector<std::string> render(const core::Op& op, const core::TableLookup& tables) const override;
  /// drivers/sqlite/lint.cpp
  std::vector<core::LintHit> lint(const core::Op& op, const core::LintScope& scope) const override;
  bool supports_comments() const override { return false; }
  /// An identity primary key is SQLite's INTEGER PRIMARY KEY (the rowid),
  /// as SQLAlchemy renders Identity() there; nothing else is kept.
  bool supports_identity() const override { return false; }
  bool supports_native_enums() const override { return false; }
  /// ddl_lock_timeout is the busy timeout; SQLite has no statement timeout.
  std::vector<std::string> session_timeouts(std::optional<std::chrono::milliseconds> lock,
                                            std::optional<std::chrono::milliseconds> statement) const override;
  bool is_lock_timeout(const std::string& server_code) const override;
  bool supports_statement_timeout() const override { return false; }
  bool parenthesize_index_expressions() const override { return false; }
  /// As the shared rule, and TRUE/FALSE are SQLite's 1/0.
  std::string normalize_default(std::string_view expression) const override;

 protected:
  std::string bool_literal(bool value) const override { return value ? "1" : "0"; }
  std::string column_definition(const core::Table& table, const core::Column& column) const override;
  std::string default_expression(std::string_view server_default) const override;
  bool index_schema_on_name() const override { return true; }
  /// AUTOINCREMENT is written on the key column: PRIMARY KEY goes there too.
  bool primary_key_inline(const core::Table& table) const override;
  std::string table_options(const core::Table& table) const override {
    return table.sqlite_without_rowid ? " WITHOUT ROWID" : "";
  }
  std::string referred_table(const core::ForeignKey& fk, const std::string& table_schema) const override;

 private:
  /// The statements that rebuild TABLE as it is after OP.
  std::vector<std::string> rebuild(const core::Op& op, const std::string& schema, const std::string& table,
                                   const core::TableLookup& tables) const;
  /// ADD COLUMN, when SQLite can do it in place; nullopt when it needs a rebuild.
  std::optional<std::vector<std::string>> add_column_in_place(const core::AddColumn& op) const;
};

}  // namespace strata::drivers::sqlite
