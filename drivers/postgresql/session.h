// PostgreSQL through SOCI's postgresql backend (libpq; in the static build opened
// on the first connection, libpq_loader.h).
// The run lock is a session-level advisory lock keyed by the version table,
// waited for with lock_timeout, so concurrent `upgrade` runs serialise.
#pragma once

#include "drivers/common/soci_session.h"
#include "drivers/postgresql/dialect.h"
#include "drivers/postgresql/inspector.h"

namespace strata::drivers::postgresql {

class PostgresSession : public SociSession {
 public:
  /// Connects; a failure is one DatabaseError line naming host and database.
  explicit PostgresSession(const core::DatabaseUrl& url);
  ~PostgresSession() override;

  const core::Dialect& dialect() const override { return dialect_; }
  bool has_table(const std::string& schema, const std::string& name) override;
  void begin() override;
  void lock(const std::string& key, std::chrono::milliseconds timeout) override;
  void unlock() override;
  const core::TableLookup& tables() override { return no_tables_; }
  core::Inspector& inspector() override { return inspector_; }

 protected:
  /// libpq says the connection is bad (the server ended it, stopped, crashed).
  bool lost(const std::exception& e) const override;
  /// The server's last notice: why it ended the connection, when it said so.
  std::string lost_detail() const override { return notice_; }

 private:
  PostgresDialect dialect_;
  core::NoTables no_tables_;  // PostgreSQL alters tables in place: no operation needs the live table
  PostgresInspector inspector_{*this};
  std::string notice_;  ///< the last FATAL, PANIC or WARNING the server sent (libpq would print it)
  long long lock_key_ = 0;
  bool locked_ = false;
};

/// The libpq connection string for URL (keyword=value, values quoted).
std::string connection_string(const core::DatabaseUrl& url);

}  // namespace strata::drivers::postgresql
