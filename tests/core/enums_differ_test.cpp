// The differ and native enums: created before the tables that use them,
// dropped after, values changed by alter_enum, the downgrade the exact
// inverse; on a database without native enums a declared enum column
// matches a VARCHAR.
#include <doctest/doctest.h>

#include "core/differ.h"
#include "core/ops.h"
#include "drivers/postgresql/dialect.h"
#include "drivers/sqlite/dialect.h"

// Its own namespace: the unity build compiles several test files as one.
namespace enums_differ_test {

using namespace strata;
using namespace strata::core;

namespace {

const drivers::postgresql::PostgresDialect pg;
const drivers::sqlite::SqliteDialect lite;

Table table(const std::string& name, const std::string& type) {
  Table t;
  t.name = name;
  Column c;
  c.name = "feeling";
  c.type = type;
  t.columns = {c};
  return t;
}

}  // namespace

TEST_CASE("an enum added before its table; removed after it; the downgrade in reverse") {
  Schema declared;
  declared.enums = {{"mood", "", {"a", "b"}}};
  declared.tables = {table("diary", "mood")};
  Diff d = diff_schemas(declared, Schema{}, pg, {});
  REQUIRE(d.upgrade.size() == 2);
  CHECK(d.upgrade[0] == Op{CreateEnum{"mood", "", {"a", "b"}}});
  CHECK(std::holds_alternative<CreateTable>(d.upgrade[1]));
  REQUIRE(d.downgrade.size() == 2);
  CHECK(std::holds_alternative<DropTable>(d.downgrade[0]));
  CHECK(d.downgrade[1] == Op{DropEnum{"mood", "", {"a", "b"}}});

  Diff back = diff_schemas(Schema{}, declared, pg, {});
  REQUIRE(back.upgrade.size() == 2);
  CHECK(std::holds_alternative<DropTable>(back.upgrade[0]));
  CHECK(back.upgrade[1] == Op{DropEnum{"mood", "", {"a", "b"}}});
  CHECK(back.downgrade[0] == Op{CreateEnum{"mood", "", {"a", "b"}}});
  CHECK(std::holds_alternative<CreateTable>(back.downgrade[1]));
}

TEST_CASE("values changed: alter_enum and its inverse; the same enum is no type change") {
  Schema declared, live;
  declared.enums = {{"mood", "", {"a", "x", "b"}}};
  live.enums = {{"mood", "", {"a", "b"}}};
  declared.tables = live.tables = {table("diary", "mood")};
  Diff d = diff_schemas(declared, live, pg, {});
  REQUIRE(d.upgrade.size() == 1);
  CHECK(d.upgrade[0] == Op{AlterEnum{"mood", "", {"a", "x", "b"}, {"a", "b"}}});
  CHECK(d.downgrade[0] == Op{AlterEnum{"mood", "", {"a", "b"}, {"a", "x", "b"}}});
  CHECK(d.changes.at(0).kind == "modify_enum");
  live.enums = declared.enums;
  CHECK(diff_schemas(declared, live, pg, {}).empty());
}

TEST_CASE("a column from text to an enum (and to another enum) is a type change") {
  Schema declared, live;
  declared.enums = live.enums = {{"mood", "", {"a"}}, {"other", "", {"a"}}};
  declared.tables = {table("diary", "mood")};
  live.tables = {table("diary", "text")};
  Diff d = diff_schemas(declared, live, pg, {});
  REQUIRE(d.upgrade.size() == 1);
  CHECK(std::get<AlterColumn>(d.upgrade[0]).type == "mood");
  CHECK(std::get<AlterColumn>(d.downgrade[0]).type == "text");
  live.tables = {table("diary", "other")};
  CHECK(diff_schemas(declared, live, pg, {}).changes.size() == 1);
}

TEST_CASE("without native enums an enum column matches a VARCHAR of any length, not TEXT") {
  Schema declared, live;
  declared.enums = live.enums = {{"mood", "", {"happy"}}};
  declared.tables = {table("diary", "mood")};
  live.tables = {table("diary", "VARCHAR(3)")};
  CHECK(diff_schemas(declared, live, lite, {}).empty());
  live.tables = {table("diary", "TEXT")};
  Diff d = diff_schemas(declared, live, lite, {});
  REQUIRE(d.upgrade.size() == 1);
  CHECK(std::get<AlterColumn>(d.upgrade[0]).type == "mood");
}

}  // namespace enums_differ_test
