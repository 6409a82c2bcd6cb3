// A Session is one connection to one database, as the runner needs it:
// execute SQL, read a column of strings, transactions, and a lock held for a
// whole run. Drivers implement it over SOCI; ScriptSink implements it by
// printing SQL for offline `--sql` runs, so the runner cannot tell the two
// apart. Errors are DatabaseError (exit 1) with the password redacted.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/dialect.h"
#include "core/inspector.h"

namespace strata::core {

class Session {
 public:
  virtual ~Session() = default;
  virtual const Dialect& dialect() const = 0;
  /// Runs one statement.
  virtual void execute(const std::string& sql) = 0;
  /// Runs a query and returns its first column as strings (NULL as "").
  virtual std::vector<std::string> query_column(const std::string& sql) = 0;
  /// Runs a query and returns its rows, NULL as nullopt (offline: none).
  virtual std::vector<std::vector<std::optional<std::string>>> query_rows(const std::string& sql) = 0;
  /// True if the table exists.
  virtual bool has_table(const std::string& schema, const std::string& name) = 0;
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  /// Takes the run lock for KEY (a version table), waiting up to TIMEOUT;
  /// throws DatabaseError when it cannot. Released by unlock() or on close.
  virtual void lock(const std::string& key, std::chrono::milliseconds timeout) = 0;
  virtual void unlock() = 0;
  /// The live tables, for operations that rebuild a table (SQLite).
  virtual const TableLookup& tables() = 0;
  /// Reads the live schema (autogenerate, check).
  virtual Inspector& inspector() = 0;
  /// Told about each operation after it ran (offline sinks track the schema).
  virtual void applied(const Op&) {}
  /// A comment line, shown in offline output only.
  virtual void comment(const std::string&) {}
  /// True for ScriptSink: nothing reaches a database.
  virtual bool offline() const { return false; }
};

}  // namespace strata::core
