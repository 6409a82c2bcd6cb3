// Golden DDL for both dialects: what each operation renders to, identifier
// quoting, type mapping, defaults, and SQLite's table rebuild.
#include <doctest/doctest.h>

#include <map>

#include "core/error.h"
#include "drivers/postgresql/dialect.h"
#include "drivers/sqlite/dialect.h"

// Its own namespace: the unity build compiles several test files as one.
namespace dialect_test {

using namespace strata;
using core::Column;
using core::Table;

namespace {

struct FakeTables : core::TableLookup {
  std::map<std::string, Table> tables;
  std::optional<Table> table(const std::string&, const std::string& name) const override {
    auto it = tables.find(name);
    if (it == tables.end()) return std::nullopt;
    return it->second;
  }
};

Column col(std::string name, std::string type, bool nullable = true) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  return c;
}

Table users() {
  Table t;
  t.name = "users";
  Column id = col("id", "integer");
  id.primary_key = true;
  Column email = col("email", "string(255)", false);
  email.unique = true;
  email.index = true;
  Column active = col("active", "boolean", false);
  active.server_default = "true";
  Column created = col("created_at", "datetime(timezone=true)", false);
  created.server_default = "now()";
  t.columns = {id, email, active, created};
  return t;
}

const drivers::sqlite::SqliteDialect sqlite;
const drivers::postgresql::PostgresDialect pg;
const FakeTables no_tables;

}  // namespace

TEST_CASE("identifiers are always quoted, quotes doubled") {
  CHECK(pg.quote("users") == "\"users\"");
  CHECK(pg.quote("we\"ird; DROP TABLE x") == "\"we\"\"ird; DROP TABLE x\"");
  CHECK(pg.qualify("app", "users") == "\"app\".\"users\"");
  CHECK(sqlite.qualify("", "users") == "\"users\"");
  CHECK(core::Dialect::quote_string("it's") == "'it''s'");
}

TEST_CASE("the version table is Alembic's") {
  CHECK(pg.create_version_table({"alembic_version", ""}) ==
        "CREATE TABLE \"alembic_version\" (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT "
        "\"alembic_version_pkc\" PRIMARY KEY (version_num)\n)");
  CHECK(pg.insert_version({"v", "s"}, "ab12") == "INSERT INTO \"s\".\"v\" (version_num) VALUES ('ab12')");
  CHECK(pg.update_version({"v", ""}, "a", "b") == "UPDATE \"v\" SET version_num='b' WHERE \"v\".version_num = 'a'");
}

TEST_CASE("create_table on PostgreSQL: SERIAL key, timestamptz, defaults, unique index") {
  auto sql = pg.render(core::CreateTable{users()}, no_tables);
  REQUIRE(sql.size() == 2);
  CHECK(sql[0] ==
        "CREATE TABLE \"users\" (\n"
        "    \"id\" SERIAL NOT NULL, \n"
        "    \"email\" VARCHAR(255) NOT NULL, \n"
        "    \"active\" BOOLEAN DEFAULT true NOT NULL, \n"
        "    \"created_at\" TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, \n"
        "    PRIMARY KEY (\"id\")\n)");
  CHECK(sql[1] == "CREATE UNIQUE INDEX \"ix_users_email\" ON \"users\" (\"email\")");
}

TEST_CASE("create_table on SQLite: INTEGER key, CURRENT_TIMESTAMP for now()") {
  auto sql = sqlite.render(core::CreateTable{users()}, no_tables);
  REQUIRE(sql.size() == 2);
  CHECK(sql[0].find("\"id\" INTEGER NOT NULL") != std::string::npos);
  CHECK(sql[0].find("\"created_at\" DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL") != std::string::npos);
}

TEST_CASE("type mapping") {
  auto pg_type = [](const char* t) { return pg.column_type(col("c", t)); };
  auto lite_type = [](const char* t) { return sqlite.column_type(col("c", t)); };
  CHECK(pg_type("datetime") == "TIMESTAMP WITHOUT TIME ZONE");
  CHECK(pg_type("uuid") == "UUID");
  CHECK(pg_type("binary") == "BYTEA");
  CHECK(pg_type("Numeric(10,2)") == "NUMERIC(10, 2)");
  CHECK(pg_type("jsonb") == "jsonb");
  CHECK(pg_type("varchar(20)[]") == "varchar(20)[]");
  CHECK(pg_type("enum(draft,published)") == "VARCHAR(9)");
  CHECK(lite_type("binary") == "BLOB");
  CHECK(lite_type("uuid") == "CHAR(32)");
  CHECK(lite_type("BigInteger") == "BIGINT");
}

