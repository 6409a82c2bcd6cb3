#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "core/compensation.h"

// Its own namespace: the unity build compiles several test files as one.
namespace compensation_test {

using namespace strata::core;

namespace {

struct Tables : TableLookup {
  std::map<std::string, Table> by_name;
  std::optional<Table> table(const std::string&, const std::string& name) const override {
    auto it = by_name.find(name);
    if (it == by_name.end()) return std::nullopt;
    return it->second;
  }
};

Column col(std::string name, std::string type, bool nullable = true, bool primary_key = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  c.primary_key = primary_key;
  return c;
}

Tables users_table() {
  Table t;
  t.name = "users";
  t.columns = {col("id", "integer", false, true), col("email", "string(100)", false), col("old", "integer")};
  t.columns[2].comment = "legacy";
  t.indexes = {{"ix_users_old", {"old"}, false, std::nullopt, ""}};
  t.unique_constraints = {{"uq_users_email", {"email"}}};
  t.check_constraints = {{"ck_users_old", "old > 0"}};
  t.foreign_keys = {{"fk_users_old_users", {"old"}, "", "users", {"id"}, "CASCADE", ""}};
  Tables tables;
  tables.by_name["users"] = t;
  return tables;
}

}  // namespace

TEST_CASE("creations are undone by drops, without looking at the tables") {
  Tables none;
  Table t;
  t.name = "tags";
  CHECK(inverse_of(CreateTable{t}, none).ops == std::vector<Op>{DropTable{"tags", ""}});
  CHECK(inverse_of(AddColumn{"users", "", col("age", "integer")}, none).ops ==
        std::vector<Op>{DropColumn{"users", "age", ""}});
  CHECK(inverse_of(CreateIndex{"ix", "users", "", {"a"}, false, std::nullopt, ""}, none).ops ==
        std::vector<Op>{DropIndex{"ix", "users", ""}});
  CHECK(inverse_of(CreateForeignKey{"users", "", {"fk", {"a"}, "", "t", {"id"}, "", ""}}, none).ops ==
        std::vector<Op>{DropConstraint{"fk", "users", "", ConstraintType::kForeignKey}});
  CHECK(inverse_of(RenameTable{"a", "b", ""}, none).ops == std::vector<Op>{RenameTable{"b", "a", ""}});
  CHECK(!inverse_needs_table(CreateTable{t}));
  CHECK(inverse_needs_table(DropTable{"users", ""}));
}

TEST_CASE("drops are undone from the table as it was, and say what cannot come back") {
  auto tables = users_table();
  auto dropped = inverse_of(DropTable{"users", ""}, tables);
  REQUIRE(dropped.ops.size() == 1);
  CHECK(std::get<CreateTable>(dropped.ops[0]).table == tables.by_name["users"]);
  CHECK(dropped.loss == "the rows of table 'users'");

  auto column = inverse_of(DropColumn{"users", "old", ""}, tables);
  REQUIRE(column.ops.size() == 4);  // the column, its index, its check, its foreign key
  CHECK(std::get<AddColumn>(column.ops[0]).column.comment == "legacy");
  CHECK(std::get<CreateIndex>(column.ops[1]).name == "ix_users_old");
  CHECK(std::get<CreateCheckConstraint>(column.ops[2]) == CreateCheckConstraint{"ck_users_old", "users", "", "old > 0"});
  CHECK(std::get<CreateForeignKey>(column.ops[3]).key.name == "fk_users_old_users");
  CHECK(column.loss.find("the values of column 'users.old'") == 0);

  CHECK(inverse_of(DropIndex{"ix_users_old", "users", ""}, tables).ops ==
        std::vector<Op>{CreateIndex{"ix_users_old", "users", "", {"old"}, false, std::nullopt, ""}});
  CHECK(inverse_of(DropConstraint{"ck_users_old", "users", "", ConstraintType::kCheck}, tables).ops ==
        std::vector<Op>{CreateCheckConstraint{"ck_users_old", "users", "", "old > 0"}});
  CHECK(inverse_of(DropConstraint{"uq_users_email", "users", "", ConstraintType::kUnique}, tables).ops ==
        std::vector<Op>{CreateUniqueConstraint{"uq_users_email", "users", "", {"email"}}});
  // What the table does not have cannot be recreated: named as lost.
  auto missing = inverse_of(DropIndex{"ix_nope", "users", ""}, tables);
  CHECK(missing.ops.empty());
  CHECK(missing.loss == "index 'ix_nope'");
}

TEST_CASE("alter_column is undone by the reverse change, renames included") {
  auto tables = users_table();
  AlterColumn up;
  up.table = "users";
  up.name = "email";
  up.new_name = "mail";
  up.type = "text";
  up.nullable = true;
  auto inv = inverse_of(up, tables);
  REQUIRE(inv.ops.size() == 1);
  const auto& back = std::get<AlterColumn>(inv.ops[0]);
  CHECK(back.name == "mail");
  CHECK(back.new_name == "email");
  CHECK(back.type == "string(100)");
  CHECK(back.nullable == false);
  CHECK(!back.server_default);  // the default was not changed: not touched back
  CHECK(back.existing_type == "text");
  CHECK(back.existing_nullable == true);
}

TEST_CASE("raw SQL and inserted rows have no inverse: the loss is named") {
  Tables none;
  CHECK(inverse_of(Execute{"UPDATE x SET y = 1", std::nullopt}, none).ops.empty());
  CHECK(inverse_of(Execute{"UPDATE x SET y = 1", std::nullopt}, none).loss == "what `UPDATE x SET y = 1` did");
  // The statement on one line, whitespace runs made one space, long ones cut.
  CHECK(inverse_of(Execute{"UPDATE x\n   SET y = 1;\n", std::nullopt}, none).loss == "what `UPDATE x SET y = 1;` did");
  const std::string long_sql = "INSERT INTO x VALUES ('" + std::string(300, 'a') + "')";
  CHECK(inverse_of(Execute{long_sql, std::nullopt}, none).loss == "what `" + long_sql.substr(0, 200) + "...` did");
  CHECK(inverse_of(BulkInsert{"users", "", {}}, none).loss == "the rows it inserted into 'users'");
}

TEST_CASE("an added column with a foreign key is undone by dropping the key first") {
  Tables none;
  Column c = col("owner_id", "integer");
  c.foreign_key = ForeignKey{"fk_users_owner", {}, "", "users", {"id"}, "", ""};
  // Named or not, the live table says which keys to drop: the key's own
  // statement may be the one that failed.
  auto named = inverse_of(AddColumn{"posts", "", c}, none);
  CHECK(named.ops == std::vector<Op>{DropColumn{"posts", "owner_id", ""}});
  CHECK(named.drop_foreign_keys_of == std::string("owner_id"));
  Tables keyless;
  Table bare;
  bare.name = "posts";
  bare.columns = {col("id", "integer", false, true), col("owner_id", "integer")};
  keyless.by_name["posts"] = bare;
  CHECK(inverse_ops(named, "posts", "", keyless) == std::vector<Op>{DropColumn{"posts", "owner_id", ""}});

  // Unnamed in the file: the database named it, so the live table says which keys to drop.
  c.foreign_key->name.clear();
  auto unnamed = inverse_of(AddColumn{"posts", "", c}, none);
  CHECK(unnamed.ops == std::vector<Op>{DropColumn{"posts", "owner_id", ""}});
  REQUIRE(unnamed.drop_foreign_keys_of == std::string("owner_id"));
  Tables live;
  Table posts;
  posts.name = "posts";
  posts.columns = {col("id", "integer", false, true), col("owner_id", "integer"), col("other", "integer")};
  posts.foreign_keys = {{"posts_ibfk_1", {"owner_id"}, "", "users", {"id"}, "", ""},
                        {"posts_ibfk_2", {"other"}, "", "users", {"id"}, "", ""}};
  live.by_name["posts"] = posts;
  CHECK(inverse_ops(unnamed, "posts", "", live) ==
        std::vector<Op>{DropConstraint{"posts_ibfk_1", "posts", "", ConstraintType::kForeignKey},
                        DropColumn{"posts", "owner_id", ""}});
  CHECK(inverse_ops(named, "posts", "", live) == inverse_ops(unnamed, "posts", "", live));
}

TEST_CASE("a dropped column of a several-column index or unique key: both are made again whole, nothing dropped") {
  // The dialect's drop_column dropped them whole (MySQL's drops them first);
  // the undo makes them again with all their columns, after the column.
  auto tables = users_table();
  tables.by_name["users"].indexes.push_back({"ix_users_email_old", {"email", "old"}, false, std::nullopt, ""});
  tables.by_name["users"].unique_constraints.push_back({"uq_users_id_old", {"id", "old"}});
  auto inv = inverse_of(DropColumn{"users", "old", ""}, tables);
  REQUIRE_FALSE(inv.ops.empty());
  CHECK(std::holds_alternative<AddColumn>(inv.ops.front()));
  CHECK(std::find(inv.ops.begin(), inv.ops.end(),
                  Op{CreateIndex{"ix_users_email_old", "users", "", {"email", "old"}, false, std::nullopt, ""}}) !=
        inv.ops.end());
  CHECK(std::find(inv.ops.begin(), inv.ops.end(),
                  Op{CreateUniqueConstraint{"uq_users_id_old", "users", "", {"id", "old"}}}) != inv.ops.end());
  for (const auto& op : inv.ops) {
    CHECK_FALSE(std::holds_alternative<DropIndex>(op));
    CHECK_FALSE(std::holds_alternative<DropConstraint>(op));
  }
}

TEST_CASE("table comment changes are undone to the live comment, not the file's existing_comment") {
  auto tables = users_table();
  tables.by_name["users"].comment = "live words";
  auto set = inverse_of(CreateTableComment{"users", "", "new words", std::string("stale words")}, tables);
  CHECK(set.ops == std::vector<Op>{CreateTableComment{"users", "", "live words", std::string("new words")}});
  auto drop = inverse_of(DropTableComment{"users", "", std::nullopt}, tables);
  CHECK(drop.ops == std::vector<Op>{CreateTableComment{"users", "", "live words", std::nullopt}});
  CHECK(drop.loss.empty());
  CHECK(inverse_needs_table(CreateTableComment{"users", "", "x", std::nullopt}));

  tables.by_name["users"].comment.reset();  // no comment before: setting one is undone by dropping it
  CHECK(inverse_of(CreateTableComment{"users", "", "new", std::string("stale")}, tables).ops ==
        std::vector<Op>{DropTableComment{"users", "", std::string("new")}});
  auto nothing = inverse_of(DropTableComment{"users", "", std::string("stale")}, tables);
  CHECK(nothing.ops.empty());
  CHECK(nothing.loss.empty());
  // An unknown table: the file's word is all there is.
  Tables none;
  CHECK(inverse_of(DropTableComment{"t", "", std::nullopt}, none).loss == "the comment of table 't'");
}

TEST_CASE("several statements in one execute are told from one") {
  CHECK(!several_statements("UPDATE x SET y = 1"));
  CHECK(!several_statements("UPDATE x SET y = 1;"));
  CHECK(!several_statements("UPDATE x SET y = 1; -- done\n  "));
  CHECK(!several_statements("INSERT INTO t VALUES ('a;b'), (\"c;d\")"));
  CHECK(!several_statements("SELECT 1 /* ; not a statement */"));
  CHECK(several_statements("CREATE TABLE a (id int); DROP TABLE b"));
  CHECK(several_statements("UPDATE x SET y = ';';\nUPDATE z SET w = 2"));
  CHECK(several_statements("SELECT 1; 'x'"));
}

TEST_CASE("rows_only: a bulk insert or one DML statement; anything else may commit on its own") {
  CHECK(rows_only(BulkInsert{}));
  CHECK(rows_only(Execute{"INSERT INTO t VALUES (1)", std::nullopt}));
  CHECK(rows_only(Execute{"  -- note\n /* more */ update t SET a = 1;", std::nullopt}));
  CHECK(rows_only(Execute{"WITH x AS (SELECT 1) DELETE FROM t", std::nullopt}));
  CHECK_FALSE(rows_only(Execute{"CREATE TABLE t (id int)", std::nullopt}));
  CHECK_FALSE(rows_only(Execute{"INSERT INTO t VALUES (1); CREATE TABLE u (id int)", std::nullopt}));
  CHECK_FALSE(rows_only(Execute{"-- only a comment", std::nullopt}));
  CHECK_FALSE(rows_only(Execute{"/* unterminated", std::nullopt}));
  CHECK_FALSE(rows_only(CreateTable{}));
}

TEST_CASE("online forms: a concurrent index is undone concurrently, a validation by nothing") {
  Tables none;
  CHECK(inverse_of(CreateIndex{"ix", "users", "", {"a"}, false, std::nullopt, "", true}, none).ops ==
        std::vector<Op>{DropIndex{"ix", "users", "", true}});
  Tables users = users_table();
  CHECK(inverse_of(DropIndex{"ix_users_old", "users", "", true}, users).ops ==
        std::vector<Op>{CreateIndex{"ix_users_old", "users", "", {"old"}, false, std::nullopt, "", true}});
  CHECK(inverse_of(CreateForeignKey{"users", "", {"fk", {"a"}, "", "t", {"id"}, "", ""}, true}, none).ops ==
        std::vector<Op>{DropConstraint{"fk", "users", "", ConstraintType::kForeignKey}});
  const Inverse v = inverse_of(ValidateConstraint{"fk", "users", ""}, none);
  CHECK(v.ops.empty());
  CHECK(v.loss.empty());
  CHECK_FALSE(inverse_needs_table(ValidateConstraint{"fk", "users", ""}));
}

}  // namespace compensation_test
