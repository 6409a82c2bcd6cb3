// What an offline script starts with, per dialect (Dialect::script_setup()):
// a MySQL script says it is UTF-8 and sets the session's sql_mode before its
// first statement, once; PostgreSQL and SQLite scripts start with the SQL.
#include <doctest/doctest.h>

#include <sstream>

#include "core/script_sink.h"
#include "drivers/mysql/dialect.h"
#include "drivers/postgresql/dialect.h"
#include "drivers/sqlite/dialect.h"

// Its own namespace: the unity build compiles several test files as one.
namespace script_setup_test {

using namespace strata;

namespace {

std::string script_of(const core::Dialect& dialect) {
  std::ostringstream out;
  core::ScriptSink sink(dialect, out, true);
  sink.begin();
  sink.execute("SELECT 1");
  sink.commit();
  sink.begin();
  sink.execute("SELECT 2");
  sink.commit();
  return out.str();
}

}  // namespace

TEST_CASE("a MySQL script names its character set and sql_mode once, first") {
  const drivers::mysql::MysqlDialect my;
  const std::string s = script_of(my);
  CHECK(s.rfind("SET NAMES utf8mb4;\n\nSET SESSION sql_mode = CONCAT_WS(',', @@SESSION.sql_mode, "
                "'NO_BACKSLASH_ESCAPES', 'STRICT_TRANS_TABLES');\n\nBEGIN;\n\nSELECT 1;",
                0) == 0);
  CHECK(s.find("SET NAMES", 1) == std::string::npos);
  // An online session has its character set from the connection: not repeated.
  CHECK(my.session_setup().size() == 1);
  CHECK(my.session_setup().front().rfind("SET SESSION sql_mode", 0) == 0);
}

TEST_CASE("PostgreSQL and SQLite scripts start with their first statement") {
  const drivers::postgresql::PostgresDialect pg;
  const drivers::sqlite::SqliteDialect lite;
  CHECK(script_of(pg).rfind("BEGIN;\n\nSELECT 1;", 0) == 0);
  CHECK(script_of(lite).rfind("BEGIN;\n\nSELECT 1;", 0) == 0);
}

}  // namespace script_setup_test
