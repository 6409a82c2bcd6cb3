// Golden SQL for native enums: PostgreSQL's CREATE/DROP/ALTER TYPE (values
// added in place, a removal or reorder rebuilt), SQLite's VARCHAR columns and
// its silence for the enum operations.
#include <doctest/doctest.h>

#include "core/enums.h"
#include "drivers/postgresql/dialect.h"
#include "drivers/sqlite/dialect.h"

// Its own namespace: the unity build compiles several test files as one.
namespace enums_dialect_test {

using namespace strata;

namespace {

const drivers::postgresql::PostgresDialect pg;
const drivers::sqlite::SqliteDialect lite;

core::Schema moods() {
  core::Schema s;
  s.enums = {{"mood", "", {"happy", "sad", "indifferent"}}, {"status", "sales", {"open"}}};
  return s;
}

core::Table diary(const std::string& schema, const std::string& type) {
  core::Table t;
  t.name = "diary";
  t.schema = schema;
  core::Column c;
  c.name = "feeling";
  c.type = type;
  t.columns = {c};
  return t;
}

}  // namespace

TEST_CASE("PostgreSQL: create, drop and add values in place") {
  core::Schema s = moods();
  core::SchemaLookup lookup(s);
  CHECK(pg.render(core::CreateEnum{"mood", "sales", {"a", "it's"}}, lookup) ==
        std::vector<std::string>{"CREATE TYPE \"sales\".\"mood\" AS ENUM ('a', 'it''s')"});
  CHECK(pg.render(core::DropEnum{"mood", "", {"a"}}, lookup) == std::vector<std::string>{"DROP TYPE \"mood\""});
  CHECK(pg.render(core::AlterEnum{"mood", "", {"first", "a", "mid", "b", "last"}, {"a", "b"}}, lookup) ==
        std::vector<std::string>{"ALTER TYPE \"mood\" ADD VALUE 'first' BEFORE 'a'",
                                 "ALTER TYPE \"mood\" ADD VALUE 'mid' AFTER 'a'",
                                 "ALTER TYPE \"mood\" ADD VALUE 'last' AFTER 'b'"});
  CHECK(pg.render(core::AlterEnum{"mood", "", {"a"}, {"a"}}, lookup).empty());
}

TEST_CASE("PostgreSQL: a value removed or reordered rebuilds the type and converts its columns") {
  core::Schema s = moods();
  core::SchemaLookup lookup(s);
  for (const auto& values : {std::vector<std::string>{"a"}, std::vector<std::string>{"b", "a"}}) {
    auto sql = pg.render(core::AlterEnum{"mood", "sales", values, {"a", "b"}}, lookup);
    REQUIRE(sql.size() == 4);
    CHECK(sql[0] == "ALTER TYPE \"sales\".\"mood\" RENAME TO \"_strata_old_mood\"");
    CHECK(sql[1].starts_with("CREATE TYPE \"sales\".\"mood\" AS ENUM ("));
    CHECK(sql[2].starts_with("DO $strata$"));
    CHECK(sql[2].find("'\"sales\".\"_strata_old_mood\"'::regtype") != std::string::npos);
    CHECK(sql[2].find("TYPE \"sales\".\"mood\" USING %I::text::\"sales\".\"mood\"") != std::string::npos);
    CHECK(sql[3] == "DROP TYPE \"sales\".\"_strata_old_mood\"");
  }
}

TEST_CASE("a column naming a known enum: the qualified type on PostgreSQL, VARCHAR(longest) on SQLite") {
  core::Schema s = moods();
  core::SchemaLookup lookup(s);
  CHECK(pg.render(core::CreateTable{diary("", "mood")}, lookup).front() ==
        "CREATE TABLE \"diary\" (\n    \"feeling\" \"mood\"\n)");
  CHECK(pg.render(core::CreateTable{diary("sales", "status")}, lookup).front() ==
        "CREATE TABLE \"sales\".\"diary\" (\n    \"feeling\" \"sales\".\"status\"\n)");
  CHECK(pg.render(core::CreateTable{diary("sales", "public.mood")}, lookup).front() ==
        "CREATE TABLE \"sales\".\"diary\" (\n    \"feeling\" \"mood\"\n)");
  // Unknown to the lookup: a native type, as written.
  CHECK(pg.render(core::CreateTable{diary("", "status")}, lookup).front() ==
        "CREATE TABLE \"diary\" (\n    \"feeling\" status\n)");
  core::AlterColumn alter;
  alter.table = "diary";
  alter.name = "feeling";
  alter.type = "mood";
  CHECK(pg.render(alter, lookup) ==
        std::vector<std::string>{"ALTER TABLE \"diary\" ALTER COLUMN \"feeling\" TYPE \"mood\" USING \"feeling\"::\"mood\""});

  CHECK(lite.render(core::CreateTable{diary("", "mood")}, lookup).front() ==
        "CREATE TABLE \"diary\" (\n    \"feeling\" VARCHAR(11)\n)");
  core::AddColumn add{"diary", "", diary("", "mood").columns.front()};
  CHECK(lite.render(add, lookup) ==
        std::vector<std::string>{"ALTER TABLE \"diary\" ADD COLUMN \"feeling\" VARCHAR(11)"});
  CHECK(lite.render(core::CreateEnum{"mood", "", {"a"}}, lookup).empty());
  CHECK(lite.render(core::DropEnum{"mood", "", {"a"}}, lookup).empty());
  CHECK(lite.render(core::AlterEnum{"mood", "", {"a"}, {"a", "b"}}, lookup).empty());
}

}  // namespace enums_dialect_test
