#include "drivers/registry.h"

#include "core/error.h"
#include "drivers/mysql/scratch.h"
#include "drivers/mysql/session.h"
#include "drivers/postgresql/scratch.h"
#include "drivers/postgresql/session.h"
#include "drivers/scratch.h"
#include "drivers/sqlite/scratch.h"
#include "drivers/sqlite/session.h"

namespace strata::drivers {

std::unique_ptr<core::Session> open_session(const core::DatabaseUrl& url) {
  if (url.dialect == "sqlite") return std::make_unique<sqlite::SqliteSession>(url);
  if (url.dialect == "postgresql") return std::make_unique<postgresql::PostgresSession>(url);
  if (url.dialect == "mysql") return std::make_unique<mysql::MysqlSession>(url);
  throw core::UsageError("no driver for database URL '" + url.redacted() + "'");
}

std::unique_ptr<ScratchDatabase> open_scratch(const core::DatabaseUrl& url) {
  if (url.dialect == "sqlite") return sqlite::open_scratch(url);
  if (url.dialect == "postgresql") return postgresql::open_scratch(url);
  if (url.dialect == "mysql") return mysql::open_scratch(url);
  throw core::UsageError("no driver for database URL '" + url.redacted() + "'");
}

const core::Dialect& dialect_for(const core::DatabaseUrl& url) {
  static const sqlite::SqliteDialect sqlite_dialect;
  static const postgresql::PostgresDialect postgres_dialect;
  static const mysql::MysqlDialect mysql_dialect;
  if (url.dialect == "sqlite") return sqlite_dialect;
  if (url.dialect == "postgresql") return postgres_dialect;
  if (url.dialect == "mysql") return mysql_dialect;
  throw core::UsageError("no dialect for database URL '" + url.redacted() + "'");
}

}  // namespace strata::drivers
