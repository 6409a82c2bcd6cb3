// SQLite through SOCI's sqlite3 backend, linked statically (no run-time
// backend loading). Transactions start with BEGIN IMMEDIATE so the write lock
// is taken up front; a run lock (flock on the database file, which SQLite's own
// fcntl locks do not interfere with) keeps two `upgrade` runs from
// interleaving between revisions.
#pragma once

#include <memory>

#include "drivers/common/soci_session.h"
#include "drivers/sqlite/dialect.h"
#include "drivers/sqlite/inspector.h"

namespace strata::drivers::sqlite {

class SqliteSession : public SociSession {
 public:
  /// Opens (creating if needed) the database file; throws DatabaseError.
  explicit SqliteSession(const core::DatabaseUrl& url);
  ~SqliteSession() override;

  const core::Dialect& dialect() const override { return dialect_; }
  /// Runs every statement of SQL (SOCI's sqlite3 backend would run the
  /// first only, as sqlite3_prepare does): `execute: "A; B"` runs A and B.
  void execute(const std::string& sql) override;
  bool has_table(const std::string& schema, const std::string& name) override;
  void begin() override;
  void lock(const std::string& key, std::chrono::milliseconds timeout) override;
  void unlock() override;
  const core::TableLookup& tables() override;
  core::Inspector& inspector() override { return *inspector_; }

 private:
  SqliteDialect dialect_;
  std::unique_ptr<SqliteInspector> inspector_;
  int lock_fd_ = -1;
};

}  // namespace strata::drivers::sqlite
