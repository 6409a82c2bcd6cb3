// MySQL and MariaDB through SOCI's mysql backend (libmariadb; in the static
// build opened on the first connection, libmariadb_loader.h). The run lock
// is GET_LOCK on a name derived from the version table, waited for up to
// --lock-timeout, so concurrent `upgrade` runs serialise. MySQL commits DDL
// implicitly, statement by statement: the dialect says so
// (transactional_ddl() == false) and the runner undoes a failed revision's
// finished statements by their inverses.
#pragma once

#include "drivers/common/soci_session.h"
#include "drivers/mysql/dialect.h"
#include "drivers/mysql/inspector.h"

namespace strata::drivers::mysql {

class MysqlSession : public SociSession {
 public:
  /// Connects; a failure is one DatabaseError line naming host and database.
  explicit MysqlSession(const core::DatabaseUrl& url);
  ~MysqlSession() override;

  const core::Dialect& dialect() const override { return dialect_; }
  /// Runs SQL through the client library itself, so an `execute` of several
  /// statements runs all of them (SOCI sends one), each result consumed.
  void execute(const std::string& sql) override;
  bool has_table(const std::string& schema, const std::string& name) override;
  void begin() override;
  void lock(const std::string& key, std::chrono::milliseconds timeout) override;
  void unlock() override;
  const core::TableLookup& tables() override { return lookup_; }
  core::Inspector& inspector() override { return inspector_; }

 protected:
  /// The error is one of a connection gone (lost, killed, server shut down).
  bool lost(const std::exception& e) const override;

 private:
  // MODIFY COLUMN restates the whole column: the live table fills in what
  // an alter_column leaves unsaid (nullability, default, comment).
  struct LiveTables : core::TableLookup {
    explicit LiveTables(MysqlInspector& i) : inspector(i) {}
    std::optional<core::Table> table(const std::string& schema, const std::string& name) const override {
      return inspector.table(schema, name);
    }
    MysqlInspector& inspector;
  };
  MysqlDialect dialect_;
  MysqlInspector inspector_{*this};
  LiveTables lookup_{inspector_};
  std::string lock_name_;
  bool locked_ = false;
};

/// SOCI's mysql connection string for URL (name='value' pairs). Query
/// parameters SOCI knows (charset, unix_socket, ssl*, *_timeout) pass
/// through; any other is a UsageError naming it.
std::string connection_string(const core::DatabaseUrl& url);

}  // namespace strata::drivers::mysql
