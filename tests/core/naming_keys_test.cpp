// The `pk` naming convention and the differ's primary key, table comment
// and identity comparisons.
#include <doctest/doctest.h>

#include "core/differ.h"
#include "core/naming.h"
#include "drivers/mysql/dialect.h"
#include "drivers/postgresql/dialect.h"
#include "drivers/sqlite/dialect.h"

// Its own namespace: the unity build compiles several test files as one.
namespace naming_keys_test {

using namespace strata;
using namespace strata::core;

namespace {

const drivers::postgresql::PostgresDialect pg;
const drivers::sqlite::SqliteDialect lite;

Table pair_table(std::vector<std::string> key) {
  Table t;
  t.name = "pair";
  Column a, b;
  a.name = "a";
  b.name = "b";
  a.type = b.type = "integer";
  a.nullable = b.nullable = false;  // only the key differs between the tables compared
  t.columns = {a, b};
  set_primary_key(t, key, "");
  return t;
}

std::vector<std::string> kinds(const Diff& d) {
  std::vector<std::string> out;
  for (const auto& c : d.changes) out.push_back(c.kind);
  return out;
}

}  // namespace

TEST_CASE("the pk convention names an unnamed primary key; without one it stays unnamed") {
  Schema s{{pair_table({"b", "a"})}};
  Schema unnamed = s;
  apply_naming_convention(unnamed, {{"ix", "ix_{table}_{column_0}"}});
  CHECK(unnamed.tables[0].primary_key.name.empty());
  apply_naming_convention(s, {{"pk", "pk_{table}"}});
  CHECK(s.tables[0].primary_key.name == "pk_pair");
  Schema first{{pair_table({"b", "a"})}};
  apply_naming_convention(first, {{"pk", "pk_{table_name}_{column_0_name}"}});
  CHECK(first.tables[0].primary_key.name == "pk_pair_b");
  // A written name is kept; a table without a key gets none.
  Schema named{{pair_table({"a"})}};
  named.tables[0].primary_key.name = "mine";
  named.tables.push_back(pair_table({}));
  named.tables[1].name = "loose";
  apply_naming_convention(named, {{"pk", "pk_{table}"}});
  CHECK(named.tables[0].primary_key.name == "mine");
  CHECK(named.tables[1].primary_key.name.empty());
}

TEST_CASE("differ: a primary key's name is not compared, its columns and their order are") {
  Table declared = pair_table({"a", "b"});
  declared.primary_key.name = "pk_pair";
  CHECK(diff_schemas({{declared}}, {{pair_table({"a", "b"})}}, pg, {}).empty());

  Diff d = diff_schemas({{declared}}, {{pair_table({"b", "a"})}}, pg, {});
  CHECK(kinds(d) == std::vector<std::string>{"modify_pk"});
  REQUIRE(d.upgrade.size() == 2);
  CHECK(d.upgrade[0] == Op{DropConstraint{"pair_pkey", "pair", "", ConstraintType::kPrimary}});
  CHECK(d.upgrade[1] == Op{CreatePrimaryKey{"pk_pair", "pair", "", {"a", "b"}}});
  CHECK(d.downgrade == std::vector<Op>{DropConstraint{"pk_pair", "pair", "", ConstraintType::kPrimary},
                                       CreatePrimaryKey{"pair_pkey", "pair", "", {"b", "a"}}});

  Diff added = diff_schemas({{declared}}, {{pair_table({})}}, pg, {});
  CHECK(kinds(added) == std::vector<std::string>{"add_pk"});
  Diff removed = diff_schemas({{pair_table({})}}, {{declared}}, pg, {});
  CHECK(kinds(removed) == std::vector<std::string>{"remove_pk"});
  CHECK(removed.upgrade == std::vector<Op>{DropConstraint{"pk_pair", "pair", "", ConstraintType::kPrimary}});
}

TEST_CASE("differ: where keys keep no name (MySQL), a changed key is named as the models name it") {
  const drivers::mysql::MysqlDialect my;
  Table declared = pair_table({"a", "b"});
  declared.primary_key.name = "pk_pair";
  Diff d = diff_schemas({{declared}}, {{pair_table({"b", "a"})}}, my, {});
  REQUIRE(d.upgrade.size() == 2);
  CHECK(d.upgrade[0] == Op{DropConstraint{"pk_pair", "pair", "", ConstraintType::kPrimary}});
  CHECK(d.downgrade[1] == Op{CreatePrimaryKey{"pk_pair", "pair", "", {"b", "a"}}});
  // Models that name no key: PostgreSQL's spelling, as elsewhere.
  Diff unnamed = diff_schemas({{pair_table({"a", "b"})}}, {{pair_table({"b", "a"})}}, my, {});
  REQUIRE(unnamed.upgrade.size() == 2);
  CHECK(unnamed.upgrade[0] == Op{DropConstraint{"pair_pkey", "pair", "", ConstraintType::kPrimary}});
}

TEST_CASE("differ: table comments where the dialect keeps them") {
  Table want = pair_table({"a"}), have = pair_table({"a"});
  want.comment = "new";
  have.comment = "old";
  Diff d = diff_schemas({{want}}, {{have}}, pg, {});
  CHECK(kinds(d) == std::vector<std::string>{"add_table_comment"});
  CHECK(d.upgrade == std::vector<Op>{CreateTableComment{"pair", "", "new", "old"}});
  CHECK(d.downgrade == std::vector<Op>{CreateTableComment{"pair", "", "old", "new"}});
  CHECK(diff_schemas({{want}}, {{have}}, lite, {}).empty());
  want.comment.reset();
  Diff dropped = diff_schemas({{want}}, {{have}}, pg, {});
  CHECK(kinds(dropped) == std::vector<std::string>{"remove_table_comment"});
  CHECK(dropped.upgrade == std::vector<Op>{DropTableComment{"pair", "", "old"}});
  CHECK(dropped.downgrade == std::vector<Op>{CreateTableComment{"pair", "", "old", std::nullopt}});
}

TEST_CASE("differ: identity differences are reported with a warning, never migrated") {
  Table want = pair_table({"a"}), have = pair_table({"a"});
  want.columns[0].identity = Identity{false, 100, std::nullopt};
  have.columns[0].autoincrement = true;
  Diff d = diff_schemas({{want}}, {{have}}, pg, {});
  CHECK(kinds(d) == std::vector<std::string>{"modify_identity"});
  CHECK(d.upgrade.empty());
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].find("does not migrate identity") != std::string::npos);
  // Same identity (start unset in the model: not compared); SQLite keeps none.
  have.columns[0].identity = Identity{false, 100, 5};
  CHECK(diff_schemas({{want}}, {{have}}, pg, {}).empty());
  have.columns[0].identity->always = true;
  CHECK(kinds(diff_schemas({{want}}, {{have}}, pg, {})) == std::vector<std::string>{"modify_identity"});
  CHECK(diff_schemas({{want}}, {{pair_table({"a"})}}, lite, {}).empty());
}

}  // namespace naming_keys_test
