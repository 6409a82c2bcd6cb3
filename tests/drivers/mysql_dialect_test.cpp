// MySQL DDL that differs from the other dialects' in more than spelling.
#include <doctest/doctest.h>

#include <map>

#include "drivers/mysql/dialect.h"
#include "drivers/postgresql/dialect.h"

// Its own namespace: the unity build compiles several test files as one.
namespace mysql_dialect_test {

using namespace strata;

namespace {

struct Tables : core::TableLookup {
  std::map<std::string, core::Table> tables;
  std::optional<core::Table> table(const std::string&, const std::string& name) const override {
    auto it = tables.find(name);
    if (it == tables.end()) return std::nullopt;
    return it->second;
  }
};

core::Column column(std::string name) {
  core::Column c;
  c.name = std::move(name);
  c.type = "integer";
  return c;
}

}  // namespace

TEST_CASE("mysql prefix and descending index keys; other dialects refuse a prefix") {
  core::CreateIndex ix{"ix_bio", "users", "", {"bio", "id"}, true, std::nullopt, ""};
  ix.columns[0].length = 100;
  ix.columns[1].descending = true;
  drivers::mysql::MysqlDialect my;
  CHECK(my.render(ix, Tables{}) ==
        std::vector<std::string>{"CREATE UNIQUE INDEX `ix_bio` ON `users` (`bio`(100), `id` DESC)"});
  drivers::postgresql::PostgresDialect pg;
  CHECK_THROWS_WITH(pg.render(ix, Tables{}),
                    doctest::Contains("index \"ix_bio\": postgresql has no prefix keys (length 100 on bio)"));
}

TEST_CASE("mysql drop_column drops first what involves the column and MySQL would keep or refuse") {
  core::Table t;
  t.name = "visits";
  t.columns = {column("id"), column("a"), column("b"), column("other")};
  t.columns[0].primary_key = true;
  t.unique_constraints = {{"uq_ab", {"a", "b"}}, {"uq_a", {"a"}}, {"uq_other", {"other", "id"}}};
  t.indexes = {{"ix_ba", {"b", "a"}, false, std::nullopt, ""}, {"ix_a", {"a"}, false, std::nullopt, ""}};
  t.check_constraints = {{"ck_sum", "a + b > 0"}, {"ck_b", "b > 0"}};
  t.foreign_keys = {{"fk_a", {"a"}, "", "visits", {"id"}, "", ""}};
  Tables tables;
  tables.tables["visits"] = t;
  drivers::mysql::MysqlDialect my;
  auto sql = my.render(core::DropColumn{"visits", "a", ""}, tables);
  std::vector<std::string> want{
      "ALTER TABLE `visits` DROP FOREIGN KEY `fk_a`", "ALTER TABLE `visits` DROP CONSTRAINT `ck_sum`",
      "ALTER TABLE `visits` DROP INDEX `uq_ab`", "ALTER TABLE `visits` DROP INDEX `ix_ba`",
      "ALTER TABLE `visits` DROP COLUMN `a`"};
  CHECK(sql == want);
  // Without the table (offline, not tracked): the statement alone.
  CHECK(my.render(core::DropColumn{"visits", "a", ""}, Tables{}) ==
        std::vector<std::string>{"ALTER TABLE `visits` DROP COLUMN `a`"});
}

TEST_CASE("mysql identity: the start is the table's AUTO_INCREMENT, a step other than 1 is refused") {
  core::Table t;
  t.name = "tokens";
  t.columns = {column("id")};
  t.columns[0].primary_key = true;
  t.columns[0].nullable = false;
  t.columns[0].identity = core::Identity{false, 100, std::nullopt};
  drivers::mysql::MysqlDialect my;
  auto sql = my.render(core::CreateTable{t}, Tables{});
  REQUIRE(!sql.empty());
  INFO(sql[0]);
  CHECK(sql[0].find(" AUTO_INCREMENT,") != std::string::npos);
  CHECK(sql[0].substr(sql[0].size() - 20) == ") AUTO_INCREMENT=100");
  core::AddColumn add{"other", "", t.columns[0]};
  CHECK(my.render(add, Tables{}).back() == "ALTER TABLE `other` AUTO_INCREMENT = 100");
  t.columns[0].identity->increment = 5;
  CHECK_THROWS_WITH(my.render(core::CreateTable{t}, Tables{}),
                    doctest::Contains("column 'tokens.id': MySQL has no AUTO_INCREMENT step per column "
                                      "(identity increment 5; auto_increment_increment is the server's)"));
}

}  // namespace mysql_dialect_test
