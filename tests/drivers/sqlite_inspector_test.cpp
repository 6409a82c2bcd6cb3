// The SQLite inspector on a real (in-memory) database: every table in one
// pass, names that look like keywords, constraint names from the CREATE
// text, foreign keys in declaration order, partial and expression indexes.
#include <doctest/doctest.h>

#include "core/database_url.h"
#include "drivers/sqlite/session.h"

// Its own namespace: the unity build compiles several test files as one.
namespace sqlite_inspector_test {

using namespace strata;

namespace {

core::Schema reflect_after(const std::vector<std::string>& ddl) {
  drivers::sqlite::SqliteSession session(core::parse_database_url("sqlite://", ""));
  for (const auto& sql : ddl) session.execute(sql);
  return session.inspector().reflect({});
}

}  // namespace

TEST_CASE("sqlite inspector: all tables, keywords as names, named constraints, foreign keys in order") {
  auto schema = reflect_after({
      "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL, CONSTRAINT uq_users_email UNIQUE (email))",
      "CREATE TABLE visits (id INTEGER NOT NULL, check_in DATETIME DEFAULT (CURRENT_TIMESTAMP), \"check\" TEXT, "
      "user_id INTEGER, editor_id INTEGER, price INTEGER CONSTRAINT ck_price CHECK (price >= 0), "
      "PRIMARY KEY (id), "
      "CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE, "
      "FOREIGN KEY (editor_id) REFERENCES users (id))",
      "CREATE INDEX ix_live ON visits (user_id) WHERE check_in IS NOT NULL",
      "CREATE INDEX ix_expr ON visits (lower(\"check\"))",
  });
  REQUIRE(schema.tables.size() == 2);
  const auto& users = schema.tables[0];
  CHECK(users.name == "users");
  REQUIRE(users.columns.size() == 2);
  CHECK(users.columns[0].primary_key);
  CHECK(users.columns[0].autoincrement == std::optional<bool>(true));
  CHECK(!users.columns[1].nullable);
  REQUIRE(users.unique_constraints.size() == 1);
  CHECK(users.unique_constraints[0].name == "uq_users_email");

  const auto& visits = schema.tables[1];
  CHECK(visits.name == "visits");
  REQUIRE(visits.columns.size() == 6);
  CHECK(visits.columns[1].server_default == std::optional<std::string>("CURRENT_TIMESTAMP"));
  CHECK(visits.columns[2].name == "check");
  // Only the real CHECK: not `check_in`, not the column named "check".
  REQUIRE(visits.check_constraints.size() == 1);
  CHECK(visits.check_constraints[0].name == "ck_price");
  CHECK(visits.check_constraints[0].condition == "price >= 0");
  REQUIRE(visits.foreign_keys.size() == 2);
  CHECK(visits.foreign_keys[0].name == "fk_user");
  CHECK(visits.foreign_keys[0].ondelete == "CASCADE");
  CHECK(visits.foreign_keys[1].name == "");
  CHECK(visits.foreign_keys[1].columns == std::vector<std::string>{"editor_id"});
  REQUIRE(visits.indexes.size() == 2);
  CHECK(visits.indexes[0].name == "ix_expr");
  CHECK(visits.indexes[0].columns == std::vector<core::IndexElement>{core::IndexElement::of_expression("lower(\"check\")")});
  CHECK(visits.indexes[1].name == "ix_live");
  CHECK(visits.indexes[1].where == std::optional<std::string>("check_in IS NOT NULL"));
}

TEST_CASE("sqlite inspector: only an INTEGER key is the rowid; another integer key gets autoincrement false") {
  auto schema = reflect_after({"CREATE TABLE a (id INT PRIMARY KEY)", "CREATE TABLE b (id BIGINT PRIMARY KEY)",
                               "CREATE TABLE c (id INTEGER PRIMARY KEY)", "CREATE TABLE d (id TEXT PRIMARY KEY)"});
  REQUIRE(schema.tables.size() == 4);
  CHECK(schema.tables[0].columns[0].autoincrement == std::optional<bool>(false));
  CHECK(schema.tables[1].columns[0].autoincrement == std::optional<bool>(false));
  CHECK(schema.tables[2].columns[0].autoincrement == std::optional<bool>(true));
  CHECK_FALSE(schema.tables[3].columns[0].autoincrement.has_value());  // no integer: nothing to say
}

TEST_CASE("sqlite inspector: one table by name, and a missing one") {
  drivers::sqlite::SqliteSession session(core::parse_database_url("sqlite://", ""));
  session.execute("CREATE TABLE a (x INTEGER); CREATE TABLE \"we\"\"ird\" (y TEXT)");
  auto t = session.tables().table("", "we\"ird");
  REQUIRE(t.has_value());
  CHECK(t->columns.at(0).name == "y");
  CHECK(!session.tables().table("", "nope").has_value());
}

}  // namespace sqlite_inspector_test