TEST_CASE("server defaults: SQL as written, bare words quoted") {
  auto with_default = [](const char* d) {
    Table t;
    t.name = "t";
    Column c = col("c", "text");
    c.server_default = d;
    t.columns = {c};
    return pg.render(core::CreateTable{t}, no_tables)[0];
  };
  CHECK(with_default("active").find("DEFAULT 'active'") != std::string::npos);
  CHECK(with_default("'x'").find("DEFAULT 'x'") != std::string::npos);
  CHECK(with_default("42").find("DEFAULT 42") != std::string::npos);
  CHECK(with_default("CURRENT_TIMESTAMP").find("DEFAULT CURRENT_TIMESTAMP") != std::string::npos);
  CHECK(with_default("'{}'::jsonb").find("DEFAULT '{}'::jsonb") != std::string::npos);
}

TEST_CASE("foreign keys: actions validated, never passed through") {
  Table t;
  t.name = "posts";
  Column a = col("author_id", "integer");
  core::ForeignKey fk;
  fk.referred_table = "users";
  fk.referred_columns = {"id"};
  fk.ondelete = "cascade";
  a.foreign_key = fk;
  t.columns = {a};
  auto sql = pg.render(core::CreateTable{t}, no_tables)[0];
  CHECK(sql.find("FOREIGN KEY(\"author_id\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE") != std::string::npos);
  t.columns[0].foreign_key->ondelete = "CASCADE; DROP TABLE users";
  CHECK_THROWS_AS(pg.render(core::CreateTable{t}, no_tables), core::ScriptError);
}

TEST_CASE("alter_column on PostgreSQL: each change, the rename last") {
  core::AlterColumn op;
  op.table = "users";
  op.name = "email";
  op.new_name = "mail";
  op.type = "text";
  op.nullable = true;
  op.server_default = std::optional<std::string>();
  op.comment = std::optional<std::string>("the address");
  auto sql = pg.render(op, no_tables);
  REQUIRE(sql.size() == 5);
  CHECK(sql[0] == "ALTER TABLE \"users\" ALTER COLUMN \"email\" TYPE TEXT USING \"email\"::TEXT");
  CHECK(sql[1] == "ALTER TABLE \"users\" ALTER COLUMN \"email\" DROP NOT NULL");
  CHECK(sql[2] == "ALTER TABLE \"users\" ALTER COLUMN \"email\" DROP DEFAULT");
  CHECK(sql[3] == "COMMENT ON COLUMN \"users\".\"email\" IS 'the address'");
  CHECK(sql[4] == "ALTER TABLE \"users\" RENAME COLUMN \"email\" TO \"mail\"");
}

TEST_CASE("constraints on PostgreSQL are ALTER TABLE ... ADD / DROP CONSTRAINT") {
  CHECK(pg.render(core::CreateUniqueConstraint{"uq_a", "t", "s", {"a", "b"}}, no_tables)[0] ==
        "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \"uq_a\" UNIQUE (\"a\", \"b\")");
  CHECK(pg.render(core::CreateCheckConstraint{"ck", "t", "", "a > 0"}, no_tables)[0] ==
        "ALTER TABLE \"t\" ADD CONSTRAINT \"ck\" CHECK (a > 0)");
  CHECK(pg.render(core::DropConstraint{"ck", "t", "", core::ConstraintType::kCheck}, no_tables)[0] ==
        "ALTER TABLE \"t\" DROP CONSTRAINT \"ck\"");
  CHECK(pg.render(core::DropIndex{"ix", "t", "s"}, no_tables)[0] == "DROP INDEX \"s\".\"ix\"");
}

TEST_CASE("SQLite adds a plain column in place") {
  core::AddColumn op;
  op.table = "users";
  op.column = col("bio", "text");
  auto sql = sqlite.render(op, no_tables);
  REQUIRE(sql.size() == 1);
  CHECK(sql[0] == "ALTER TABLE \"users\" ADD COLUMN \"bio\" TEXT");
}

TEST_CASE("SQLite rebuilds a table for what ALTER TABLE cannot do, copying every kept column") {
  FakeTables tables;
  tables.tables["users"] = users();
  core::AlterColumn op;
  op.table = "users";
  op.name = "email";
  op.new_name = "mail";
  op.nullable = true;
  auto sql = sqlite.render(op, tables);
  REQUIRE(sql.size() == 5);
  CHECK(sql[0].rfind("CREATE TABLE \"_strata_tmp_users\" (", 0) == 0);
  CHECK(sql[0].find("\"mail\" VARCHAR(255),") != std::string::npos);
  CHECK(sql[1] ==
        "INSERT INTO \"_strata_tmp_users\" (\"id\", \"mail\", \"active\", \"created_at\") SELECT \"id\", \"email\", "
        "\"active\", \"created_at\" FROM \"users\"");
  CHECK(sql[2] == "DROP TABLE \"users\"");
  CHECK(sql[3] == "ALTER TABLE \"_strata_tmp_users\" RENAME TO \"users\"");
  CHECK(sql[4] == "CREATE UNIQUE INDEX \"ix_users_mail\" ON \"users\" (\"mail\")");
}

