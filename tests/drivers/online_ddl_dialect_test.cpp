// The online forms of SPEC §10.4 as each dialect renders them: PostgreSQL's
// CONCURRENTLY, NOT VALID and VALIDATE CONSTRAINT; SQLite and MySQL ignore
// the flags (as Alembic ignores postgresql_* options elsewhere) and validate
// nothing. The session timeouts and the lock-timeout codes of each.
#include <doctest/doctest.h>

#include "drivers/mysql/dialect.h"
#include "drivers/postgresql/dialect.h"
#include "drivers/sqlite/dialect.h"

// Its own namespace: the unity build compiles several test files as one.
namespace online_ddl_dialect_test {

using namespace strata;
using std::chrono::milliseconds;
using V = std::vector<std::string>;

namespace {

struct NoTables : core::TableLookup {
  std::optional<core::Table> table(const std::string&, const std::string&) const override { return std::nullopt; }
};

// posts(id, user_id, price), for SQLite's rebuilds.
struct PostsTable : core::TableLookup {
  std::optional<core::Table> table(const std::string&, const std::string& name) const override {
    if (name != "posts") return std::nullopt;
    core::Table t;
    t.name = "posts";
    for (const char* c : {"id", "user_id", "price"}) {
      core::Column col;
      col.name = c;
      col.type = "integer";
      col.primary_key = std::string(c) == "id";
      t.columns.push_back(col);
    }
    return t;
  }
};

const drivers::postgresql::PostgresDialect pg;
const drivers::sqlite::SqliteDialect sqlite;
const drivers::mysql::MysqlDialect mysql;
const NoTables none;
const PostsTable posts;

core::CreateIndex index(bool unique, bool concurrently) {
  return core::CreateIndex{"ix_posts_user_id", "posts", "", {"user_id"}, unique, std::nullopt, "", concurrently};
}

core::CreateForeignKey foreign_key(bool not_valid) {
  core::ForeignKey fk;
  fk.name = "fk_posts_user_id_users";
  fk.columns = {"user_id"};
  fk.referred_table = "users";
  fk.referred_columns = {"id"};
  return core::CreateForeignKey{"posts", "", fk, not_valid};
}

}  // namespace

TEST_CASE("PostgreSQL renders CONCURRENTLY, NOT VALID and VALIDATE CONSTRAINT") {
  CHECK(pg.render(index(false, true), none) ==
        V{"CREATE INDEX CONCURRENTLY \"ix_posts_user_id\" ON \"posts\" (\"user_id\")"});
  CHECK(pg.render(index(true, true), none) ==
        V{"CREATE UNIQUE INDEX CONCURRENTLY \"ix_posts_user_id\" ON \"posts\" (\"user_id\")"});
  core::CreateIndex partial = index(false, true);
  partial.schema = "app";
  partial.where = "price > 0";
  partial.method = "hash";
  CHECK(pg.render(partial, none) ==
        V{"CREATE INDEX CONCURRENTLY \"ix_posts_user_id\" ON \"app\".\"posts\" USING \"hash\" (\"user_id\") "
          "WHERE price > 0"});
  CHECK(pg.render(index(false, false), none) == V{"CREATE INDEX \"ix_posts_user_id\" ON \"posts\" (\"user_id\")"});
  CHECK(pg.render(core::DropIndex{"ix", "posts", "app", true}, none) == V{"DROP INDEX CONCURRENTLY \"app\".\"ix\""});
  CHECK(pg.render(core::DropIndex{"ix", "posts", "", false}, none) == V{"DROP INDEX \"ix\""});
  CHECK(pg.render(foreign_key(true), none) ==
        V{"ALTER TABLE \"posts\" ADD CONSTRAINT \"fk_posts_user_id_users\" FOREIGN KEY(\"user_id\") REFERENCES "
          "\"users\" (\"id\") NOT VALID"});
  CHECK(pg.render(foreign_key(false), none)[0].find("NOT VALID") == std::string::npos);
  CHECK(pg.render(core::CreateCheckConstraint{"ck", "posts", "", "price >= 0", true}, none) ==
        V{"ALTER TABLE \"posts\" ADD CONSTRAINT \"ck\" CHECK (price >= 0) NOT VALID"});
  CHECK(pg.render(core::ValidateConstraint{"we\"ird", "posts", "app"}, none) ==
        V{"ALTER TABLE \"app\".\"posts\" VALIDATE CONSTRAINT \"we\"\"ird\""});
}

TEST_CASE("SQLite and MySQL ignore concurrently and not_valid, and validate nothing") {
  CHECK(sqlite.render(index(false, true), none) == sqlite.render(index(false, false), none));
  CHECK(sqlite.render(core::DropIndex{"ix", "posts", "", true}, none) == V{"DROP INDEX \"ix\""});
  CHECK(sqlite.render(foreign_key(true), posts) == sqlite.render(foreign_key(false), posts));
  CHECK(sqlite.render(core::CreateCheckConstraint{"ck", "posts", "", "price >= 0", true}, posts) ==
        sqlite.render(core::CreateCheckConstraint{"ck", "posts", "", "price >= 0", false}, posts));
  CHECK(sqlite.render(core::ValidateConstraint{"ck", "posts", ""}, posts).empty());

  CHECK(mysql.render(index(true, true), none) == V{"CREATE UNIQUE INDEX `ix_posts_user_id` ON `posts` (`user_id`)"});
  CHECK(mysql.render(core::DropIndex{"ix", "posts", "", true}, none) == V{"DROP INDEX `ix` ON `posts`"});
  CHECK(mysql.render(foreign_key(true), none) == mysql.render(foreign_key(false), none));
  CHECK(mysql.render(core::CreateCheckConstraint{"ck", "posts", "", "price >= 0", true}, none) ==
        V{"ALTER TABLE `posts` ADD CONSTRAINT `ck` CHECK (price >= 0)"});
  CHECK(mysql.render(core::ValidateConstraint{"ck", "posts", ""}, none).empty());
}

TEST_CASE("session timeouts per dialect") {
  CHECK(pg.session_timeouts(milliseconds(5000), milliseconds(120000)) ==
        V{"SET lock_timeout = 5000", "SET statement_timeout = 120000"});
  CHECK(pg.session_timeouts(std::nullopt, milliseconds(250)) == V{"SET statement_timeout = 250"});
  CHECK(pg.session_timeouts(std::nullopt, std::nullopt).empty());
  // MySQL waits whole seconds, rounded up; MariaDB's statement time takes fractions.
  CHECK(mysql.session_timeouts(milliseconds(1500), milliseconds(2250)) ==
        V{"SET SESSION lock_wait_timeout = 2", "SET SESSION innodb_lock_wait_timeout = 2",
          "SET SESSION max_statement_time = 2.250"});
  CHECK(mysql.session_timeouts(milliseconds(1), std::nullopt) ==
        V{"SET SESSION lock_wait_timeout = 1", "SET SESSION innodb_lock_wait_timeout = 1"});
  CHECK(mysql.session_timeouts(milliseconds(3000), std::nullopt)[0] == "SET SESSION lock_wait_timeout = 3");
  // SQLite: the lock timeout is the busy timeout; no statement timeout.
  CHECK(sqlite.session_timeouts(milliseconds(800), milliseconds(100)) == V{"PRAGMA busy_timeout = 800"});
  CHECK_FALSE(sqlite.supports_statement_timeout());
  CHECK(pg.supports_statement_timeout());
  CHECK(mysql.supports_statement_timeout());
}

TEST_CASE("lock timeouts are told by the server's own code") {
  CHECK(pg.is_lock_timeout("55P03"));
  CHECK_FALSE(pg.is_lock_timeout("57014"));  // statement_timeout: not retried
  CHECK_FALSE(pg.is_lock_timeout(""));
  CHECK(mysql.is_lock_timeout("1205"));
  CHECK_FALSE(mysql.is_lock_timeout("1969"));  // max_statement_time
  CHECK(sqlite.is_lock_timeout("5"));
  CHECK_FALSE(sqlite.is_lock_timeout("1"));
}

TEST_CASE("only PostgreSQL has invalid indexes to look for") {
  CHECK(pg.invalid_index_query("app", "ix'x") ==
        "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('\"app\".\"ix''x\"') AND NOT indisvalid");
  CHECK(sqlite.invalid_index_query("", "ix").empty());
  CHECK(mysql.invalid_index_query("", "ix").empty());
}

}  // namespace online_ddl_dialect_test