TEST_CASE("a SQLite rebuild of a table that does not exist is a clear error") {
  core::DropColumn op{"ghosts", "name", ""};
  CHECK_THROWS_WITH_AS(sqlite.render(op, no_tables), doctest::Contains("\"ghosts\" does not exist"),
                       core::DatabaseError);
}

TEST_CASE("execute with a dialect runs on that dialect only; bulk_insert literals") {
  core::Execute only_pg{"VACUUM", std::string("postgresql")};
  CHECK(pg.render(only_pg, no_tables).size() == 1);
  CHECK(sqlite.render(only_pg, no_tables).empty());
  core::BulkInsert ins;
  ins.table = "t";
  ins.rows = {{{"a", {core::Literal::Kind::kString, "it's"}},
               {"b", {core::Literal::Kind::kBool, "true"}},
               {"c", {core::Literal::Kind::kNull, ""}},
               {"d", {core::Literal::Kind::kInteger, "7"}}}};
  CHECK(pg.render(ins, no_tables)[0] == "INSERT INTO \"t\" (\"a\", \"b\", \"c\", \"d\") VALUES ('it''s', true, NULL, 7)");
  CHECK(sqlite.render(ins, no_tables)[0] == "INSERT INTO \"t\" (\"a\", \"b\", \"c\", \"d\") VALUES ('it''s', 1, NULL, 7)");
}

TEST_CASE("dialects: index keys with expressions, operator classes, order and method") {
  drivers::postgresql::PostgresDialect pg;
  drivers::sqlite::SqliteDialect lite;
  FakeTables none;
  core::CreateIndex op{"ix_users_email", "users", "", {core::IndexElement::of_expression("lower(email)"), "tenant_id"},
                       true, std::string("deleted_at IS NULL"), ""};
  op.columns[1].descending = true;
  CHECK(pg.render(op, none) == std::vector<std::string>{"CREATE UNIQUE INDEX \"ix_users_email\" ON \"users\" "
                                                        "((lower(email)), \"tenant_id\" DESC) WHERE deleted_at IS NULL"});
  // SQLite takes the expression bare, and keeps the statement as written.
  CHECK(lite.render(op, none) == std::vector<std::string>{"CREATE UNIQUE INDEX \"ix_users_email\" ON \"users\" "
                                                          "(lower(email), \"tenant_id\" DESC) WHERE deleted_at IS NULL"});
  core::CreateIndex gin{"ix_docs", "docs", "s", {core::IndexElement::of_expression("to_tsvector('english', body)")},
                        false, std::nullopt, "GIN"};
  CHECK(pg.render(gin, none) ==
        std::vector<std::string>{"CREATE INDEX \"ix_docs\" ON \"s\".\"docs\" USING \"gin\" ((to_tsvector('english', body)))"});
  core::CreateIndex btree{"ix_slug", "t", "", {"slug"}, false, std::nullopt, "btree"};
  btree.columns[0].opclass = "text_pattern_ops";
  CHECK(pg.render(btree, none) ==
        std::vector<std::string>{"CREATE INDEX \"ix_slug\" ON \"t\" (\"slug\" \"text_pattern_ops\")"});
  // SQLite has neither methods nor operator classes: an error naming the index.
  CHECK_THROWS_WITH(lite.render(gin, none), doctest::Contains("index \"ix_docs\": sqlite has no index method 'GIN'"));
  btree.method = "";
  CHECK_THROWS_WITH(lite.render(btree, none),
                    doctest::Contains("index \"ix_slug\": sqlite has no operator classes ('text_pattern_ops' on slug)"));
}

TEST_CASE("sqlite rebuild keeps an expression index") {
  drivers::sqlite::SqliteDialect lite;
  FakeTables tables;
  Table t;
  t.name = "users";
  t.columns = {col("id", "INTEGER"), col("email", "TEXT")};
  t.columns[0].primary_key = true;
  core::Index ix;
  ix.name = "ix_lower";
  ix.columns = {core::IndexElement::of_expression("lower(email)")};
  ix.columns[0].descending = true;
  t.indexes = {ix};
  tables.tables["users"] = t;
  core::AlterColumn alter;
  alter.table = "users";
  alter.name = "email";
  alter.type = "VARCHAR(10)";
  auto sql = lite.render(alter, tables);
  CHECK(sql.back() == "CREATE INDEX \"ix_lower\" ON \"users\" (lower(email) DESC)");
}

}  // namespace dialect_test
